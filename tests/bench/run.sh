#!/usr/bin/env bash
# tests/bench/run.sh [TRACKER]: tracker's benchmarks (SPEC §10), run by `make bench`.
#
# Prints RATIOS against a reference measured in the same run on the same
# machine, never absolute limits: the machine is shared and noisy.
#
#   TRACKER         the binary to measure (default build/tracker)
#   BENCH_SIZES     corpus sizes in statements (default "10000 100000 1000000")
#   BENCH_TOPICS    topics in the corpus and topics.rules (default 50)
#   BENCH_REPEAT    runs of each import, best kept (default 3 below 1M, 1 from 1M)
#   BENCH_DIR       where corpora, databases and results go (default build/bench)
#   BENCH_HIST_RUNS history queries per shape (default 1000)
#   BENCH_STEPS     which benchmarks run (default "import scan report link"; scan
#                   needs import; history runs with import)
#   CC              compiler for the helpers (default cc)
#
# What is measured, per size (see README.md in this directory):
#   import   `tracker import --quiet statements.csv` into a fresh store
#            (after `tracker init` and `tracker people import`, untimed),
#            against the reference: sqlite3's own `.import` of the same rows
#            into the same tables (see reference_import below).  Wall time,
#            rows/s, the ratio tracker/sqlite3 (target <= 2) and the peak
#            RSS of each process (target for tracker: < 64 MiB).
#   history  at the largest size: histq runs the history query of
#            db/statements.c 1000 times (p50, p99; target < 1 ms).
#   scan     full scan vs pcre2grep, incremental scan of 1k new statements,
#            recall of the planted findings (see bench_scan below).
#   report   time and peak RSS of `tracker report` (see bench_report below).
#   link     linking on / --no-link, paired, on the same import (bench_link below).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TRACKER=${1:-$root/build/tracker}
case $TRACKER in /*) ;; *) TRACKER=$PWD/$TRACKER ;; esac
BENCH_SIZES=${BENCH_SIZES:-"10000 100000 1000000"}
BENCH_TOPICS=${BENCH_TOPICS:-50}
BENCH_DIR=${BENCH_DIR:-$root/build/bench}
BENCH_HIST_RUNS=${BENCH_HIST_RUNS:-1000}
BENCH_STEPS=${BENCH_STEPS:-"import scan report link"}
CC=${CC:-cc}
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
GEN=$BENCH_DIR/gen PEAK=$BENCH_DIR/peak HISTQ=$BENCH_DIR/histq
RESULTS=$BENCH_DIR/results.tsv

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

[ -x "$TRACKER" ] || die "no tracker binary at $TRACKER (run make first)"
command -v sqlite3 >/dev/null || die "sqlite3 (the CLI) is needed for the reference"

build_tools() {
    local f="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror"
    $CC $f -o "$GEN" "$here/gen.c"
    $CC $f -o "$PEAK" "$here/peak.c"
    # shellcheck disable=SC2046
    $CC $f $(pkg-config --cflags sqlite3 2>/dev/null) -o "$HISTQ" "$here/histq.c" \
        $(pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3)
}

# The generator must be deterministic: the same arguments, byte-identical files.
check_determinism() {
    local a=$BENCH_DIR/det-a b=$BENCH_DIR/det-b
    rm -rf "$a" "$b"
    "$GEN" --statements 3000 --topics "$BENCH_TOPICS" --extra 100 --out "$a" 2>/dev/null
    "$GEN" --statements 3000 --topics "$BENCH_TOPICS" --extra 100 --out "$b" 2>/dev/null
    local ha hb
    ha=$(cd "$a" && sha256sum -- * | sha256sum)
    hb=$(cd "$b" && sha256sum -- * | sha256sum)
    [ "$ha" = "$hb" ] || die "gen is not deterministic: $a and $b differ"
    rm -rf "$a" "$b"
    echo "gen: deterministic (two runs at 3000 statements + 100 extra are byte-identical)"
}

# Reads "SECONDS KIB STATUS" written by peak into the globals T, KIB, RC.
read_peak() { read -r T KIB RC <"$1"; }

# A fresh store with the schema and the people, as both imports start from.
fresh_store() {
    local db=$1 corpus=$2
    rm -f "$db" "$db-wal" "$db-shm"
    "$TRACKER" --db "$db" init >/dev/null
    "$TRACKER" --db "$db" people import "$corpus/people.jsonl" >/dev/null
}

# tracker import of statements.csv; sets T (s), KIB, and checks the count.
tracker_import() {
    local corpus=$1 n=$2 db=$BENCH_DIR/tracker.db
    fresh_store "$db" "$corpus"
    "$PEAK" "$BENCH_DIR/peak.out" "$TRACKER" --db "$db" import --quiet "$corpus/statements.csv" \
        >"$BENCH_DIR/import.out" 2>"$BENCH_DIR/import.err" ||
        die "tracker import failed: $(tail -3 "$BENCH_DIR/import.err")"
    read_peak "$BENCH_DIR/peak.out"
    grep -q "^imported $n, duplicates 0, rejected 0$" "$BENCH_DIR/import.out" ||
        die "tracker import: unexpected result: $(cat "$BENCH_DIR/import.out")"
    local got
    got=$(sqlite3 "$db" "SELECT count(*) FROM statements_fts_docsize")
    [ "$got" = "$n" ] || die "tracker import: $got rows in the FTS index, expected $n"
}

# The reference: sqlite3's own CSV import of the same rows into the same
# tables.  Why it is fair:
#  - the same store: created by `tracker init` (same schema, the UNIQUE hash
#    index, the (person_id, date_lo) and ingested_at indexes, the FTS5 index
#    filled by the same AFTER INSERT trigger) with the same people imported
#    by `tracker people import`; the 12 sources are inserted beforehand (tracker
#    creates them during its import: 12 rows, negligible);
#  - the same rows: statements.sqlite.csv holds, for each row of
#    statements.csv, every column of the statements table as tracker would
#    compute it: person and source ids, the date's lo/hi/precision, mode,
#    side, ext_id, ingested_at.  Only the hash differs in type: 32 hex
#    digits as TEXT (sqlite3 .import binds text; 3.40 has no unhex()) where
#    tracker stores a 16-byte BLOB, so the reference's unique index is a
#    little larger, which if anything flatters tracker slightly;
#  - the same settings: the pragmas tracker's db.c sets (journal_mode=WAL,
#    synchronous=NORMAL, foreign_keys=ON, temp_store=MEMORY), one transaction,
#    the same SQLite library (both link the system libsqlite3);
#  - what the reference does not do is tracker's own work: parsing dates,
#    resolving speakers through aliases, the SHA-256 identity and the
#    ON CONFLICT check, validating UTF-8.  That work is what the ratio prices.
reference_import() {
    local corpus=$1 n=$2 db=$BENCH_DIR/reference.db
    fresh_store "$db" "$corpus"
    sqlite3 -bail "$db" <"$corpus/sources.sql"
    # The generator numbers people 1..P in people.jsonl order; check that the
    # store agrees, else the reference's person ids would be wrong.
    local first want
    first=$(sqlite3 "$db" "SELECT name FROM people WHERE id=1")
    want=$(head -1 "$corpus/people.jsonl" | sed 's/^{"name":"\([^"]*\)".*/\1/')
    [ "$first" = "$want" ] || die "reference: person 1 is '$first', expected '$want'"
    # When the schema fills the FTS5 index by an AFTER INSERT trigger, the
    # .import fires it; if db/ ever fills the index itself instead, the
    # reference fills it in one statement before COMMIT (the fastest way
    # SQLite offers), so that both sides always build the same index.
    local fts=""
    [ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE type='trigger'
          AND tbl_name='statements' AND sql LIKE '%AFTER INSERT%statements_fts%'")" != 0 ] ||
        fts="INSERT INTO statements_fts(rowid, text) SELECT id, text FROM statements;"
    # Each statement is its first report (schema 7): the reference writes
    # them too, in one statement, as the migration does.
    local reports=""
    [ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name='reports'")" = 0 ] ||
        reports="INSERT INTO reports(id, statement_id, hash, source_id, publisher, ext_id, text, mode,
  date_text, date_lo, date_hi, date_prec, url, span_start, span_end, cue, date_expr, context, spans,
  ingested_at) SELECT s.id, s.id, s.hash, s.source_id, src.publisher, s.ext_id, s.text, s.mode,
  s.date_text, s.date_lo, s.date_hi, s.date_prec, s.url, s.span_start, s.span_end, s.cue, s.date_expr,
  s.context, s.spans, s.ingested_at FROM statements s LEFT JOIN sources src ON src.id=s.source_id;"
    cat >"$BENCH_DIR/reference.sql" <<EOF
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
PRAGMA foreign_keys=ON;
PRAGMA temp_store=MEMORY;
BEGIN;
.import --csv $corpus/statements.sqlite.csv statements
$fts
$reports
COMMIT;
EOF
    "$PEAK" "$BENCH_DIR/peak.out" sqlite3 -bail "$db" ".read $BENCH_DIR/reference.sql" \
        >/dev/null 2>"$BENCH_DIR/reference.err" ||
        die "reference import failed: $(tail -3 "$BENCH_DIR/reference.err")"
    read_peak "$BENCH_DIR/peak.out"
    local got
    got=$(sqlite3 "$db" "SELECT count(*) FROM statements")
    [ "$got" = "$n" ] || die "reference: $got rows, expected $n"
    got=$(sqlite3 "$db" "SELECT count(*) FROM statements_fts_docsize")
    [ "$got" = "$n" ] || die "reference: $got rows in the FTS index, expected $n"
}

