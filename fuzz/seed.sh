#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the test data: queries and codes for `query`, log lines for
# `pasted`, slices of the scan fixture for `scan`. Each seed starts with a selector byte (see the
# targets); seeds are named by their SHA-1, as libFuzzer names its own. Optional: libFuzzer also
# starts from an empty corpus, only slower.
set -euo pipefail
cd "$(dirname "$0")"
data=../tests/data
mkdir -p corpus/query corpus/pasted corpus/scan
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
n=0
seed() { # target; the text on stdin, after selector byte n (mod 256)
    printf "\\$(printf '%03o' $((n % 256)))" >"$tmp"
    cat >>"$tmp"
    mv "$tmp" "corpus/$1/$(sha1sum <"$tmp" | cut -c1-40)"
    n=$((n + 1))
}
# query: search-evaluation queries, published codes and names.
while IFS= read -r q; do
    seed query < <(printf '%s' "$q")
done < <(tail -n +2 "$data/search_eval.tsv" | cut -f1 | head -150)
while IFS=$'\t' read -r code name; do
    seed query < <(printf '%s' "$code")
    seed query < <(printf '%s' "$name")
done < <(tail -n +2 "$data/entra_sample.tsv")
# pasted: lines of the scan fixture as the noise around a code.
while IFS= read -r line; do
    seed pasted < <(printf '%s' "$line")
done < <(grep -v '^#' "$data/scan_fixture.log" | head -200)
# scan: the fixture in slices of 25 lines, and whole.
total=$(wc -l <"$data/scan_fixture.log")
for start in $(seq 1 25 "$total"); do
    seed scan < <(sed -n "${start},$((start + 24))p" "$data/scan_fixture.log")
done
seed scan <"$data/scan_fixture.log"
seed scan <"$data/scan_fixture.log"
echo "seeded: $(ls corpus/query | wc -l) query, $(ls corpus/pasted | wc -l) pasted, $(ls corpus/scan | wc -l) scan"
