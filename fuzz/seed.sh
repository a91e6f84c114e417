#!/usr/bin/env bash
# Seeds the corpus of the text targets (check, fmt, query) with every contract
# and test file, so the fuzzer starts from real clauses instead of from
# nothing: contracts/, the test corpora (tests/ok, ui, analysis, fixtures, fmt,
# query), the committed regression inputs, and the shared corpus' encodings
# (`*.pactum` under ../shared/corpus next to the repository) when there are any.
# The `lsp` target starts from the sessions in fuzz/seeds/lsp (well framed and
# malformed); the `structured` target's inputs are a generator's choices, so
# any bytes will do and it starts from the regression inputs alone.
# Run from anywhere; running it again overwrites the same names.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$root/../shared/corpus"
targets=(check fmt query)
seed() { # seed NAME FILE: one input into every target's corpus
  for t in "${targets[@]}"; do cp "$2" "$root/fuzz/corpus/$t/$1"; done
}
for t in "${targets[@]}" lsp structured; do mkdir -p "$root/fuzz/corpus/$t"; done
for f in "$root"/fuzz/seeds/lsp/* "$root"/fuzz/regressions/*; do
  cp "$f" "$root/fuzz/corpus/lsp/"
done
cp "$root"/fuzz/regressions/* "$root/fuzz/corpus/structured/"
for dir in contracts tests/ok tests/ui tests/analysis tests/fixtures tests/fmt tests/query fuzz/regressions; do
  [ -d "$root/$dir" ] || continue
  find "$root/$dir" -type f \( -name '*.pactum' -o -path '*/fuzz/regressions/*' \) -print0 |
    while IFS= read -r -d '' f; do
      seed "$(echo "$dir/${f#"$root/$dir/"}" | tr '/' '_')" "$f"
    done
done
if [ -d "$shared" ]; then
  find "$shared" -type f -name '*.pactum' -print0 |
    while IFS= read -r -d '' f; do
      seed "shared_$(echo "${f#"$shared/"}" | tr '/' '_')" "$f"
    done
fi
for t in "${targets[@]}" lsp structured; do
  echo "seeded $(find "$root/fuzz/corpus/$t" -type f | wc -l) files into fuzz/corpus/$t"
done
