# Sourced by the throughput scripts: `measure LABEL CMD` runs CMD three times and prints the best
# time, MB/s of the file of `$size` bytes, and the peak RSS of the last run (GNU time).
measure() {
  local label=$1 cmd=$2 best=999999 s secs rss=0
  for _ in 1 2 3; do
    s=$( { /usr/bin/time -f "%e %M" bash -c "$cmd" >/dev/null; } 2>&1 | tail -1)
    secs=${s% *}
    rss=${s#* }
    best=$(awk -v a="$best" -v b="$secs" 'BEGIN {print (b < a) ? b : a}')
  done
  printf '%-40s %7s s %6s MB/s %8s KiB peak\n' "$label" "$best" \
    "$(awk -v s="$size" -v t="$best" 'BEGIN {printf "%.0f", s / 1048576 / (t > 0 ? t : 0.01)}')" "$rss"
}
