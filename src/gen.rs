//! Synthetic contracts for benchmarks and property tests: `pactum gen`.
//!
//! A generated contract looks like a large real one: many parties (a few of
//! them party to most clauses), a subject taxonomy four levels deep, events
//! with ordering constraints, windows built from dates, events, offsets and
//! `whichever first`, facts that change value over time, coverages and
//! assertions. Clauses come in blocks: a base right over a subtree plus
//! refinements of parts of it (a prohibition that is an `exception to` the
//! base, an obligation, another party's carve-out from an exclusive right).
//! Blocks over the same party, action and subtree follow each other in time,
//! so the contract is free of conflicts by construction, except where a
//! conflict is planted: a refinement without its precedence, or a fact that
//! starts before its predecessor ends. Which refinements are planted depends
//! only on the seed; [`Options::plant`] decides whether their precedence is
//! dropped, so the same seed gives the same contract with and without them.

use std::collections::HashMap;
use std::fmt::Write;

use crate::diagnostics::Code;

/// What contract [`generate`] writes.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many clauses to write.
    pub clauses: usize,
    /// The seed of the random choices: the same seed gives the same contract.
    pub seed: u64,
    /// Whether planted conflicts are left in (else their precedence stays).
    pub plant: bool,
    /// The share of blocks (and fact series) chosen for a planted conflict.
    pub conflict_rate: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            clauses: 1000,
            seed: 1,
            plant: true,
            conflict_rate: 0.02,
        }
    }
}

/// A conflict the generator planted: the two items by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Planted {
    /// The conflict's code.
    pub code: Code,
    /// The name of one of the two items.
    pub first: String,
    /// The name of the other.
    pub second: String,
}

/// A generated contract and the conflicts planted in it.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The contract's text.
    pub text: String,
    /// Empty when [`Options::plant`] is off.
    pub planted: Vec<Planted>,
}

/// splitmix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// Skewed towards small indices: a few parties are party to most clauses.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize % n.max(1)
    }
}

const ACTIONS: &[&str] = &[
    "use",
    "license",
    "host",
    "serve",
    "sell",
    "distribute",
    "audit",
    "disclose",
    "develop",
    "train",
    "resell",
    "sublicense",
];
const QUALIFIERS: &[&str] = &["azure", "other_cloud", "eu", "us", "apac", "on_premise"];
const LEVEL1: &[&str] = &["models", "products", "research", "data"];
const LEVEL2: &[&str] = &["core", "extensions", "tooling"];
const LEVEL3: &[&str] = &["v1", "v2", "v3"];
/// A party's blocks over one subtree and action follow each other in
/// periods of this many years, from 2020 on.
const PERIOD: i32 = 3;
const MAX_PERIODS: usize = 12;

struct Sizes {
    parties: usize,
    events: usize,
    roots: usize,
    quantities: usize,
}

impl Sizes {
    fn for_clauses(n: usize) -> Sizes {
        Sizes {
            parties: (n / 40).clamp(4, 3000),
            events: (n / 100).clamp(3, 400),
            roots: (n / 1500).clamp(2, 40),
            quantities: (n / 200).clamp(2, 500),
        }
    }
}

/// Writes a synthetic contract as `opts` asks, for benchmarks and experiments.
pub fn generate(opts: &Options) -> Generated {
    let mut g = Gen {
        rng: Rng(opts.seed),
        sizes: Sizes::for_clauses(opts.clauses),
        opts: opts.clone(),
        out: String::with_capacity(opts.clauses * 180),
        planted: Vec::new(),
        sequence: HashMap::new(),
        keys: HashMap::new(),
        written: 0,
    };
    g.declarations();
    g.facts();
    let mut block = 0;
    let mut misses = 0;
    while g.written < opts.clauses {
        if g.block(block) {
            block += 1;
            misses = 0;
        } else {
            misses += 1;
            if misses > 1000 {
                break;
            }
        }
    }
    g.coverages_and_assertions(block);
    Generated {
        text: g.out,
        planted: g.planted,
    }
}

/// Who may act on a subtree for an action: one exclusive owner, or anyone.
#[derive(Default)]
struct KeyUse {
    exclusive_owner: Option<usize>,
    shared_by: Vec<usize>,
}

struct Gen {
    rng: Rng,
    sizes: Sizes,
    opts: Options,
    out: String,
    planted: Vec<Planted>,
    /// (party, action, root, level-1 node) → blocks written so far.
    sequence: HashMap<(usize, usize, usize, usize), usize>,
    /// (action, root, level-1 node) → who uses it.
    keys: HashMap<(usize, usize, usize), KeyUse>,
    written: usize,
}

