#!/usr/bin/env bash
# run.sh: make check-stress.  Kill -9 and concurrency tests: imports,
# scans, reports and backups killed at many points, readers beside two
# writers.  Uses the CLI harness (tests/cli/lib.sh); prints "N passed,
# N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cli/lib.sh"
. "$here/test_stress.sh"
echo "stress tests:"
run_all
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