# Best (lowest) of BENCH_REPEAT runs of both imports, interleaved so that
# machine noise hits both alike.  Appends a row to $RESULTS.
bench_import() {
    local n=$1 corpus=$2 repeat=${BENCH_REPEAT:-}
    [ -n "$repeat" ] || { [ "$n" -ge 1000000 ] && repeat=1 || repeat=3; }
    local tt="" tk=0 rt="" rk=0 i
    for ((i = 0; i < repeat; i++)); do
        tracker_import "$corpus" "$n"
        if [ -z "$tt" ] || awk -v a="$T" -v b="$tt" 'BEGIN{exit !(a<b)}'; then tt=$T; fi
        [ "$KIB" -gt "$tk" ] && tk=$KIB
        reference_import "$corpus" "$n"
        if [ -z "$rt" ] || awk -v a="$T" -v b="$rt" 'BEGIN{exit !(a<b)}'; then rt=$T; fi
        [ "$KIB" -gt "$rk" ] && rk=$KIB
    done
    local tsz rsz
    tsz=$(stat -c %s "$BENCH_DIR/tracker.db")
    rsz=$(stat -c %s "$BENCH_DIR/reference.db")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tt" "$tk" "$rt" "$rk" "$repeat" "$tsz" "$rsz" \
        >>"$RESULTS"
    echo "import $n: tracker ${tt}s ($((tk / 1024)) MiB), sqlite3 ${rt}s ($((rk / 1024)) MiB), best of $repeat"
}