impl Gen {
    fn declarations(&mut self) {
        let seed = self.opts.seed;
        let _ = writeln!(
            self.out,
            "contract \"Synthetic agreement {seed}\"\n  effective 2020-01-01\n\
             // Generated by `pactum gen --clauses {} --seed {seed}`.\n",
            self.opts.clauses
        );
        for p in 0..self.sizes.parties {
            let _ = writeln!(self.out, "party p{p} \"Party number {p}\"");
        }
        for a in ACTIONS {
            let _ = writeln!(self.out, "action {a}");
        }
        for q in QUALIFIERS {
            let _ = writeln!(self.out, "qualifier {q}");
        }
        for e in 0..self.sizes.events {
            let by = self.rng.skewed(self.sizes.parties);
            let _ = write!(self.out, "event e{e} \"Milestone {e}\" by p{by}");
            // Events come in chains of four: each follows the one before.
            if e % 4 != 0 {
                let relation = if self.rng.chance(0.5) {
                    "after"
                } else {
                    "not before"
                };
                let _ = write!(self.out, ", {relation} e{}", e - 1);
            }
            self.out.push('\n');
        }
        for r in 0..self.sizes.roots {
            let _ = writeln!(self.out, "\n/// Assets of line {r}.\nsubject asset{r} {{");
            for l1 in LEVEL1 {
                let _ = writeln!(self.out, "  {l1} {{");
                for l2 in LEVEL2 {
                    let _ = writeln!(self.out, "    {l2} {{ {} }}", LEVEL3.join(", "));
                }
                let _ = writeln!(self.out, "  }}");
            }
            let _ = writeln!(self.out, "}}");
        }
        for q in 0..self.sizes.quantities {
            let ty = match q % 3 {
                0 => "money USD".to_string(),
                1 => "number".to_string(),
                _ => {
                    let holder = self.rng.below(self.sizes.parties);
                    let target = (holder + 1) % self.sizes.parties;
                    format!("percent stake of p{holder} in p{target}")
                }
            };
            let _ = writeln!(self.out, "quantity q{q}: {ty}");
        }
        self.out.push('\n');
    }

    /// Each quantity takes successive values; a planted fact starts a year
    /// before its predecessor ends.
    fn facts(&mut self) {
        for q in 0..self.sizes.quantities {
            let count = 1 + self.rng.below(3);
            let planted = self.rng.chance(self.opts.conflict_rate * 5.0);
            for k in 0..count {
                let start = 2020 + 2 * k as i32;
                // Successive values always differ, so that an overlap is a
                // conflict (two equal values at once are not).
                let value = match q % 3 {
                    0 => format!("USD {} million", 10 + self.rng.below(990) + 1000 * k),
                    1 if k == 0 && self.rng.chance(0.2) => "tbd".to_string(),
                    1 => format!("{}", 1 + self.rng.below(10_000) + 10_000 * k),
                    _ => format!("{} %", 1 + self.rng.below(30) + 30 * k),
                };
                let early = planted && k == 1 && self.opts.plant;
                let from = if early { start - 1 } else { start };
                let until = if k + 1 < count {
                    format!(" until {}-01-01", start + 2)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    self.out,
                    "fact q{q}_{k} {{ q{q} = {value} from {from}-01-01{until} }}"
                );
                if early {
                    self.planted.push(Planted {
                        code: Code::ConflictFact,
                        first: format!("q{q}_0"),
                        second: format!("q{q}_1"),
                    });
                }
            }
        }
        self.out.push('\n');
    }

    fn event(&mut self) -> usize {
        self.rng.below(self.sizes.events)
    }

    /// A window inside the period starting in `year`: never reaching into
    /// the next period, so successive blocks never overlap.
    fn window(&mut self, year: i32) -> String {
        let last = year + PERIOD - 1;
        match self.rng.below(5) {
            0 => format!("from {year}-01-01 through {last}"),
            1 => {
                let e = self.event();
                format!("from {year}-01-01\n  until e{e} or end of {last}, whichever first")
            }
            2 => {
                let e = self.event();
                format!("from last(e{e}, {year}-01-01)\n  through {last}")
            }
            3 => {
                let e = self.event();
                let days = 30 * (1 + self.rng.below(6));
                format!(
                    "from {year}-03-01\n  until {days} days after e{e} or end of {last}, whichever first"
                )
            }
            _ => format!("from {year}-01-01 until {last}-07-01"),
        }
    }

