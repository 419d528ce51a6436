#!/usr/bin/env bash
# tests/bench/extract.sh [TRACKER]: extraction rate, run by `make bench-extract`.
#
# The corpus is PolNeAR's train split (../shared/data/polnear/train/text,
# 840 real articles, about 5.5 MB) as one text.  Paired runs, A B A B:
#   A  `tracker extract --published 2016-06-01 corpus.txt` (every rule,
#      quotes, sentences, speakers, dates; JSON Lines to /dev/null)
#   B  `pcre2grep -c -u -f patterns.txt corpus.txt`, where patterns.txt is
#      `tracker extract --patterns`: the same attribution and date rules,
#      expanded, each tried on every line (the reference: the regex work
#      alone, without what extract does around it)
# Prints tracker's MB/s and the ratio A/B: the median of the pair ratios,
# with min and max.  No limit is asserted: the machine is shared.
#   BENCH_PAIRS   pairs to run (default 5)
#   BENCH_DIR     where the corpus goes (default build/bench)
#   POLNEAR       the split's text folder (default ../shared/data/polnear/train/text)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TRACKER=${1:-$root/build/tracker}
case $TRACKER in /*) ;; *) TRACKER=$PWD/$TRACKER ;; esac
BENCH_PAIRS=${BENCH_PAIRS:-5}
BENCH_DIR=${BENCH_DIR:-$root/build/bench}
POLNEAR=${POLNEAR:-$root/../shared/data/polnear/train/text}
[ -d "$POLNEAR" ] || { echo "extract bench: no PolNeAR texts at $POLNEAR" >&2; exit 1; }
command -v pcre2grep >/dev/null || { echo "extract bench: pcre2grep is needed" >&2; exit 1; }
mkdir -p "$BENCH_DIR"
corpus=$BENCH_DIR/polnear-train.txt
: > "$corpus"
for f in "$POLNEAR"/*.txt; do cat "$f" >> "$corpus"; printf '\n\n' >> "$corpus"; done
"$TRACKER" extract --patterns > "$BENCH_DIR/attribution-patterns.txt"
bytes=$(wc -c < "$corpus")
# seconds of one run of "$@" (output discarded), from bash's clock
secs() {
    local t0 t1
    t0=$(date +%s.%N)
    local rc=0
    "$@" > /dev/null 2> "$BENCH_DIR/extract-bench.err" || rc=$?
    [ "$rc" -le 1 ] || { echo "extract bench: $1 failed (status $rc):" >&2; cat "$BENCH_DIR/extract-bench.err" >&2; exit 1; }
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'
}
ratios=() ; ta=()
for _ in $(seq "$BENCH_PAIRS"); do
    a=$(secs "$TRACKER" extract --published 2016-06-01 "$corpus")
    b=$(secs pcre2grep -c -u -f "$BENCH_DIR/attribution-patterns.txt" "$corpus")
    ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN {print a / b}')")
    ta+=("$a")
done
med() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
ma=$(med "${ta[@]}")
r=$(med "${ratios[@]}")
lo=$(printf '%s\n' "${ratios[@]}" | sort -g | head -1)
hi=$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)
stmts=$("$TRACKER" extract --published 2016-06-01 "$corpus" | wc -l)
awk -v n="$bytes" -v t="$ma" -v p="$BENCH_PAIRS" -v s="$stmts" 'BEGIN {
    printf "extract: %.2f MB in %.2f s (median of %d), %.2f MB/s, %d statements\n", n / 1e6, t, p, n / 1e6 / t, s }'
printf 'ratio tracker extract / pcre2grep -f patterns: median %.2f (min %.2f, max %.2f, %d pairs)\n' \
    "$r" "$lo" "$hi" "$BENCH_PAIRS"
