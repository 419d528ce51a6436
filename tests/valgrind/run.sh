#!/usr/bin/env bash
# run.sh: make check-valgrind.  Runs the CLI tests (tests/cli) with every
# tracker run under valgrind's memcheck: leaks (definite and indirect),
# invalid reads and writes and uninitialised values all count as errors.
# PCRE2's JIT code is suppressed by tests/valgrind/pcre2-jit.supp (see
# there why); first, a planted error proves that those suppressions hide
# nothing else.  Tests too heavy for memcheck (200k-row imports, kills,
# the browser) are skipped here: 'make check' and 'make check-stress' run
# them.  Usage: tests/valgrind/run.sh BINARY
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$src/build-valgrind
supp=$src/tests/valgrind/pcre2-jit.supp
command -v valgrind >/dev/null || { echo "check-valgrind: valgrind is not installed"; exit 1; }
rm -rf "$out" && mkdir -p "$out/logs"
"${CC:-cc}" -g -O0 -o "$out/planted" "$src/tests/valgrind/planted.c" || exit 1
valgrind -q --error-exitcode=99 --suppressions="$supp" "$out/planted" >/dev/null 2>"$out/planted.log"
if [ $? != 99 ] || ! grep -q "uninitialised" "$out/planted.log" || ! grep -q "Invalid read" "$out/planted.log"; then
    echo "check-valgrind: the suppressions hide a planted error:"; cat "$out/planted.log"; exit 1
fi
echo "check-valgrind: a planted error is still caught with $(basename "$supp") loaded"
# TRACKER_PLAIN (set by the tests' seed helper, tests/cli/lib.sh): a
# set-up step, run without memcheck.
cat >"$out/tracker" <<SH
#!/bin/sh
[ -z "\$TRACKER_PLAIN" ] || exec "$bin" "\$@"
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \\
  --errors-for-leak-kinds=definite,indirect --suppressions="$supp" \\
  --log-file="$out/logs/vg.%p.log" "$bin" "\$@"
SH
chmod +x "$out/tracker"
# Two shards at once: memcheck runs one process on one core.
pids=
for k in 0 1; do
    TRACKER=$out/tracker TRACKER_BIN=$bin TRACKER_SRC=$src TRACKER_VALGRIND=1 CLI_SHARD=$k/2 \
        bash "$src/tests/cli/run.sh" >"$out/shard$k.out" 2>&1 &
    pids="$pids $!"
done
rc=0
for p in $pids; do wait "$p" || rc=1; done
cat "$out/shard0.out" "$out/shard1.out" | grep -v '^CLI tests:$\|^[0-9]* passed, [0-9]* failed'
totals=$(cat "$out/shard0.out" "$out/shard1.out" | grep '^[0-9]* passed, [0-9]* failed' |
    awk '{ p += $1; f += $3; s += $5 } END { print p " passed, " f " failed, " s " skipped" }')
echo "CLI tests under memcheck: $totals"
runs=$(ls "$out/logs" | wc -l)
bad=$(find "$out/logs" -type f -size +0 | sort)
if [ -n "$bad" ]; then
    echo "check-valgrind: memcheck reported errors in $(echo "$bad" | wc -l) of $runs runs:"
    for f in $bad; do echo "== $f"; head -60 "$f"; done
    exit 1
fi
echo "check-valgrind: $runs tracker runs under memcheck, 0 errors"
exit $rc
