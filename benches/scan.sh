#!/usr/bin/env bash
# Scan throughput and memory (BENCHMARKS.md, "Scan"): `stserr scan --summary` against ripgrep
# counting the same pattern and `grep -o | sort | uniq -c`, on a generated mixed log.
# Needs hyperfine, ripgrep and GNU time: apt-get install -y hyperfine ripgrep time
# Usage: benches/scan.sh [MB]   (default 400; the log lives in a temporary folder, removed after)
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-400}
for tool in hyperfine rg /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine ripgrep time" >&2; exit 2; }
done
cargo build --release --quiet
B=$PWD/target/release/stserr
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# One block: the test fixture (every format, ~340 codes in 400 lines) plus 3,600 lines of
# ordinary traffic without codes (access logs, JSON app logs, GUIDs, hashes, snake_case keys),
# so about one line in ten holds a code. The block is repeated up to the size asked for.
awk 'BEGIN {
  srand(6);
  for (i = 0; i < 3600; i++) {
    g = sprintf("%08x-%04x-%04x-%04x-%012x", int(rand()*4294967295), int(rand()*65535), int(rand()*65535), int(rand()*65535), int(rand()*281474976710655));
    t = sprintf("2024-05-%02dT%02d:%02d:%02d.%03dZ", 1 + i % 28, i % 24, i % 60, (i * 7) % 60, i % 1000);
    k = i % 4;
    if (k == 0) printf "%s INFO  [http-nio-8080-exec-%d] c.c.web.RequestLogger - GET /api/orders/%d 200 %dms trace_id=%s\n", t, i % 16, i * 31, i % 97, g;
    else if (k == 1) printf "{\"level\":\"info\",\"ts\":\"%s\",\"msg\":\"token cache hit\",\"error_rate\":0.0%d,\"errors\":0,\"invalid_attempts\":%d,\"request_id\":\"%s\"}\n", t, i % 10, i % 5, g;
    else if (k == 2) printf "10.0.%d.%d - - [%s] \"POST /oauth2/v2.0/token HTTP/1.1\" 200 %d \"-\" \"python-requests/2.31\" sha=%08x%08x%08x%08x\n", i % 256, (i * 3) % 256, t, 1000 + i, int(rand()*4294967295), int(rand()*4294967295), int(rand()*4294967295), int(rand()*4294967295);
    else printf "%s DEBUG auth.session: refreshed access token for user_id=%d scope=openid profile offline_access expires_in=3599 correlation_id=%s\n", t, i, g;
  }
}' > "$dir/noise"
cat tests/data/scan_fixture.log "$dir/noise" > "$dir/block"
block=$(stat -c %s "$dir/block")
reps=$(( MB * 1024 * 1024 / block ))
for ((i = 0; i < reps; i++)); do cat "$dir/block"; done > "$dir/mixed.log"
LOG=$dir/mixed.log
size=$(stat -c %s "$LOG")
echo "## input: $(( size / 1024 / 1024 )) MB, $(wc -l < "$LOG") lines"

# The same codes as a regex: prefixes, Okta, and every error name stserr scans for.
names=$("$B" list --color never | awk '{print $1}' | grep -v '[0-9]' | grep -E '_|-|[a-z][A-Z]' | sort -u | paste -sd'|')
PAT="\\b(AADSTS[0-9]+|AADB2C[0-9]+|E0000[0-9]{3}|$names)\\b"

echo "## agreement: codes counted by each tool (stserr counts a code once per line)"
echo "stserr: $("$B" scan --summary --json "$LOG" | awk -F'"count":' '{split($2, a, "}"); s += a[1]} END {print s}')"
echo "rg:     $(rg --count-matches -i -e "$PAT" "$LOG")"

echo "## throughput"
hyperfine --warmup 1 --runs 5 --style basic --export-markdown "$dir/hyperfine.md" \
  -n "stserr scan --summary" "'$B' scan --summary '$LOG'" \
  -n "rg --count-matches -i -e PATTERN" "rg --count-matches -i -e '$PAT' '$LOG'" \
  -n "grep -oiE PATTERN | sort | uniq -c" "grep -oiE '$PAT' '$LOG' | sort | uniq -c" | grep -v '^ *$'
cat "$dir/hyperfine.md"

echo "## MB/s (best of 3) and peak memory (GNU time, max RSS of the last run)"
source benches/measure.sh
measure "stserr scan --summary" "'$B' scan --summary '$LOG'"
measure "stserr scan --json" "'$B' scan --json '$LOG'"
measure "stserr scan (default)" "'$B' scan --color never '$LOG'"
measure "stserr scan --passthru" "'$B' scan --passthru --color never '$LOG'"
measure "rg --count-matches" "rg --count-matches -i -e '$PAT' '$LOG'"
measure "grep -o | sort | uniq -c" "grep -oiE '$PAT' '$LOG' | sort | uniq -c"
