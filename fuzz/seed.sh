#!/usr/bin/env bash
# Seeds the fuzz corpus with every contract and test file, so the fuzzer starts
# from real clauses instead of from nothing. Run from anywhere.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/fuzz/corpus/check"
mkdir -p "$corpus"
for dir in contracts tests/ok tests/ui tests/analysis fuzz/regressions; do
  [ -d "$root/$dir" ] || continue
  find "$root/$dir" -type f \( -name '*.pactum' -o -path '*/fuzz/regressions/*' \) -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "$corpus/$(echo "$dir/${f#"$root/$dir/"}" | tr '/' '_')"
    done
done
echo "seeded $(find "$corpus" -type f | wc -l) files into $corpus"