print_import_table() {
    echo
    echo "Import of generated statements (CSV), best of BENCH_REPEAT runs; SQLite $(sqlite3 --version | cut -d' ' -f1)"
    echo "ratio = tracker time / sqlite3 .import time (target <= 2.00); peak = max RSS (target < 64 MiB)"
    awk -F'\t' '
    BEGIN {
        printf "%10s %12s %12s %7s %12s %12s %9s %9s  %s\n", "statements", "tracker r/s", "sqlite3 r/s",
               "ratio", "tracker s", "sqlite3 s", "trk MiB", "sql MiB", "verdict"
    }
    {
        ratio = $2 / $4; mib = $3 / 1024; v = "ok"
        if (ratio > 2) v = "SLOW"
        if (mib >= 64) v = (v == "ok" ? "" : v "+") "MEM"
        printf "%10d %12.0f %12.0f %7.2f %12.2f %12.2f %9.1f %9.1f  %s\n", $1, $1 / $2, $1 / $4,
               ratio, $2, $4, mib, $5 / 1024, v
    }' "$RESULTS"
}

# History latency at the largest size, on the store tracker just filled.
bench_history() {
    local n=$1
    echo
    echo "History query latency at $n statements (histq: the query of db/statements.c, in-process;"
    echo "target p50/p99 < 1 ms for one person):"
    "$HISTQ" "$BENCH_DIR/tracker.db" "$BENCH_HIST_RUNS"
}

