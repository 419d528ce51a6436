#!/usr/bin/env bash
# nightly.sh: the nightly consistency run, for cron or CI.
#
#   samples/nightly.sh [FEED... | DIR]
#
# Checks the store first (tracker check: a damaged store is never written
# to), imports the day's feeds (files given, or every *.jsonl, *.ndjson,
# *.json and *.csv in DIR), scans with the rule sets, and writes the dated report
# report-YYYY-MM-DD.html and report-YYYY-MM-DD.md into $REPORT_DIR (default:
# the current directory).  The report covers everything since the previous
# report run recorded in the store.
#
# Environment: TRACKER (the binary; default: tracker on PATH, else the
# source tree's build/tracker), TRACKER_DB, TRACKER_RULES (as for tracker),
# REPORT_DIR, REPORT_DATE (default: today, UTC).
#
# Exit status: 0 when there is nothing new; 1 when the report has new
# findings (the report is written first); another code when a step fails
# (64 usage, 66 a feed is missing, 74 I/O or a store that fails its check,
# 78 a bad rule file).  Rows that
# a feed rejects (exit 65 from import) are reported and the run goes on.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tracker=${TRACKER:-$(command -v tracker || echo "$here/../build/tracker")}
outdir=${REPORT_DIR:-.}
day=${REPORT_DATE:-$(date -u +%F)}

feeds=()
for arg in "$@"; do
    if [ -d "$arg" ]; then
        while IFS= read -r f; do feeds+=("$f"); done < <(
            find "$arg" -maxdepth 1 -type f \( -name '*.jsonl' -o -name '*.ndjson' -o -name '*.json' -o -name '*.csv' \) | LC_ALL=C sort)
    else
        feeds+=("$arg")
    fi
done

log() { printf 'nightly: %s\n' "$*" >&2; }

if [ -e "${TRACKER_DB:-tracker.db}" ]; then
    "$tracker" check >/dev/null || {
        "$tracker" check >&2
        log "the store failed its check: nothing imported; restore it from a backup"
        exit 74
    }
fi

if [ "${#feeds[@]}" -gt 0 ]; then
    for f in "${feeds[@]}"; do
        "$tracker" import --quiet "$f"
        rc=$?
        case $rc in
            0) ;;
            65) log "$f: some rows were rejected (see above); the good ones are in" ;;
            *) log "$f: import failed (exit $rc)"; exit "$rc" ;;
        esac
    done
else
    log "no feeds given: reporting on the store as it is"
fi

"$tracker" scan --quiet || { rc=$?; log "scan failed (exit $rc)"; exit "$rc"; }

mkdir -p "$outdir" || exit 74
md=$outdir/report-$day.md
html=$outdir/report-$day.html
# The Markdown copy first, without recording: the recorded HTML run that
# follows covers the same window and marks its new findings open.
"$tracker" report --dry-run --format markdown --output "$md" >/dev/null || exit $?
"$tracker" report --format html --output "$html" --fail-on-new
rc=$?
case $rc in
    0) log "no new findings; wrote $html and $md" ;;
    1) log "NEW FINDINGS: see $html (or $md)" ;;
    *) log "report failed (exit $rc)" ;;
esac
exit "$rc"