    /// One block of clauses; `false` when the chosen key is used up.
    fn block(&mut self, block: usize) -> bool {
        let party = self.rng.skewed(self.sizes.parties);
        let action = self.rng.below(ACTIONS.len());
        let root = self.rng.below(self.sizes.roots);
        let l1 = self.rng.below(LEVEL1.len());
        let exclusive = self.rng.chance(0.15);
        let key_use = self.keys.entry((action, root, l1)).or_default();
        let allowed = match key_use.exclusive_owner {
            Some(owner) => owner == party,
            None => !exclusive || key_use.shared_by.iter().all(|&p| p == party),
        };
        let seq = self.sequence.entry((party, action, root, l1)).or_default();
        if !allowed || *seq >= MAX_PERIODS {
            return false;
        }
        let year = 2020 + PERIOD * *seq as i32;
        *seq += 1;
        if exclusive {
            key_use.exclusive_owner = Some(party);
        } else if !key_use.shared_by.contains(&party) {
            key_use.shared_by.push(party);
        }
        let window = self.window(year);
        let subtree = format!("asset{root}.{}", LEVEL1[l1]);
        let act = ACTIONS[action];
        let base = format!("b{block}");
        let modality = if exclusive {
            format!("only p{party} may")
        } else if self.rng.chance(0.2) {
            format!("p{party} must")
        } else {
            format!("p{party} may")
        };
        let on = if self.rng.chance(0.2) {
            format!(" on {}", QUALIFIERS[self.rng.below(QUALIFIERS.len())])
        } else {
            String::new()
        };
        self.clause(
            &base,
            &format!("{modality} {act} {subtree}{on}"),
            &window,
            "",
        );
        // Refinements of distinct parts of the subtree, never all of them
        // (that would shadow the base).
        let parts = self.rng.below(LEVEL2.len());
        let planted_at = self
            .rng
            .chance(self.opts.conflict_rate)
            .then(|| self.rng.below(parts.max(1)));
        for (k, l2) in LEVEL2.iter().enumerate().take(parts) {
            if self.written >= self.opts.clauses {
                break;
            }
            let name = format!("b{block}_{l2}");
            let part = format!("{subtree}.{l2}");
            let plant = planted_at == Some(k) && self.opts.plant;
            let (norm, precedence, code) = if exclusive {
                let other =
                    (party + 1 + self.rng.below(self.sizes.parties - 1)) % self.sizes.parties;
                (
                    format!("p{other} may {act} {part}{on}"),
                    format!("exception to {base}"),
                    Some(Code::ConflictExclusive),
                )
            } else if self.rng.chance(0.7) {
                (
                    format!("p{party} must not {act} {part}"),
                    format!("exception to {base}"),
                    Some(if modality.ends_with("must") {
                        Code::ConflictObligationProhibition
                    } else {
                        Code::ConflictPermissionProhibition
                    }),
                )
            } else {
                // An obligation next to a permission needs no precedence;
                // some drafters state one anyway.
                let precedence = if self.rng.chance(0.5) {
                    format!("overrides {base}")
                } else {
                    String::new()
                };
                // An obligation beside a permission is no conflict, so
                // nothing can be planted here.
                (format!("p{party} must {act} {part}{on}"), precedence, None)
            };
            // The conflict the refinement would have without its precedence.
            let planted_here = code.filter(|_| plant);
            let precedence = if planted_here.is_some() {
                ""
            } else {
                &precedence
            };
            self.clause(&name, &norm, &window, precedence);
            if let Some(code) = planted_here {
                self.planted.push(Planted {
                    code,
                    first: base.clone(),
                    second: name,
                });
            }
        }
        true
    }

    fn clause(&mut self, name: &str, norm: &str, window: &str, precedence: &str) {
        let section = self.written + 1;
        let _ = write!(
            self.out,
            "clause {name} {{\n  source \"§{section}\"\n  {norm}\n  {window}\n"
        );
        if !precedence.is_empty() {
            let _ = writeln!(self.out, "  {precedence}");
        }
        self.out.push_str("}\n");
        self.written += 1;
    }

    /// Coverage over some of the periods blocks were written for, and a few
    /// assertions.
    fn coverages_and_assertions(&mut self, blocks: usize) {
        let mut keys: Vec<_> = self.sequence.iter().map(|(k, n)| (*k, *n)).collect();
        keys.sort();
        let count = (blocks / 300).clamp(1, 200);
        for i in 0..count.min(keys.len()) {
            let ((party, action, root, l1), periods) = keys[self.rng.below(keys.len())];
            let last = 2020 + PERIOD * periods as i32 - 1;
            let _ = writeln!(
                self.out,
                "cover k{i} {{\n  p{party} {} asset{root}.{}\n  from 2020-01-01 through {last}\n}}",
                ACTIONS[action], LEVEL1[l1]
            );
        }
        let _ = writeln!(
            self.out,
            "assert consistent \"no two norms conflict\" {{ no conflicts }}"
        );
    }
}

