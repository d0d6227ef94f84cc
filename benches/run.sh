#!/usr/bin/env bash
# Reproduces the whole-process numbers in BENCHMARKS.md. Needs hyperfine, errno (moreutils),
# ripgrep and GNU time: apt-get install -y hyperfine moreutils ripgrep time
# Run on a quiet machine; in-process numbers come from `cargo bench --manifest-path benches/Cargo.toml`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
B=target/release/stserr
echo "## binary"
ls -l "$B" | awk '{print "size bytes:", $5}'
echo "## lookup vs errno (C)"
hyperfine -N --warmup 50 --runs 1000 "errno ENOENT" "$B AADSTS50011" "$B --json AADSTS50011" "$B invalid_grant"
echo "## search vs lookup"
hyperfine -N --warmup 50 --runs 1000 "$B AADSTS50011" "$B search 'reply url does not match'" \
  "$B search 'The authorization code is invalid or has expired.'" "$B search InvalidUserNamOrPasword"
echo "## peak memory of a lookup and a search (KiB)"
for args in "AADSTS50011" "search reply url does not match"; do
  /usr/bin/time -f "%M KiB  stserr $args" "$B" $args >/dev/null
done
echo "## clean build (debug and release)"
cargo clean --quiet
/usr/bin/time -f "%e s  cargo build" cargo build --quiet
/usr/bin/time -f "%e s  cargo build --release" cargo build --release --quiet
