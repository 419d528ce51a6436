#!/usr/bin/env bash
# tests/bench/rulesmem.sh BASE [TRACKER]: a rule set of many topics (many.sh,
# BENCH_RULES_TOPICS, default 100000), its load time and peak memory, this
# build (A, default build/tracker) against another (B, BASE: an earlier
# build), PAIRED: A B A B ..., BENCH_PAIRS pairs (default 5) of each of
#
#   rules lint FILE      load and lint
#   rules test FILE      load and run every example
#   scan (7 statements)  `scan --rules FILE` of many.sh's CSV on a fresh store
#
# Each row prints the median pair ratio of the times (A/B) with min and max,
# each side's median seconds, and each side's largest peak RSS (KiB).  It
# fails (never on a time) when the two builds print different results: the
# lint and test outputs, the scan's rule-set hash and counts.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BASE=${1:?usage: rulesmem.sh BASE [TRACKER]}
TRACKER=${2:-$root/build/tracker}
N=${BENCH_RULES_TOPICS:-100000}
PAIRS=${BENCH_PAIRS:-5}
DIR=${BENCH_DIR:-$root/build/bench-rulesmem}
CC=${CC:-cc}
die() { echo "rulesmem: $*" >&2; exit 1; }
for b in "$BASE" "$TRACKER"; do [ -x "$b" ] || die "no tracker binary at $b"; done
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
PEAK=$DIR/peak
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -o "$PEAK" "$here/peak.c"
RULES=$DIR/many-$N.rules
[ -f "$RULES" ] || bash "$here/many.sh" "$N" "$RULES"

# run SIDE OUT CMD...: runs CMD under peak; sets T and KIB.
run() {
    local out=$1
    shift
    "$PEAK" "$DIR/peak.out" "$@" >"$out" 2>&1 || die "failed: $* ($(tail -2 "$out"))"
    read -r T KIB _ <"$DIR/peak.out"
}
# scan BIN OUT: a fresh store, many.sh's 7 statements imported (untimed), the scan timed.
scan() {
    local bin=$1 out=$2
    rm -f "$DIR/s.db"*
    "$bin" --db "$DIR/s.db" init >/dev/null
    "$bin" --db "$DIR/s.db" import --quiet "$RULES.csv" >/dev/null
    sync
    run "$out" "$bin" --db "$DIR/s.db" scan --rules "$RULES"
    sed -i 's/^scan [0-9]*:/scan:/' "$out"
}

# row NAME CMD: PAIRS pairs, A then B; CMD is "lint", "test" or "scan".
row() {
    local name=$1 what=$2 k ratios="" tas="" tbs="" ka=0 kb=0
    for k in $(seq 1 "$PAIRS"); do
        for side in A B; do
            local bin=$TRACKER
            [ $side = A ] || bin=$BASE
            if [ "$what" = scan ]; then scan "$bin" "$DIR/$side.out"; else run "$DIR/$side.out" "$bin" rules "$what" "$RULES"; fi
            if [ $side = A ]; then ta=$T; tas="$tas $T"; [ "$KIB" -gt "$ka" ] && ka=$KIB; else tb=$T; tbs="$tbs $T"; [ "$KIB" -gt "$kb" ] && kb=$KIB; fi
        done
        cmp -s "$DIR/A.out" "$DIR/B.out" || die "$name: the two builds disagree: $(diff "$DIR/A.out" "$DIR/B.out" | head -4)"
        ratios="$ratios $(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.3f", a / b }')"
    done
    med() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
    local r lo hi
    r=$(echo "$ratios" | med)
    lo=$(echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -g | head -1)
    hi=$(echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -g | tail -1)
    printf '| %s | %s (%s..%s) | %s s | %s s | %d KiB | %d KiB |\n' "$name" "$r" "$lo" "$hi" \
        "$(echo "$tas" | med)" "$(echo "$tbs" | med)" "$ka" "$kb"
}

echo "$N topics ($(du -m "$RULES" | cut -f1) MB of rules), $PAIRS pairs; A $TRACKER, B $BASE"
echo
echo "| command | time A/B, median (min..max) | A median | B median | A peak RSS | B peak RSS |"
echo "|---|---|---|---|---|---|"
row "rules lint" lint
row "rules test" test
row "scan of 7 statements (load included)" scan
