#!/usr/bin/env bash
# run.sh: the CLI tests.  Sources every tests/cli/test_*.sh (each defines
# t_* functions), runs them and prints "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
for f in "$here"/test_*.sh; do
    . "$f"
done
echo "CLI tests:"
run_all
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