# ---- scan (SPEC §10, issue 3) -------------------------------------------
#
# On a copy of the store tracker just imported (scan.db; tracker.db stays as
# imported for bench_history):
#   full         `tracker scan --rules topics.rules --quiet`: classify every
#                statement (50 topics by default), store the assertions, run
#                the 100 detectors; wall time and peak RSS.
#   reference    `pcre2grep -c -i -u -f patterns` over statements.txt (the
#                same texts, one a line) with every mention/affirm/deny
#                pattern of topics.rules, each prefixed with (*UCP) since
#                pcre2grep 10.42 has no --ucp: caseless, UTF, UCP, JIT, as
#                tracker compiles them.  Best of BENCH_REPEAT.
#   incremental  import extra.csv (1k statements that continue the corpus),
#                then time `tracker scan` again: target < 1% of the full scan.
#                Then a scan with nothing new (the fixed cost).
#   recall       findings (`tracker findings list --format json`: kind and
#                statements[].id) against planted.tsv: planted found / planted
#                (target 100%), and findings that were not planted.
SCAN_RESULTS=$BENCH_DIR/scan.tsv
BENCH_EXTRA=${BENCH_EXTRA:-1000}

# Copies a closed store (with its WAL checkpointed) to another path.
copy_store() {
    sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    rm -f "$2" "$2-wal" "$2-shm"
    cp "$1" "$2"
}

# Checks topics.rules with tracker's own CI commands.
check_rules() {
    local rules=$1 out=$BENCH_DIR/rules.out
    "$TRACKER" rules test "$rules" >"$out" 2>&1 || die "rules test $rules failed: $(tail -5 "$out")"
    grep -q ' 0 failed' "$out" || die "rules test: $(tail -1 "$out")"
    "$TRACKER" rules lint "$rules" >"$out" 2>&1 || die "rules lint $rules failed: $(tail -5 "$out")"
    grep -q ' 0 warnings' "$out" || die "rules lint: $(tail -5 "$out")"
}

