#!/usr/bin/env bash
# nightly.sh: the nightly consistency run, for cron or CI.
#
#   samples/nightly.sh [--feeds FILE] [FEED... | DIR]
#
# Checks the store first (tracker check: a damaged store is never written
# to), imports the feeds a feeds file names, each with its own options
# (tracker import --feeds FILE; see "Feeds file" in the README), and any
# feed files given (or every *.jsonl, *.ndjson, *.json and *.csv in DIR),
# scans with the rule set, and writes the night's report once, as HTML and
# Markdown, into $REPORT_DIR: report-YYYY-MM-DD.html and .md, or, when a
# report of that day is there already, report-YYYY-MM-DD-2.html and so on.
# A report is never overwritten; latest.html and latest.md point at the
# newest.  The report covers everything since the previous report run
# recorded in the store.
#
# Environment: TRACKER (the binary; default: tracker on PATH, else the
# source tree's build/tracker), TRACKER_DB, TRACKER_RULES (as for tracker),
# TRACKER_FEEDS (a feeds file, as --feeds), REPORT_DIR (default: the current
# directory), REPORT_DATE (default: today, UTC).
#
# Exit status: 0 when there is nothing new; 1 when the report has new
# findings (the report is written first); another code when a step fails
# (64 usage, 66 a feed is missing, 74 I/O or a store that fails its check,
# 78 a bad rule file or none named).  Rows that a feed rejects (exit 65
# from import) are reported and the run goes on.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tracker=${TRACKER:-$(command -v tracker || echo "$here/../build/tracker")}
outdir=${REPORT_DIR:-.}
day=${REPORT_DATE:-$(date -u +%F)}
feeds_file=${TRACKER_FEEDS:-}

log() { printf 'nightly: %s\n' "$*" >&2; }

feeds=()
while [ $# -gt 0 ]; do
    case $1 in
        --feeds) [ $# -ge 2 ] || { log "--feeds needs a FILE"; exit 64; }; feeds_file=$2; shift 2; continue ;;
        --feeds=*) feeds_file=${1#--feeds=} ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        -*) log "unknown option '$1' (usage: nightly.sh [--feeds FILE] [FEED... | DIR])"; exit 64 ;;
        *)
            if [ -d "$1" ]; then
                while IFS= read -r f; do feeds+=("$f"); done < <(
                    find "$1" -maxdepth 1 -type f \( -name '*.jsonl' -o -name '*.ndjson' -o -name '*.json' -o -name '*.csv' \) | LC_ALL=C sort)
            else
                feeds+=("$1")
            fi ;;
    esac
    shift
done

if [ -e "${TRACKER_DB:-tracker.db}" ]; then
    "$tracker" check >/dev/null || {
        "$tracker" check >&2
        log "the store failed its check: nothing imported; restore it from a backup"
        exit 74
    }
fi

# Runs one import; a rejected row is reported, any other failure stops the night.
import() {
    local what=$1
    shift
    "$tracker" import --quiet "$@"
    local rc=$?
    case $rc in
        0) ;;
        65) log "$what: some rows were rejected (see above); the good ones are in" ;;
        *) log "$what: import failed (exit $rc)"; exit "$rc" ;;
    esac
}

if [ -n "$feeds_file" ]; then
    import "$feeds_file" --feeds "$feeds_file"
fi
for f in "${feeds[@]+"${feeds[@]}"}"; do
    import "$f" "$f"
done
if [ -z "$feeds_file" ] && [ "${#feeds[@]}" -eq 0 ]; then
    log "no feeds given: reporting on the store as it is"
fi

"$tracker" scan --quiet || { rc=$?; log "scan failed (exit $rc)"; exit "$rc"; }

mkdir -p "$outdir" || exit 74
# The night's names: report-DAY, else report-DAY-2, -3...  Each name is
# taken by creating its files with noclobber, so two runs never share one.
n=1
while :; do
    base=$outdir/report-$day$([ "$n" -gt 1 ] && echo "-$n")
    if (set -C; : >"$base.html") 2>/dev/null; then
        if (set -C; : >"$base.md") 2>/dev/null; then
            break
        fi
        rm -f "$base.html"
    fi
    n=$((n + 1))
done
html=$base.html
md=$base.md
# One recorded report run, written in both formats.
"$tracker" report --output "$html" --output "$md" --fail-on-new >/dev/null
rc=$?
case $rc in
    0|1)
        ln -sfn "$(basename "$html")" "$outdir/latest.html"
        ln -sfn "$(basename "$md")" "$outdir/latest.md"
        if [ "$rc" = 0 ]; then log "no new findings; wrote $html and $md"; else log "NEW FINDINGS: see $html (or $md)"; fi ;;
    *)
        rm -f "$html" "$md"
        log "report failed (exit $rc)" ;;
esac
exit "$rc"
