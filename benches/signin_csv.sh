#!/usr/bin/env bash
# Sign-in CSV throughput and memory (issue 15): `stserr scan --summary` on an Entra admin-center
# sign-in log download against what people use for the same job today: a Python csv-module script
# (benches/signin_baseline.py: failures per error code with distinct users and apps, first and last
# seen) and `xsv frequency -s '"Sign-in error code"'` (counts only; xsv reads an unquoted
# "Sign-in error code" as the column range "Sign" to "in error code", hence the inner quotes).
# Needs GNU time and Python 3; xsv if on PATH or in /tmp/xsv/bin (cargo install xsv --locked --root /tmp/xsv).
# Usage: benches/signin_csv.sh [MB]   (default 1024; the CSV lives in a temporary folder, removed after)
#        SKIP_STSERR=1 benches/signin_csv.sh 1024   # baselines only: no cargo build, no stserr runs
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-1024}
command -v python3 >/dev/null || { echo "missing python3" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "missing GNU time: apt-get install -y time" >&2; exit 2; }
XSV=$(command -v xsv || true)
[ -z "$XSV" ] && [ -x /tmp/xsv/bin/xsv ] && XSV=/tmp/xsv/bin/xsv
[ -z "$XSV" ] && echo "note: xsv not found (cargo install xsv --locked --root /tmp/xsv); its rows are skipped" >&2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The input: tests/data/exports/entra_signins.csv (640 sign-ins over three days, the portal's
# 57-column header, BOM, CRLF, every field quoted) repeated up to the size asked for, as one
# download of a large tenant: the header and the BOM once; block k's times squeezed into its own
# slice of a 30-day window so the file stays newest first; usernames varied per block (40 variants
# of each, so about 1,400 distinct users); request and correlation ids varied so no two rows are
# identical. Rows keep their quoting, embedded newlines and CRLF.
python3 - "$MB" "$dir/InteractiveSignIns_2024-04-22_2024-05-21.csv" <<'EOF'
import csv, datetime as dt, io, os, sys
mb, out = int(sys.argv[1]), sys.argv[2]
src = "tests/data/exports/entra_signins.csv"
with open(src, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
col = {}
for i, n in enumerate(header):
    col.setdefault(n, i)
c_date, c_req, c_corr, c_user = col["Date (UTC)"], col["Request ID"], col["Correlation ID"], col["Username"]
fmt = "%Y-%m-%dT%H:%M:%SZ"
times = [dt.datetime.strptime(r[c_date], fmt) for r in rows]
end, start = max(times), min(times)
span = (end - start).total_seconds() or 1.0
def render(rs):
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rs)
    return buf.getvalue().encode("utf-8")
block_bytes = len(render(rows))
blocks = max(1, mb * 1024 * 1024 // block_bytes)
window = 30 * 86400.0 / blocks          # seconds of the 30-day window per block
with open(out, "wb") as f:
    f.write(b"\xef\xbb\xbf" + render([header]))
    for k in range(blocks):
        variant = k % 40
        shifted = []
        for r, t in zip(rows, times):
            r = list(r)
            back = (k + (end - t).total_seconds() / span) * window
            r[c_date] = (end - dt.timedelta(seconds=back)).strftime(fmt)
            tag = "%04x" % (k & 0xFFFF)
            r[c_req] = r[c_req][:-4] + tag
            r[c_corr] = r[c_corr][:-4] + tag
            if variant and "#EXT#" not in r[c_user]:
                local, _, domain = r[c_user].partition("@")
                r[c_user] = "%s%d@%s" % (local, variant, domain)
            shifted.append(r)
        f.write(render(shifted))
EOF
CSV=$(ls "$dir"/*.csv)
size=$(stat -c %s "$CSV")
echo "## input: $(( size / 1024 / 1024 )) MB, $(( $(grep -c $'\r$' "$CSV") - 1 )) sign-ins (CRLF records), one header"

echo "## agreement: failures counted by each tool"
echo "python csv: $(python3 benches/signin_baseline.py "$CSV" | awk -F'\t' 'NR > 1 {s += $2} END {print s}')"
if [ -n "$XSV" ]; then
  echo "xsv:        $("$XSV" frequency -s '"Sign-in error code"' -l 0 "$CSV" | awk -F, 'NR > 1 && $2 != "0" {s += $3} END {print s}')"
fi

echo "## MB/s (best of 3) and peak memory (GNU time, max RSS of the last run)"
source benches/measure.sh

# ---- stserr (issue 15) ---------------------------------------------------------------------
# `stserr scan --summary FILE` on the CSV: the structured reader counts each row's error code once
# (with users, apps, first/last), so its total must equal the two baselines' above.
if [ "${SKIP_STSERR:-}" != 1 ]; then
  cargo build --release --quiet
  B=$PWD/target/release/stserr
  echo "stserr: $("$B" scan --summary --json "$CSV" | awk -F'"count":' '{split($2, a, "[,}]"); s += a[1]} END {print s}')  (sum of --summary --json counts)"
  measure "stserr scan --summary" "'$B' scan --summary '$CSV'"
fi
# ---------------------------------------------------------------------------------------------

measure "python3 signin_baseline.py (csv module)" "python3 benches/signin_baseline.py '$CSV'"
if [ -n "$XSV" ]; then
  measure "xsv frequency -s 'Sign-in error code'" "'$XSV' frequency -s '\"Sign-in error code\"' -l 0 '$CSV'"
fi
