#!/usr/bin/env node
// Generates syntaxes/pactum.tmLanguage.json from the rules below.
//
// The grammar is written here, not by hand in JSON, because the reserved words and the
// identifier pattern appear in many regexes. The word lists come from lexicon.json, which
// tests/lexicon.rs writes from the parser's one table of words (src/syntax/lexicon.rs) and
// checks against it; `npm test` checks that the committed JSON is what this script produces.
//
//   node scripts/build-grammar.js          write the JSON
//   node scripts/build-grammar.js --check  fail if the committed JSON is stale

"use strict";

const fs = require("node:fs");
const path = require("node:path");

const OUTPUT = path.join(__dirname, "..", "syntaxes", "pactum.tmLanguage.json");

/** The words of the language, from src/syntax/lexicon.rs (see tests/lexicon.rs). */
const LEXICON = require("./lexicon.json");

/** Words that start a top-level item. */
const ITEM_KEYWORDS = LEXICON.item;
/**
 * Words that start an item only first on a line outside braces, when something other than
 * a comma, `=`, `)` or a comment follows on the line (`weekend friday, saturday`,
 * `holiday 2026-12-25`), and are names elsewhere.
 */
const SOFT_ITEM_KEYWORDS = LEXICON.soft_item;
/** Reserved words: never identifiers (item keywords included). */
const RESERVED = LEXICON.reserved;
/** Units of a duration (`90 days`). */
const TIME_UNITS = LEXICON.time_units;
/** Scales of an amount of money (`USD 5 billion`). */
const SCALES = LEXICON.scales;

const alt = (words) => words.join("|");
// A unit of a duration: one word, or `business day(s)`, one unit of two words.
const UNIT = `business\\s+days?|${alt(TIME_UNITS)}`;

// An identifier as pest reads it: ASCII, not a reserved word.
const IDENT = `(?!(?:${alt(RESERVED)})\\b)[A-Za-z_][A-Za-z0-9_]*`;
// The start of the next item: ends any item region that is still open (item keywords are
// reserved, so they cannot occur inside an item). `term` is the one item keyword that also
// occurs inside items (`end of term`), so it starts an item only first on its line, which
// is where src/syntax/split.rs cuts a file anyway.
const INNER_ITEM_KEYWORDS = ["term"];
// A soft item word starts an item where src/syntax/split.rs cuts for it: first on its
// line, with something other than a comma, `=`, `)` or a comment after it.
const SOFT_FOLLOWS = "(?=[ \\t]+[^,=)/\\s])";
const SOFT_ITEM_START = `^\\s*(?:${alt(SOFT_ITEM_KEYWORDS)})\\b${SOFT_FOLLOWS}`;
const NEXT_ITEM =
  `(?=\\b(?:${alt(ITEM_KEYWORDS.filter((k) => !INNER_ITEM_KEYWORDS.includes(k)))})\\b)` +
  `|(?=^\\s*(?:${alt(INNER_ITEM_KEYWORDS)})\\b)|(?=${SOFT_ITEM_START})`;
// Inside a clause, `section "6.5"` and `amount USD 2,000` are lines of the clause: as in
// src/syntax/split.rs, only one in the first column starts a new item there.
const CLAUSE_LINE_ITEMS = ["section", "amount"];
const NEXT_ITEM_IN_CLAUSE =
  `(?=\\b(?:${alt(
    ITEM_KEYWORDS.filter((k) => !CLAUSE_LINE_ITEMS.includes(k) && !INNER_ITEM_KEYWORDS.includes(k)),
  )})\\b|^(?:${alt(CLAUSE_LINE_ITEMS)})\\b)` + `|(?=^\\s*(?:${alt(INNER_ITEM_KEYWORDS)})\\b)` +
  // A soft item word (`interest`, `period`) in the first column after a clause starts the
  // next item; indented, inside the clause, it is a name.
  `|(?=^(?:${alt(SOFT_ITEM_KEYWORDS)})\\b${SOFT_FOLLOWS})`;
const DATE = "\\d{4}-\\d{2}-\\d{2}";
// `2,000`, `666,666.66` (commas group three digits, as in amounts) or `1_000.5`.
const NUMBER = "(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d[\\d_]*(?:\\.\\d+)?)";
// Digits directly after a word character belong to that word (`v2`), so numbers start at
// a boundary that is not a letter, digit or underscore.
const NB = "(?<![\\w.])";

const scope = (name) => `${name}.pactum`;

/**
 * A top-level item: `KEYWORD [NAME]` then its own patterns until the next item keyword,
 * which is how src/syntax/split.rs cuts a file too. (Ending block items right after
 * their `}` instead would be fooled by a `}` at the end of a comment before the body.)
 */
