# lib.sh: a small harness for the CLI tests.  Each test is a shell function
# named t_*; it runs the real binary against real SQLite files in a fresh
# temporary directory and asserts exit codes and exact output.
#
# run CMD...            runs CMD, keeping stdout in $out, stderr in $err, status in $rc
# expect_rc N           the last run exited N
# expect_out TEXT       stdout was exactly TEXT (trailing newline ignored)
# expect_err TEXT       stderr was exactly TEXT
# expect_out_has TEXT   stdout contains TEXT (likewise expect_err_has)
# expect_eq A B WHAT    two values are equal
#
# TRACKER is what the tests run (under make check-valgrind, a wrapper that
# runs the binary under memcheck); TRACKER_BIN, when set, is the binary
# itself, for a test that copies it elsewhere.

: "${TRACKER:?set TRACKER to the binary}"
: "${TRACKER_SRC:?set TRACKER_SRC to the source tree}"
SHARED=${SHARED:-$TRACKER_SRC/../shared}
FIX=$TRACKER_SRC/tests/fixtures
export NO_COLOR=1 TRACKER_NOW=2017-07-21T06:00:00Z
unset TRACKER_DB TRACKER_RULES

passed=0 failed=0 skipped=0
current=""

run() {
    "$@" >"$WORK/.out" 2>"$WORK/.err"
    rc=$?
    out=$(cat "$WORK/.out")
    err=$(cat "$WORK/.err")
}

fail() {
    printf '  %s: %s\n' "$current" "$*" >>"$WORK/.failed"
}

expect_rc() { [ "$rc" = "$1" ] || fail "exit $rc, expected $1 (stderr: ${err:0:300})"; }
expect_out() { [ "$out" = "$1" ] || fail "stdout was:
$out
--- expected:
$1"; }
expect_err() { [ "$err" = "$1" ] || fail "stderr was:
$err
--- expected:
$1"; }
expect_out_has() { [[ "$out" == *"$1"* ]] || fail "stdout lacks '$1'; it was:
${out:0:2000}"; }
expect_err_has() { [[ "$err" == *"$1"* ]] || fail "stderr lacks '$1'; it was:
${err:0:2000}"; }
expect_out_lacks() { [[ "$out" != *"$1"* ]] || fail "stdout has '$1'"; }
expect_eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }
skip() { echo "  skip $current: $*"; touch "$WORK/.skipped"; }
# seed ARGS...: runs tracker for a test's set-up, not its subject.  Under
# make check-valgrind it runs the plain binary: the same commands run under
# memcheck in the tests that check their output, and seeding a store under
# memcheck for every report test would double the run's time.
seed() { TRACKER_PLAIN=1 "$TRACKER" "$@"; }
# heavy: at the start of a test too heavy for memcheck (make check-valgrind
# sets TRACKER_VALGRIND): skips it there (make check runs it); use as
# 'heavy || return'.
heavy() { [ -z "${TRACKER_VALGRIND:-}" ] || { skip "too heavy under memcheck (make check runs it)"; return 1; }; }

# Runs every t_* function defined so far, each in a fresh directory.
# CLI_ONLY=WORD runs the tests whose name holds WORD; CLI_SHARD=K/N runs
# every Nth test from the Kth (0-based), so N runs can share the work;
# CLI_TIMES=1 prints how long each test took.
run_all() {
    local t i=-1
    for t in $(declare -F | awk '{print $3}' | grep '^t_' | sort); do
        if [ -n "${CLI_ONLY:-}" ] && [[ "$t" != *"$CLI_ONLY"* ]]; then continue; fi
        i=$((i + 1))
        if [ -n "${CLI_SHARD:-}" ] && [ $((i % ${CLI_SHARD#*/})) != "${CLI_SHARD%/*}" ]; then continue; fi
        current=$t
        WORK=$(mktemp -d)
        local began=$SECONDS
        (cd "$WORK" && "$t")
        local took=""
        [ -z "${CLI_TIMES:-}" ] || took=" ($((SECONDS - began)) s)"
        # The subshell cannot update our counters: it reports through a file.
        if [ -f "$WORK/.failed" ]; then
            cat "$WORK/.failed" >&2
            failed=$((failed + 1))
            echo "  FAIL $t$took"
        elif [ -f "$WORK/.skipped" ]; then
            skipped=$((skipped + 1))
        else
            passed=$((passed + 1))
            echo "  ok   $t$took"
        fi
        rm -rf "$WORK"
    done
}