# Statement id N must be the Nth data row of statements.csv (ext_id sNNNNNNNN),
# else planted.tsv's ids would not be tracker's.
check_ids() {
    local db=$1 n=$2 got
    got=$(sqlite3 "$db" "SELECT count(*) || ' ' || coalesce(sum(id != CAST(substr(ext_id, 2) AS INTEGER)), 0)
                         FROM statements")
    [ "$got" = "$n 0" ] || die "statement ids do not follow the CSV rows ($got: rows, mismatches)"
}

# Recall and precision of the findings against planted.tsv; sets PLANTED,
# FOUND, FINDINGS, EXTRA (findings not planted).  A planted event is found
# when a finding of its kind holds exactly its two statements.
check_recall() {
    local db=$1 corpus=$2 out
    "$TRACKER" --db "$db" findings list --format json >"$BENCH_DIR/findings.json" ||
        die "tracker findings list failed"
    out=$(awk -F'\t' '
        FNR == NR {
            if (FNR == 1) next
            a = substr($4, 2) + 0; b = substr($9, 2) + 0
            if (a > b) { t = a; a = b; b = t }
            want[$1 " " a " " b] = 1; planted++
            next
        }
        {
            kind = $0; sub(/.*"kind":"/, "", kind); sub(/".*/, "", kind)
            s = $0; sub(/.*"statements":\[/, "", s)
            n = 0
            while (match(s, /"id":[0-9]+/)) {
                ids[++n] = substr(s, RSTART + 5, RLENGTH - 5) + 0
                s = substr(s, RSTART + RLENGTH)
            }
            a = ids[1]; b = ids[2]
            if (a > b) { t = a; a = b; b = t }
            findings++
            k = kind " " a " " b
            if (k in want) { if (!(k in seen)) found++; seen[k] = 1 }
            else extra++
        }
        END { printf "%d %d %d %d\n", planted, found, findings, extra }
    ' "$corpus/planted.tsv" "$BENCH_DIR/findings.json")
    read -r PLANTED FOUND FINDINGS EXTRA <<<"$out"
    # The planted events not found, for the analysis.
    awk -F'\t' '
        FNR == NR {
            kind = $0; sub(/.*"kind":"/, "", kind); sub(/".*/, "", kind)
            s = $0; sub(/.*"statements":\[/, "", s); n = 0
            while (match(s, /"id":[0-9]+/)) { ids[++n] = substr(s, RSTART + 5, RLENGTH - 5) + 0; s = substr(s, RSTART + RLENGTH) }
            a = ids[1]; b = ids[2]; if (a > b) { t = a; a = b; b = t }
            got[kind " " a " " b] = 1; next
        }
        FNR > 1 {
            a = substr($4, 2) + 0; b = substr($9, 2) + 0; if (a > b) { t = a; a = b; b = t }
            if (!(($1 " " a " " b) in got)) print
        }' "$BENCH_DIR/findings.json" "$corpus/planted.tsv" >"$BENCH_DIR/missed-$3.tsv"
}

bench_scan() {
    local n=$1 corpus=$2
    if ! "$TRACKER" scan --help >/dev/null 2>&1; then
        echo "scan $n: skipped (tracker scan does not exist yet)"
        return 0
    fi
    command -v pcre2grep >/dev/null || die "pcre2grep is needed for the scan reference"
    local rules=$corpus/topics.rules db=$BENCH_DIR/scan.db repeat=${BENCH_REPEAT:-}
    [ -n "$repeat" ] || { [ "$n" -ge 1000000 ] && repeat=1 || repeat=3; }
    check_rules "$rules"
    copy_store "$BENCH_DIR/tracker.db" "$db"
    check_ids "$db" "$n"

    # Full scan.
    "$PEAK" "$BENCH_DIR/peak.out" "$TRACKER" --db "$db" scan --rules "$rules" --quiet \
        >"$BENCH_DIR/scan.out" 2>"$BENCH_DIR/scan.err" ||
        die "tracker scan failed: $(tail -3 "$BENCH_DIR/scan.err")"
    read_peak "$BENCH_DIR/peak.out"
    local st=$T sk=$KIB
    local classified
    classified=$(sqlite3 "$db" "SELECT count(DISTINCT statement_id) FROM assertions")

    # Reference: pcre2grep with the same patterns over the same texts.
    sed 's/^/(*UCP)/' "$corpus/patterns.txt" >"$BENCH_DIR/patterns.ucp"
    local gt="" gk=0 i lines
    for ((i = 0; i < repeat; i++)); do
        "$PEAK" "$BENCH_DIR/peak.out" pcre2grep -c -i -u -f "$BENCH_DIR/patterns.ucp" \
            "$corpus/statements.txt" >"$BENCH_DIR/grep.out"
        read_peak "$BENCH_DIR/peak.out"
        [ "$RC" -le 1 ] || die "pcre2grep failed (status $RC)"
        if [ -z "$gt" ] || awk -v a="$T" -v b="$gt" 'BEGIN{exit !(a<b)}'; then gt=$T; fi
        [ "$KIB" -gt "$gk" ] && gk=$KIB
    done
    lines=$(cat "$BENCH_DIR/grep.out")
    # A second reference with the mention patterns alone (every third line):
    # what tracker runs on a statement that mentions no topic (80% of them).
    awk 'NR % 3 == 1' "$BENCH_DIR/patterns.ucp" >"$BENCH_DIR/mentions.ucp"
    local mt=""
    for ((i = 0; i < repeat; i++)); do
        "$PEAK" "$BENCH_DIR/peak.out" pcre2grep -c -i -u -f "$BENCH_DIR/mentions.ucp" \
            "$corpus/statements.txt" >/dev/null
        read_peak "$BENCH_DIR/peak.out"
        [ "$RC" -le 1 ] || die "pcre2grep (mentions) failed (status $RC)"
        if [ -z "$mt" ] || awk -v a="$T" -v b="$mt" 'BEGIN{exit !(a<b)}'; then mt=$T; fi
    done
    [ "$lines" = "$classified" ] ||
        note "scan $n: pcre2grep matched $lines lines, tracker asserted on $classified statements"

    check_recall "$db" "$corpus" "$n"

    # Incremental: 1k new statements after the corpus, then nothing new.
    local before=$FINDINGS
    "$TRACKER" --db "$db" import --quiet "$corpus/extra.csv" >"$BENCH_DIR/extra.out" 2>&1 ||
        die "import of extra.csv failed: $(tail -3 "$BENCH_DIR/extra.out")"
    grep -q "^imported $BENCH_EXTRA, duplicates 0, rejected 0$" "$BENCH_DIR/extra.out" ||
        die "extra import: $(cat "$BENCH_DIR/extra.out")"
    "$PEAK" "$BENCH_DIR/peak.out" "$TRACKER" --db "$db" scan --rules "$rules" --quiet \
        >"$BENCH_DIR/scan.out" 2>"$BENCH_DIR/scan.err" ||
        die "incremental tracker scan failed: $(tail -3 "$BENCH_DIR/scan.err")"
    read_peak "$BENCH_DIR/peak.out"
    local it=$T ik=$KIB
    "$PEAK" "$BENCH_DIR/peak.out" "$TRACKER" --db "$db" scan --rules "$rules" --quiet \
        >"$BENCH_DIR/scan.out" 2>"$BENCH_DIR/scan.err" ||
        die "empty tracker scan failed: $(tail -3 "$BENCH_DIR/scan.err")"
    read_peak "$BENCH_DIR/peak.out"
    local et=$T
    local after
    after=$("$TRACKER" --db "$db" findings list --format json | wc -l)
    [ "$after" = "$before" ] || note "scan $n: the 1k extra statements added $((after - before)) findings"

    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$st" "$sk" "$gt" "$gk" \
        "$it" "$ik" "$et" "$PLANTED" "$FOUND" "$FINDINGS" "$EXTRA" "$classified" "$mt" >>"$SCAN_RESULTS"
    echo "scan $n: tracker ${st}s ($((sk / 1024)) MiB), pcre2grep ${gt}s (mentions only ${mt}s); incremental ${it}s," \
        "empty ${et}s; planted found $FOUND/$PLANTED, findings $FINDINGS ($EXTRA not planted)"
}

print_scan_table() {
    [ -s "$SCAN_RESULTS" ] || return 0
    echo
    echo "Scan (tracker scan --rules topics.rules: $BENCH_TOPICS topics, $((2 * BENCH_TOPICS)) detectors)"
    echo "ratio = tracker full scan / pcre2grep -c -i -u -f patterns (same patterns, same texts);"
    echo "mention s = the same pcre2grep with the mention patterns only, and tracker's ratio to it;"
    echo "incr = scan after importing $BENCH_EXTRA new statements, as % of the full scan (target < 1%);"
    echo "recall = planted events found (target 100%); extra = findings not planted"
    awk -F'\t' '
    BEGIN {
        printf "%10s %9s %9s %7s %9s %7s %9s %9s %7s %9s %8s %7s %6s %9s  %s\n", "statements", "scan s",
               "grep s", "ratio", "mention s", "ratio", "scan MiB", "incr s", "incr %", "empty s", "recall", "found",
               "extra", "stmts/s", "verdict"
    }
    {
        pct = 100 * $6 / $2; rec = $9 ? 100 * $10 / $9 : 100; v = ""
        if (pct >= 1 && $1 >= 1000000) v = v "INCR "   # the target is for a 1M store
        if (rec < 100) v = v "RECALL "
        if ($3 / 1024 >= 64) v = v "MEM "
        if (v == "") v = "ok"
        printf "%10d %9.2f %9.2f %7.2f %9.2f %7.2f %9.1f %9.3f %6.2f%% %9.3f %7.1f%% %3d/%-3d %6d %9.0f  %s\n",
               $1, $2, $4, $2 / $4, $14, $2 / $14, $3 / 1024, $6, pct, $8, rec, $10, $9, $12, $1 / $2, v
    }' "$SCAN_RESULTS"
}

# ---- report (SPEC §10, issue 5) -----------------------------------------
#
# `tracker report --dry-run --format html|json --output FILE` on a store with
# findings: time and peak RSS (target: flat, under 64 MiB).  At the largest
# size (>= 1M) the store is a dedicated corpus with about 1% of the statements
# planted (BENCH_REPORT_EVENTS, default N/100 events = findings) over
# BENCH_REPORT_TOPICS (1000) topics, since one topic holds at most ~15
# isolated events; below, the scan benchmark's store.
REPORT_RESULTS=$BENCH_DIR/report.tsv

bench_report() {
    local n=$1 corpus=$2
    if ! "$TRACKER" report --help >/dev/null 2>&1; then
        echo "report $n: skipped: no tracker report"
        return 0
    fi
    local db=$BENCH_DIR/scan.db
    if [ "$n" -ge 1000000 ]; then
        local rc=$BENCH_DIR/report-corpus-$n topics=${BENCH_REPORT_TOPICS:-1000}
        local events=${BENCH_REPORT_EVENTS:-$((n / 100))}
        db=$BENCH_DIR/report.db
        "$GEN" --statements "$n" --topics "$topics" --events "$events" --out "$rc"
        check_rules "$rc/topics.rules"
        fresh_store "$db" "$rc"
        "$TRACKER" --db "$db" import --quiet "$rc/statements.csv" >"$BENCH_DIR/import.out" ||
            die "report store: import failed"
        "$PEAK" "$BENCH_DIR/peak.out" "$TRACKER" --db "$db" scan --rules "$rc/topics.rules" \
            --quiet >/dev/null 2>"$BENCH_DIR/scan.err" || die "report store: scan failed"
        read_peak "$BENCH_DIR/peak.out"
        check_recall "$db" "$rc" "report-$n"
        echo "report $n: store of $n statements, $topics topics, scanned in ${T}s ($((KIB / 1024)) MiB):" \
            "$FINDINGS findings, planted found $FOUND/$PLANTED"
    fi
    [ -f "$db" ] || { echo "report $n: skipped (no scanned store)"; return 0; }
    local nf fmt
    nf=$(sqlite3 "$db" "SELECT count(*) FROM findings")
    for fmt in html json; do
        "$PEAK" "$BENCH_DIR/peak.out" "$TRACKER" --db "$db" report --dry-run --format "$fmt" \
            --output "$BENCH_DIR/report-$n.$fmt" >/dev/null 2>"$BENCH_DIR/report.err" ||
            die "tracker report --format $fmt failed: $(tail -3 "$BENCH_DIR/report.err")"
        read_peak "$BENCH_DIR/peak.out"
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$nf" "$fmt" "$T" "$KIB" \
            "$(stat -c %s "$BENCH_DIR/report-$n.$fmt")" >>"$REPORT_RESULTS"
        echo "report $n: $fmt, $nf findings: ${T}s, $((KIB / 1024)) MiB"
    done
}

print_report_table() {
    [ -s "$REPORT_RESULTS" ] || return 0
    echo
    echo "Report (tracker report --dry-run --format FMT --output FILE); target: peak < 64 MiB, flat"
    awk -F'\t' '
    BEGIN { printf "%10s %9s %6s %9s %9s %11s  %s\n", "statements", "findings", "format", "time s", "peak MiB", "output KiB", "verdict" }
    { printf "%10d %9d %6s %9.2f %9.1f %11.0f  %s\n", $1, $2, $3, $4, $5 / 1024, $6 / 1024, $5 / 1024 < 64 ? "ok" : "MEM" }
    ' "$REPORT_RESULTS"
}

# Wall time of one `tracker import` of file (with the flags after it) into
# a fresh store, in T; the result line in OUT.
timed_import() {
    local corpus=$1 file=$2 db=$BENCH_DIR/link.db
    shift 2
    fresh_store "$db" "$corpus"
    "$PEAK" "$BENCH_DIR/peak.out" "$TRACKER" --db "$db" import --quiet "$@" "$file" \
        >"$BENCH_DIR/link.out" 2>"$BENCH_DIR/link.err" ||
        die "tracker import $*: $(tail -3 "$BENCH_DIR/link.err")"
    read_peak "$BENCH_DIR/peak.out"
    OUT=$(cat "$BENCH_DIR/link.out")
}

# The import of the corpus again, under another source (Wire), into a store
# that holds it (made untimed), with the flags after it; T and OUT.
twins_import() {
    local corpus=$1 db=$BENCH_DIR/twins.db
    shift
    fresh_store "$db" "$corpus"
    "$TRACKER" --db "$db" import --quiet "$corpus/statements.csv" >/dev/null
    "$PEAK" "$BENCH_DIR/peak.out" "$TRACKER" --db "$db" import --quiet --set source=Wire "$@" \
        "$corpus/statements.csv" >"$BENCH_DIR/link.out" 2>"$BENCH_DIR/link.err" ||
        die "twins import $*: $(tail -3 "$BENCH_DIR/link.err")"
    read_peak "$BENCH_DIR/peak.out"
    OUT=$(cat "$BENCH_DIR/link.out")
}

LINK_RESULTS=$BENCH_DIR/link.tsv

# What linking costs (issue 14): the import of the corpus with linking on
# (the default) against the same import with --no-link, run as pairs A B A
# B (BENCH_LINK_PAIRS, default 3): the median of the pair ratios on/off,
# their min and max; target: the median under 1.05.  Then (up to
# BENCH_LINK_TWINS_MAX statements, default 100000) the corpus again under
# another source into a store that holds it, so that every direct quote
# has its twin to find and link: the work linking exists for, reported
# beside it with no target.
bench_link() {
    local n=$1 corpus=$2 pairs=${BENCH_LINK_PAIRS:-3} i on off ratios="" tratios="" linked=""
    for ((i = 0; i < pairs; i++)); do
        timed_import "$corpus" "$corpus/statements.csv"
        on=$T
        grep -q "^imported $n, duplicates 0, rejected 0$" <<<"$OUT" || die "linking on: $OUT"
        timed_import "$corpus" "$corpus/statements.csv" --no-link
        off=$T
        grep -q "^imported $n, duplicates 0, rejected 0$" <<<"$OUT" || die "linking off: $OUT"
        ratios="$ratios $(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.4f", a / b}')"
    done
    if [ "$n" -le "${BENCH_LINK_TWINS_MAX:-100000}" ]; then
        for ((i = 0; i < pairs; i++)); do
            twins_import "$corpus"
            on=$T
            linked=$OUT
            twins_import "$corpus" --no-link
            off=$T
            tratios="$tratios $(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.4f", a / b}')"
        done
    fi
    printf '%s\t%s\t%s\n' "$n" "$ratios" "$tratios" >>"$LINK_RESULTS"
    echo "link $n: on/off pair ratios$ratios; twins:${tratios:- not run}${linked:+ ($linked)}"
}

print_link_table() {
    [ -s "$LINK_RESULTS" ] || return 0
    echo
    echo "Linking (issue 14): tracker import with linking on / with --no-link, paired runs A B A B"
    echo "fresh: the corpus into a fresh store (target: median < 1.05); twins: the corpus again"
    echo "under another source into a store holding it, every direct quote linked (no target)"
    awk -F'\t' '
    function stats(list, want,   n, v, i, j, t, m) {
        n = split(list, v, " ")
        if (!n) return "not run"
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
        m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        return sprintf("median %.3f (min %.3f, max %.3f, %d pairs)%s", m, v[1], v[n], n,
                       want ? (m < want ? "  ok" : "  SLOW") : "")
    }
    { printf "%10d  fresh: %s\n%10s  twins: %s\n", $1, stats($2, 1.05), "", stats($3, 0) }' "$LINK_RESULTS"
}

# 1 when BENCH_STEPS names the step (scan needs import's store).
step() { case " $BENCH_STEPS " in *" $1 "*) return 0 ;; esac; return 1; }

main() {
    build_tools
    check_determinism
    echo "tracker: $("$TRACKER" --version)   sqlite3 CLI: $(sqlite3 --version | cut -d' ' -f1)   $(nproc) CPUs   $(date -u +%Y-%m-%dT%H:%MZ)"
    : >"$RESULTS"
    : >"$SCAN_RESULTS"
    : >"$REPORT_RESULTS"
    : >"$LINK_RESULTS"
    local n last=""
    for n in $BENCH_SIZES; do
        local corpus=$BENCH_DIR/corpus-$n
        "$GEN" --statements "$n" --topics "$BENCH_TOPICS" --extra "$BENCH_EXTRA" --out "$corpus"
        step import && bench_import "$n" "$corpus"
        step scan && bench_scan "$n" "$corpus"
        step report && bench_report "$n" "$corpus"
        step link && bench_link "$n" "$corpus"
        last=$n
    done
    print_import_table
    print_scan_table
    print_report_table
    print_link_table
    # tracker.db holds the largest size's import (the last one run).
    [ -n "$last" ] && step import && bench_history "$last"
    return 0
}

main "$@"