/// What [`agreement`] writes: a contract shaped like a real filed
/// agreement rather than a large synthetic one.
#[derive(Debug, Clone)]
pub struct AgreementOptions {
    /// How many events, powers included (at least 8).
    pub events: usize,
    /// How many clauses.
    pub clauses: usize,
    /// The same seed gives the same agreement.
    pub seed: u64,
}

/// A contract shaped like a real agreement (the corpus in `contracts/`): a
/// five-year term, a termination for convenience on notice, terminations for
/// breach that a cure within 30 days defeats, options with exercise
/// deadlines, invoices paid within 30 days, and clauses that end with the
/// term, some of them surviving it. Events are powers and the notices,
/// cures, invoices and payments their windows count from; clauses speak of
/// distinct acts or carve out of one another, so the agreement has no
/// conflict. `pactum gen --agreement` writes it.
pub fn agreement(opts: &AgreementOptions) -> String {
    let mut rng = Rng(opts.seed);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "contract \"generated agreement\"\n  effective 2020-01-01\n"
    );
    out.push_str("party licensor\nparty licensee\nparty either = licensor, licensee\n");
    for a in [
        "sell", "use", "disclose", "pay", "deliver", "audit", "report",
    ] {
        let _ = writeln!(out, "action {a}");
    }
    out.push_str("subject products { p0, p1, p2, p3, p4, p5, p6, p7 }\n");
    out.push_str("subject know_how\nsubject fees { f0, f1, f2, f3, f4, f5, f6, f7 }\n\n");
    out.push_str(
        "term \"initial term\" {\n  source \"2.1\"\n  until 5 years after 2020-01-01\n}\n\n",
    );
    out.push_str(
        "power terminate_for_convenience {\n  source \"11.2\"\n  licensee may terminate\n  notice 90 days\n}\n\n",
    );
    let mut events = 1;
    let mut breaches = 0;
    let mut invoices = 0;
    let mut options = 0;
    while events + 3 <= opts.events.max(8) {
        match rng.below(3) {
            0 => {
                let i = breaches;
                breaches += 1;
                let _ = writeln!(
                    out,
                    "event breach_notice_{i} by licensor, not before 2020-01-01\n\
                     event cured_{i} by licensee, within 30 days after breach_notice_{i}\n\
                     power terminate_for_breach_{i} {{\n  source \"11.3\"\n  licensor may terminate\n  \
                     from 31 days after breach_notice_{i}\n  until cured_{i}\n}}\n"
                );
                events += 3;
            }
            1 => {
                let i = invoices;
                invoices += 1;
                let _ = writeln!(
                    out,
                    "event invoice_{i} by licensor, not before 2020-01-01\n\
                     event paid_{i} by licensee, within 30 days after invoice_{i}\n"
                );
                events += 2;
            }
            _ => {
                let i = options;
                options += 1;
                let year = 2021 + rng.below(3);
                let _ = writeln!(
                    out,
                    "power option_{i} {{\n  source \"4.{i}\"\n  licensee may exercise\n  \
                     from {year}-01-01\n  until {year}-07-01\n}}\n"
                );
                events += 1;
            }
        }
    }
    let acts = ["sell", "use", "disclose", "deliver", "audit", "report"];
    for k in 0..opts.clauses {
        let party = if k % 3 == 0 { "licensor" } else { "licensee" };
        let leaf = k % 8;
        let (norm, window) = match rng.below(6) {
            0 if invoices > 0 => {
                let i = rng.below(invoices);
                (
                    format!("licensee must pay fees.f{leaf} to licensor"),
                    format!("from invoice_{i}\n  until first(paid_{i}, 31 days after invoice_{i})"),
                )
            }
            1 if options > 0 => {
                let i = rng.below(options);
                (
                    format!("licensee may sell products.p{leaf}"),
                    format!("from 30 days after option_{i}"),
                )
            }
            2 => (
                "licensee must not disclose know_how".to_string(),
                format!("survives for {} years", 1 + rng.below(5)),
            ),
            _ => {
                let act = acts[rng.below(acts.len())];
                (
                    format!("{party} may {act} products.p{leaf}"),
                    format!("from 202{}-01-01", rng.below(4)),
                )
            }
        };
        let _ = writeln!(
            out,
            "clause c{k} {{\n  source \"{}.{}\"\n  {norm}\n  {window}\n}}\n",
            5 + k / 10,
            k % 10
        );
    }
    out
}
