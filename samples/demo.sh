#!/usr/bin/env bash
# demo.sh: the main job on the embedded default, from the raw article to the
# report: a fresh store (build/demo.db), the people registry, the seed story
# extracted and imported, a scan with the sample rules, the consistency report
# printed as text and written as HTML (report.html in the current directory).
# Usage: samples/demo.sh [TRACKER]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tracker=${1:-$here/../build/tracker}
db=${DEMO_DB:-$here/../build/demo.db}
html=${DEMO_HTML:-$PWD/report.html}
rm -f "$db" "$db-wal" "$db-shm"
run() { echo "\$ tracker $*" >&2; "$tracker" --db "$db" "$@"; }
run init >&2
run people import "$here/people.jsonl" >&2
run extract --published 2017-07-20 --source Reuters --title "Moscow and Washington in talks on cyber working group, says Russia" \
    --import "$here/articles/reuters-2017-07-20-us-russia-cyber.txt" >&2
run scan --rules "$here/rules" >&2
run report --format html --output "$html" --dry-run
run report
echo "wrote $html" >&2