function item(keyword, nameScope, patterns, end = NEXT_ITEM) {
  return {
    name: scope(`meta.item.${keyword}`),
    begin: `\\b(${keyword})\\b(?:\\s+(${IDENT}))?`,
    beginCaptures: {
      1: { name: scope(`keyword.declaration.${keyword}`) },
      2: { name: scope(nameScope) },
    },
    end,
    patterns,
  };
}

/** The `{ ... }` body of a clause, fact, cover or assert. */
function body(kind, patterns, next = NEXT_ITEM) {
  return {
    name: scope(`meta.block.${kind}`),
    begin: "\\{",
    beginCaptures: { 0: { name: scope("punctuation.section.block.begin") } },
    end: `(\\})|${next}`,
    endCaptures: { 1: { name: scope("punctuation.section.block.end") } },
    patterns,
  };
}

const include = (name) => ({ include: `#${name}` });

const repository = {
  comments: {
    patterns: [
      {
        name: scope("comment.line.documentation"),
        begin: "///(?!/)",
        beginCaptures: { 0: { name: scope("punctuation.definition.comment") } },
        end: "$",
      },
      {
        name: scope("comment.line.double-slash"),
        begin: "//",
        beginCaptures: { 0: { name: scope("punctuation.definition.comment") } },
        end: "$",
      },
      {
        name: scope("comment.block"),
        begin: "/\\*",
        beginCaptures: { 0: { name: scope("punctuation.definition.comment.begin") } },
        end: "\\*/",
        endCaptures: { 0: { name: scope("punctuation.definition.comment.end") } },
      },
    ],
  },

  // Strings end at the closing quote; pest does not let them span lines, so an
  // unterminated one ends at the end of its line instead of swallowing the file.
  string: {
    name: scope("string.quoted.double"),
    begin: '"',
    beginCaptures: { 0: { name: scope("punctuation.definition.string.begin") } },
    end: '(")|$',
    endCaptures: { 1: { name: scope("punctuation.definition.string.end") } },
    patterns: [{ name: scope("constant.character.escape"), match: "\\\\." }],
  },

  // `openai_ip.research`: a path into a subject tree.
  path: {
    match: `\\b${IDENT}(?:\\.${IDENT})+\\b`,
    captures: {
      0: {
        name: scope("variable.other.subject"),
        patterns: [{ name: scope("punctuation.accessor.dot"), match: "\\." }],
      },
    },
  },
  identifier: { name: scope("variable.other"), match: `\\b${IDENT}\\b` },
  names: { patterns: [include("path"), include("identifier")] },

  comma: { name: scope("punctuation.separator.comma"), match: "," },
  parens: {
    patterns: [
      { name: scope("punctuation.section.parens.begin"), match: "\\(" },
      { name: scope("punctuation.section.parens.end"), match: "\\)" },
    ],
  },
  braces: {
    patterns: [
      { name: scope("punctuation.section.block.begin"), match: "\\{" },
      { name: scope("punctuation.section.block.end"), match: "\\}" },
    ],
  },

  date: { name: scope("constant.numeric.date"), match: `${NB}${DATE}\\b` },
  number: { name: scope("constant.numeric"), match: `${NB}${NUMBER}\\b` },
  tbd: { name: scope("constant.language.tbd"), match: "\\btbd\\b" },
  percent: {
    match: `${NB}(${NUMBER})\\s*(%)`,
    captures: {
      1: { name: scope("constant.numeric.percent") },
      2: { name: scope("keyword.other.unit.percent") },
    },
  },
  // `USD 5 billion`
  money: {
    match: `\\b([A-Z]{3})\\s+(${NUMBER})\\b(?:\\s+(${alt(SCALES)})\\b)?`,
    captures: {
      1: { name: scope("constant.other.currency") },
      2: { name: scope("constant.numeric.money") },
      3: { name: scope("keyword.other.unit.scale") },
    },
  },
  value: { patterns: [include("tbd"), include("money"), include("percent"), include("number")] },

  // An amount expression: `15 % of net_revenue - USD 4,000`, `greater of (a, b)`,
  // `x / 3 rounded to 0.01`, `split into a, b`, `tiered by rank { 1..10: 7.5 %, 11..: 15 % }`,
  // `share at 12`.
  "amount-expr": {
    patterns: [
      {
        match: "\\b(tiered)\\b(?:\\s+(by)\\b)?",
        captures: {
          1: { name: scope("support.function.amount") },
          2: { name: scope("support.function.amount") },
        },
      },
      {
        // `schedule by fiscal_year { FY1999: …, … }`, `USD 10,000 increasing by 3 %`.
        match: "\\b(schedule|increasing)\\s+(by)\\b",
        captures: {
          1: { name: scope("support.function.amount") },
          2: { name: scope("support.function.amount") },
        },
      },
      {
        // `sum of running_royalties`: a sum over a recurring clause's instalments.
        match: `\\b(sum)\\s+(of)\\s+(${IDENT})\\b`,
        captures: {
          1: { name: scope("support.function.amount") },
          2: { name: scope("support.function.amount") },
          3: { name: scope("variable.other.clause") },
        },
      },
      {
        // `for year 2017`, `paid in the previous contract_year`, `for the calendar year`:
        // the period a sum is over.
        match: `\\b(for|paid\\s+in)\\s+(?:(the)\\s+)?(?:(previous|next)\\s+)?(?:(calendar)\\s+)?(${IDENT})(?:\\s+((?:FY)?\\d[A-Za-z0-9-]*)\\b)?`,
        captures: {
          1: { name: scope("keyword.other.period") },
          2: { name: scope("keyword.other.period") },
          3: { name: scope("keyword.other.period") },
          4: { name: scope("keyword.other.period") },
          5: { name: scope("entity.name.type.period") },
          6: { name: scope("constant.other.period-label") },
        },
      },
      {
        // `net_sales[2017-Q2]`: one period's value of an input.
        match: `\\b(${IDENT})(\\[)([A-Za-z0-9-]+)(\\])`,
        captures: {
          1: { name: scope("variable.other.amount") },
          2: { name: scope("punctuation.section.brackets") },
          3: { name: scope("constant.other.period-label") },
          4: { name: scope("punctuation.section.brackets") },
        },
      },
      {
        // `each contract_year after 3`: the escalation's period and first step.
        match: `\\b(each)\\s+(${IDENT})\\s+(after|from)\\b`,
        captures: {
          1: { name: scope("keyword.other.period") },
          2: { name: scope("entity.name.type.period") },
          3: { name: scope("keyword.other.period") },
        },
      },
      { name: scope("constant.numeric.range"), match: "\\b\\d[\\d,]*\\.\\.(?:\\d[\\d,]*)?" },
      { name: scope("support.function.amount"), match: "\\bat\\b" },
      { name: scope("punctuation.section.braces"), match: "[{}]" },
      { name: scope("punctuation.separator.tier"), match: ":" },
      include("value"),
      { name: scope("keyword.operator.arithmetic"), match: "[-+*/]" },
      {
        match: "\\b(greater|lesser)\\s+(of)\\b",
        captures: {
          1: { name: scope("support.function.amount") },
          2: { name: scope("support.function.amount") },
        },
      },
      {
        match: "\\b(rounded)\\s+(to)\\b",
        captures: {
          1: { name: scope("keyword.other.rounding") },
          2: { name: scope("keyword.other.rounding") },
        },
      },
      {
        match: "\\b(split)\\s+(into)\\b",
        captures: {
          1: { name: scope("keyword.other.split") },
          2: { name: scope("keyword.other.split") },
        },
      },
      { name: scope("keyword.operator.of"), match: "\\bof\\b" },
      // `if amount offered < held then 5 % else held`: a conditional amount, whose
      // condition compares amounts (`amount A < B`, `and`, `or`, `not`).
      { name: scope("keyword.control.conditional"), match: "\\b(?:if|then|else)\\b" },
      { name: scope("keyword.other.amount"), match: "\\bamount\\b" },
      include("comparison"),
      include("logical"),
      include("parens"),
      include("comma"),
      { name: scope("variable.other.amount"), match: `\\b${IDENT}\\b` },
    ],
  },
  // `every quarter` and `due within 30 days after the end of each quarter` (or `due by
  // the end of each contract_year`): a recurring clause's period and its instalments' due day.
  recurrence: {
    patterns: [
      {
        match: `\\b(every)\\s+(${IDENT})\\b`,
        captures: {
          1: { name: scope("keyword.other.recurrence") },
          2: { name: scope("entity.name.type.period") },
        },
      },
      {
        begin: "\\b(due)\\b",
        beginCaptures: { 1: { name: scope("keyword.other.recurrence") } },
        end: "(?=$|//|/\\*)",
        patterns: [
          {
            match: `\\b(?:(on|by)\\s+)?(the)\\s+(first\\s+day|end|start)\\s+(of)\\s+(each)\\s+(${IDENT})\\b`,
            captures: {
              1: { name: scope("keyword.other.recurrence") },
              2: { name: scope("keyword.other.recurrence") },
              3: { name: scope("keyword.other.recurrence") },
              4: { name: scope("keyword.other.recurrence") },
              5: { name: scope("keyword.other.recurrence") },
              6: { name: scope("entity.name.type.period") },
            },
          },
          { name: scope("keyword.other.window"), match: "\\b(?:within|after)\\b" },
          include("window"),
        ],
      },
    ],
  },
  // `amount USD 2,000` on a clause: to the end of the line.
  "clause-amount": {
    begin: "^\\s*(amount)\\b",
    beginCaptures: { 1: { name: scope("keyword.other.amount") } },
    end: "(?=$|//|/\\*)",
    patterns: [include("amount-expr")],
  },

  comparison: { name: scope("keyword.operator.comparison"), match: "<=|>=|!=|=|<|>" },
  logical: { name: scope("keyword.operator.logical"), match: "\\b(?:and|or|not)\\b" },

  // `[only] PARTY may|must|must not ACTION`
  norm: {
    match: `(?:\\b(only)\\s+)?\\b(${IDENT})\\s+(must\\s+not|must|may)\\b(?:\\s+(${IDENT})\\b)?`,
    captures: {
      1: { name: scope("keyword.control.modality.only") },
      2: { name: scope("variable.other.party") },
      3: { name: scope("keyword.control.modality") },
      4: { name: scope("variable.other.action") },
    },
  },
  modality: {
    patterns: [
      { name: scope("keyword.control.modality"), match: "\\bmust\\s+not\\b|\\bmust\\b|\\bmay\\b" },
      { name: scope("keyword.control.modality.only"), match: "\\bonly\\b" },
    ],
  },
  // The rest of a norm: subject sets, recipients, qualifiers.
  "norm-tail": {
    patterns: [
      { name: scope("keyword.other.except"), match: "\\bexcept\\b" },
      { name: scope("keyword.other.to"), match: "\\bto\\b" },
      { name: scope("keyword.other.on"), match: "\\bon\\b" },
    ],
  },

  // `survives` / `survives for 3 years` (a party may be called `survives`: not before a
  // modality).
  survives: {
    match: "\\b(survives)\\b(?!\\s+(?:must|may)\\b)(?:\\s+(for)\\b)?",
    captures: {
      1: { name: scope("keyword.other.survives") },
      2: { name: scope("keyword.other.survives") },
    },
  },

  // `renews for 1 year, 3 times unless non_renewal at least 90 days before`: the
  // term's renewal (durations and the event name come from `window` and `names`).
  renews: {
    patterns: [
      {
        match: "\\b(renews)\\s+(for)\\b",
        captures: {
          1: { name: scope("keyword.other.renews") },
          2: { name: scope("keyword.other.renews") },
        },
      },
      {
        match: "(,)\\s*([0-9][0-9_]*)\\s+(times?)\\b",
        captures: {
          1: { name: scope("punctuation.separator.comma") },
          2: { name: scope("constant.numeric.count") },
          3: { name: scope("keyword.other.renews") },
        },
      },
      {
        match: "\\b(unless)\\b",
        captures: { 1: { name: scope("keyword.other.renews") } },
      },
      {
        match: "\\b(at)\\s+(least)\\b",
        captures: {
          1: { name: scope("keyword.other.renews") },
          2: { name: scope("keyword.other.renews") },
        },
      },
    ],
  },
  // The atoms of conditions that are not norm patterns, in assertions and in the
  // `when` / `unless` lines of clauses and powers.
  predicates: {
    patterns: [
      {
        match: `\\b(${IDENT})\\s+(is)\\s+(active)\\b`,
        captures: {
          1: { name: scope("variable.other.clause") },
          2: { name: scope("keyword.other.predicate") },
          3: { name: scope("keyword.other.predicate") },
        },
      },
      {
        match: `\\b(${IDENT})\\s+(has)\\s+(happened)\\b`,
        captures: {
          1: { name: scope("variable.other.event") },
          2: { name: scope("keyword.other.predicate") },
          3: { name: scope("keyword.other.predicate") },
        },
      },
      {
        match: `\\b(stakes)\\s+(in)\\s+(${IDENT})\\b`,
        captures: {
          1: { name: scope("keyword.other.predicate") },
          2: { name: scope("keyword.other.predicate") },
          3: { name: scope("variable.other.party") },
        },
      },
      // `PATTERN prevails`: the norm pattern after precedence.
      { name: scope("keyword.other.predicate"), match: "\\bprevails\\b" },
      // `amount A <= B`: a comparison of amounts; its sides are amount expressions.
      {
        begin: "\\b(amount)\\b",
        beginCaptures: { 1: { name: scope("keyword.other.predicate") } },
        end: "(?=\\b(?:and|or)\\b|\\)|\\}|$)",
        patterns: [include("comparison"), include("amount-expr")],
      },
    ],
  },
  // `when COND` / `unless COND` (a party may be called `when`: not before a modality).
  condition: {
    match: "\\b(when|unless)\\b(?!\\s+(?:must|may)\\b)",
    captures: { 1: { name: scope("keyword.control.condition") } },
  },
  // `allow pactum::norm::open_ended "reason"`: a warning of the clause, allowed.
  allow: {
    match: "^\\s*(allow)\\s+([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)+)",
    captures: {
      1: { name: scope("keyword.other.allow") },
      2: { name: scope("constant.other.diagnostic-code") },
    },
  },

  source: {
    match: "\\b(source)\\b",
    captures: { 1: { name: scope("keyword.other.source") } },
  },
  // `overrides a, b` / `exception to a` / `replaces a`: the names are clauses.
  precedence: {
    begin: "\\b(overrides|replaces)\\b|\\b(exception)\\s+(to)\\b",
    beginCaptures: {
      1: { name: scope("keyword.other.precedence") },
      2: { name: scope("keyword.other.precedence") },
      3: { name: scope("keyword.other.precedence") },
    },
    end: `(?=$|\\}|//|/\\*)|${NEXT_ITEM}`,
    patterns: [
      include("comma"),
      { name: scope("variable.other.clause"), match: `\\b${IDENT}\\b` },
    ],
  },

  // `section "6.5"` and `refers to "9.13" "Headings"` inside a clause.
  "clause-sections": {
    patterns: [
      {
        match: "^\\s*(section)\\b",
        captures: { 1: { name: scope("keyword.other.section") } },
      },
      {
        match: "\\b(refers)\\s+(to)\\b",
        captures: {
          1: { name: scope("keyword.other.section") },
          2: { name: scope("keyword.other.section") },
        },
      },
    ],
  },

  // Windows and points in time.
  window: {
    patterns: [
      {
        match: `\\b(through)\\s+(?:(${DATE})\\b|(\\d{4})\\b(?!-))`,
        captures: {
          1: { name: scope("keyword.other.window") },
          2: { name: scope("constant.numeric.date") },
          3: { name: scope("constant.numeric.year") },
        },
      },
      {
        match: `\\b(end)\\s+(of)\\s+(?:(${DATE})\\b|(\\d{4})\\b(?!-)|(term)\\b)`,
        captures: {
          1: { name: scope("keyword.other.end-of") },
          2: { name: scope("keyword.other.end-of") },
          3: { name: scope("constant.numeric.date") },
          4: { name: scope("constant.numeric.year") },
          5: { name: scope("variable.language.term") },
        },
      },
      { name: scope("keyword.other.window"), match: "\\b(?:from|until|through)\\b" },
      {
        match: "(,)\\s*\\b(whichever)\\s+(first|later)\\b",
        captures: {
          1: { name: scope("punctuation.separator.comma") },
          2: { name: scope("keyword.other.whichever") },
          3: { name: scope("keyword.other.whichever") },
        },
      },
      { name: scope("keyword.other.whichever"), match: "\\bwhichever\\b" },
      {
        match: "\\b(first|last)\\s*(?=\\()",
        captures: { 1: { name: scope("support.function.point") } },
      },
      {
        match: `${NB}(${NUMBER})\\s+(${UNIT})\\b`,
        captures: {
          1: { name: scope("constant.numeric.duration") },
          2: { name: scope("keyword.other.unit.time") },
        },
      },
      { name: scope("keyword.other.direction"), match: "\\b(?:after|before)\\b" },
      { name: scope("keyword.operator.logical"), match: "\\bor\\b" },
      include("date"),
      include("parens"),
    ],
  },

  // Anything reserved that no rule above placed: still shown as a keyword.
  reserved: {
    patterns: [
      include("tbd"),
      include("modality"),
      { name: scope("keyword.other"), match: `\\b(?:${alt(RESERVED)})\\b` },
    ],
  },

  common: {
    patterns: [include("comments"), include("string")],
  },

  // ---------------------------------------------------------------- items

  contract: item("contract", "entity.name.type.contract", [
    include("common"),
    // `effective closing`: the contract takes effect on an event.
    {
      match: `\\b(effective)\\s+(${IDENT})\\b`,
      captures: {
        1: { name: scope("keyword.other.effective") },
        2: { name: scope("variable.other.event") },
      },
    },
    { name: scope("keyword.other.effective"), match: "\\beffective\\b" },
    { name: scope("keyword.other.amends"), match: "\\bamends\\b" },
    include("date"),
    include("reserved"),
  ]),
  // `party hydraspin = water_now, subsidiary`: the members of a group are parties.
  party: item("party", "entity.name.type.party", [
    include("common"),
    {
      begin: "=",
      beginCaptures: { 0: { name: scope("keyword.operator.assignment") } },
      end: `(?=$|//|/\\*)|${NEXT_ITEM}`,
      patterns: [
        include("comma"),
        { name: scope("variable.other.party"), match: `\\b${IDENT}\\b` },
      ],
    },
    include("reserved"),
  ]),
  section: item("section", "entity.name.section", [include("common"), include("reserved")]),
  action: item("action", "entity.name.type.action", [include("common"), include("reserved")]),
  qualifier: item("qualifier", "entity.name.type.qualifier", [
    include("common"),
    include("reserved"),
  ]),
  event: item("event", "entity.name.type.event", [
    include("common"),
    {
      match: `\\b(by)\\s+(${IDENT})\\b`,
      captures: {
        1: { name: scope("keyword.other.by") },
        2: { name: scope("variable.other.party") },
      },
    },
    {
      match: "\\b(not)\\s+(before)\\b",
      captures: {
        1: { name: scope("keyword.other.constraint") },
        2: { name: scope("keyword.other.constraint") },
      },
    },
    {
      // `within 30 days after P`: the `after` of the duration, not `after E`.
      match: `\\b(within)\\s+(${NUMBER})\\s+(${UNIT})\\s+(after)\\b`,
      captures: {
        1: { name: scope("keyword.other.constraint") },
        2: { name: scope("constant.numeric.duration") },
        3: { name: scope("keyword.other.unit.time") },
        4: { name: scope("keyword.other.direction") },
      },
    },
    {
      // `at the end of the first 4 consecutive quarters after first_sale`: the run of
      // periods an event the inputs decide closes (its `when` follows, below).
      match:
        `\\b(at)\\s+(the)\\s+(end)\\s+(of)\\s+(the)\\s+(first)\\s+(${NUMBER})\\s+` +
        `(consecutive)\\s+(${IDENT})\\s+(after)\\s+(${IDENT})\\b`,
      captures: {
        1: { name: scope("keyword.other.recurrence") },
        2: { name: scope("keyword.other.recurrence") },
        3: { name: scope("keyword.other.recurrence") },
        4: { name: scope("keyword.other.recurrence") },
        5: { name: scope("keyword.other.recurrence") },
        6: { name: scope("keyword.other.recurrence") },
        7: { name: scope("constant.numeric.count") },
        8: { name: scope("keyword.other.recurrence") },
        9: { name: scope("entity.name.type.period") },
        10: { name: scope("keyword.other.constraint") },
        11: { name: scope("variable.other.event") },
      },
    },
    {
      // `on 2020-11-12 when locations < 25`: an event the inputs decide.
      begin: "\\b(when)\\b",
      beginCaptures: { 1: { name: scope("keyword.control.conditional") } },
      end: "(?=$|//|/\\*)",
      patterns: [include("comparison"), include("amount-expr")],
    },
    { name: scope("keyword.other.constraint"), match: "\\b(?:after|before|within|on)\\b" },
    include("comma"),
    // The points the constraints count from: dates, offsets, `first`/`last`.
    include("window"),
    { name: scope("variable.other.event"), match: `\\b${IDENT}\\b` },
    include("reserved"),
  ]),
  subject: item(
    "subject",
    "entity.name.type.subject",
    [include("common"), include("subject-tree"), include("reserved")]
  ),
  "subject-tree": {
    name: scope("meta.block.subject"),
    begin: "\\{",
    beginCaptures: { 0: { name: scope("punctuation.section.block.begin") } },
    end: `(\\})|${NEXT_ITEM}`,
    endCaptures: { 1: { name: scope("punctuation.section.block.end") } },
    patterns: [
      include("common"),
      include("subject-tree"),
      include("comma"),
      { name: scope("entity.name.type.subject"), match: `\\b${IDENT}\\b` },
      include("reserved"),
    ],
  },
  // `input net_sales "Net Sales (§1.5)": money USD`: a figure the agreement does not fix.
  input: item("input", "entity.name.type.input", [
    include("common"),
    { name: scope("punctuation.separator.type"), match: ":" },
    {
      match: "\\b(money)\\b(?:\\s+([A-Z]{3})\\b)?",
      captures: {
        1: { name: scope("support.type.input") },
        2: { name: scope("constant.other.currency") },
      },
    },
    { name: scope("support.type.input"), match: "\\b(?:percent|number)\\b" },
    {
      // `per quarter`: one value per period.
      match: `\\b(per)\\s+(${IDENT})\\b`,
      captures: {
        1: { name: scope("keyword.other.period") },
        2: { name: scope("entity.name.type.period") },
      },
    },
    include("reserved"),
  ]),
  // `period fiscal_year "…" starts 04-01`, `period contract_year from 2016-05-11`.
  period: {
    name: scope("meta.item.period"),
    begin: `^\\s*(period)\\b${SOFT_FOLLOWS}(?:\\s+(${IDENT}))?`,
    beginCaptures: {
      1: { name: scope("keyword.declaration.period") },
      2: { name: scope("entity.name.type.period") },
    },
    end: NEXT_ITEM,
    patterns: [
      include("common"),
      { name: scope("keyword.other.period"), match: "\\bstarts\\b" },
      { name: scope("constant.numeric.month-day"), match: "\\b\\d{2}-\\d{2}\\b(?!-)" },
      include("window"),
      include("reserved"),
    ],
  },
  // `interest late_payments "…" { at 6 % per year  from the 10th day after the due date
  // compounded on 12-31  day count actual/365  rounded to 0.01  on royalties }`: interest on
  // late payments. `interest` is a soft word, as `period` is.
  interest: {
    name: scope("meta.item.interest"),
    begin: `^\\s*(interest)\\b${SOFT_FOLLOWS}(?:\\s+(${IDENT}))?`,
    beginCaptures: {
      1: { name: scope("keyword.declaration.interest") },
      2: { name: scope("entity.name.function.interest") },
    },
    end: NEXT_ITEM,
    patterns: [
      include("common"),
      body("interest", [
        include("common"),
        include("source"),
        { name: scope("constant.numeric.ordinal"), match: "\\b\\d+(?:st|nd|rd|th)\\b" },
        { name: scope("constant.numeric.month-day"), match: "\\b\\d{2}-\\d{2}\\b(?!-)" },
        { name: scope("support.constant.day-count"), match: "\\b(?:actual/36[05]|30E?/360)\\b" },
        {
          name: scope("keyword.other.interest"),
          match:
            "\\b(?:at|per|year|from|the|day|after|due|date|compounded|on|last|of|each|count|rounded|to)\\b",
        },
        include("amount-expr"),
        include("names"),
        include("reserved"),
      ]),
      include("reserved"),
    ],
  },
  quantity: item("quantity", "entity.name.type.quantity", [
    include("common"),
    { name: scope("punctuation.separator.type"), match: ":" },
    {
      match: "\\b(money)\\b(?:\\s+([A-Z]{3})\\b)?",
      captures: {
        1: { name: scope("support.type.quantity") },
        2: { name: scope("constant.other.currency") },
      },
    },
    { name: scope("support.type.quantity"), match: "\\b(?:percent|number)\\b" },
    {
      match: `\\b(stake)\\s+(of)\\s+(${IDENT})\\s+(in)\\s+(${IDENT})\\b`,
      captures: {
        1: { name: scope("keyword.other.stake") },
        2: { name: scope("keyword.other.stake") },
        3: { name: scope("variable.other.party") },
        4: { name: scope("keyword.other.stake") },
        5: { name: scope("variable.other.party") },
      },
    },
    include("names"),
    include("reserved"),
  ]),
  clause: item(
    "clause",
    "entity.name.function.clause",
    [
      include("common"),
      body("clause", [
        include("common"),
        include("clause-amount"),
        include("recurrence"),
        include("source"),
        include("clause-sections"),
        include("precedence"),
        include("window"),
        include("survives"),
        include("condition"),
        include("predicates"),
        include("logical"),
        include("allow"),
        include("norm"),
        include("norm-tail"),
        include("parens"),
        include("comma"),
        include("names"),
        include("reserved"),
      ], NEXT_ITEM_IN_CLAUSE),
      include("reserved"),
    ],
    NEXT_ITEM_IN_CLAUSE
  ),
  // A named amount ends where src/syntax/split.rs cuts: at an item keyword first on its
  // line. Inside it, `amount` starts a comparison of a conditional amount's condition
  // (`if amount offered < held then …`), not an item.
  amount: item(
    "amount",
    "entity.name.constant.amount",
    [
      include("common"),
      { name: scope("keyword.operator.assignment"), match: "=" },
      include("amount-expr"),
      include("reserved"),
    ],
    `(?=^\\s*(?:${alt(ITEM_KEYWORDS)})\\b)|(?=${SOFT_ITEM_START})`,
  ),
  fact: item(
    "fact",
    "entity.name.function.fact",
    [
      include("common"),
      body("fact", [
        include("common"),
        include("source"),
        include("window"),
        {
          match: `\\b(${IDENT})\\s*(=)`,
          captures: {
            1: { name: scope("variable.other.quantity") },
            2: { name: scope("keyword.operator.assignment") },
          },
        },
        include("value"),
        include("comma"),
        include("names"),
        include("reserved"),
      ]),
      include("reserved"),
    ]
  ),
  cover: item(
    "cover",
    "entity.name.function.cover",
    [
      include("common"),
      body("cover", [
        include("common"),
        include("source"),
        include("window"),
        {
          // `PARTY ACTION SUBJECTS`, first on its line or right after `{`.
          match: `(?:^|(?<=\\{))\\s*\\b(?!end\\s+of\\b)(${IDENT})\\s+(${IDENT})\\b`,
          captures: {
            1: { name: scope("variable.other.party") },
            2: { name: scope("variable.other.action") },
          },
        },
        include("norm-tail"),
        include("parens"),
        include("comma"),
        include("names"),
        include("reserved"),
      ]),
      include("reserved"),
    ]
  ),
  power: item(
    "power",
    "entity.name.function.power",
    [
      include("common"),
      body("power", [
        include("common"),
        include("source"),
        {
          // `PARTY may terminate` or `PARTY may exercise`.
          match: `\\b(${IDENT})\\s+(may)\\s+(terminate|exercise)\\b`,
          captures: {
            1: { name: scope("variable.other.party") },
            2: { name: scope("keyword.other.modality") },
            3: { name: scope("keyword.other.power") },
          },
        },
        { name: scope("keyword.other.notice"), match: "\\bnotice\\b" },
        include("window"),
        include("condition"),
        include("predicates"),
        include("logical"),
        include("comma"),
        include("names"),
        include("reserved"),
      ]),
      include("reserved"),
    ]
  ),
  // `weekend friday, saturday`: the days of the week that are no business days.
  weekend: {
    name: scope("meta.item.weekend"),
    begin: `^\\s*(weekend)\\b${SOFT_FOLLOWS}`,
    beginCaptures: { 1: { name: scope("keyword.declaration.weekend") } },
    end: NEXT_ITEM,
    patterns: [
      include("common"),
      include("comma"),
      {
        name: scope("constant.language.weekday"),
        match: "\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b",
      },
      include("names"),
      include("reserved"),
    ],
  },
  // `holiday 2026-12-25 "Christmas Day"`: a day that is no business day.
  holiday: {
    name: scope("meta.item.holiday"),
    begin: `^\\s*(holiday)\\b${SOFT_FOLLOWS}`,
    beginCaptures: { 1: { name: scope("keyword.declaration.holiday") } },
    end: NEXT_ITEM,
    patterns: [include("common"), include("date"), include("reserved")],
  },
  term: item(
    "term",
    "entity.name.function.term",
    [
      include("common"),
      body("term", [
        include("common"),
        include("source"),
        include("renews"),
        include("window"),
        include("names"),
        include("reserved"),
      ]),
      include("reserved"),
    ]
  ),
  assert: item(
    "assert",
    "entity.name.function.assert",
    [
      include("common"),
      body("assert", [
        include("common"),
        include("source"),
        {
          match: "\\b(no)\\s+(conflicts)\\b",
          captures: {
            1: { name: scope("keyword.other.assertion") },
            2: { name: scope("keyword.other.assertion") },
          },
        },
        { name: scope("keyword.other.assertion"), match: "\\b(?:always|never|exactly)\\b" },
        include("predicates"),
        include("window"),
        include("norm"),
        include("norm-tail"),
        include("value"),
        include("comparison"),
        include("logical"),
        include("parens"),
        include("comma"),
        include("names"),
        include("reserved"),
      ], NEXT_ITEM_IN_CLAUSE),
      include("reserved"),
    ],
    // `amount` inside the body starts a comparison of amounts, not an item
    // (only one in the first column does, as in a clause).
    NEXT_ITEM_IN_CLAUSE
  ),
};

const grammar = {
  name: "Pactum",
  scopeName: "source.pactum",
  fileTypes: ["pactum"],
  comment: "Generated by scripts/build-grammar.js: edit that file, not this one.",
  patterns: [
    include("common"),
    ...SOFT_ITEM_KEYWORDS.map(include),
    ...ITEM_KEYWORDS.map(include),
    include("braces"),
    include("reserved"),
  ],
  repository,
};

module.exports = { ITEM_KEYWORDS, RESERVED, grammar };

if (require.main === module) {
  const text = `${JSON.stringify(grammar, null, 2)}\n`;
  if (process.argv.includes("--check")) {
    const committed = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, "utf8") : "";
    if (committed !== text) {
      console.error(`${path.relative(process.cwd(), OUTPUT)} is stale: run node scripts/build-grammar.js`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(OUTPUT, text);
  }
}
