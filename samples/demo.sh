#!/usr/bin/env bash
# demo.sh: the main job on the samples, in a fresh store under build/.
# Usage: samples/demo.sh [TRACKER]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tracker=${1:-$here/../build/tracker}
db=${DEMO_DB:-$here/../build/demo.db}
rm -f "$db" "$db-wal" "$db-shm"
run() { echo "\$ tracker $*"; "$tracker" --db "$db" "$@"; }
run init
run people import "$here/people.jsonl"
run import "$here/statements.jsonl"
run history "Donald Trump"
run search "talks"
