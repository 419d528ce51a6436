#!/usr/bin/env bash
# tests/bench/paired.sh [TRACKER]: issue 11's table, every row a PAIRED
# ratio: tracker (A) and a reference doing the same work (B) run A B A B ...
# in one process tree on one machine; each pair gives tA/tB, and the row
# prints the median of those ratios with their min and max, and the median
# seconds of each side.  A store is copied and `sync`ed before the timed
# command, so that no command pays another's write-back.  Nothing here
# fails on a time; it fails when a result is wrong (the reference and
# tracker disagree on what they found).
#
#   BENCH_N       generated statements (default 100000; the issue's figures
#                 are at BENCH_N=1000000, which takes ~40 minutes here)
#   BENCH_PAIRS   pairs per row (default 5)
#   BENCH_TOPICS  topics of the main corpus (50); the scaling row uses 1000
#   BENCH_RUNS    runs of the history command for its p50 (default 50)
#   BENCH_DIR     work directory (default build/bench-paired)
#   BENCH_STEPS   which rows (default "scan import read rules")
#   BENCH_BASE    another tracker binary (an earlier build): adds rows pairing this
#                 build's scans and lint against it (step "base", on when set)
#   BENCH_RULES_TOPICS  topics of the large rule set (default 100000; the small one has a tenth)
#   TWEETS        the real tweet feed (default ../shared/data/trump_tweets_2015-2018.csv;
#                 its row is skipped when absent)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TRACKER=${1:-$root/build/tracker}
case $TRACKER in /*) ;; *) TRACKER=$PWD/$TRACKER ;; esac
N=${BENCH_N:-100000}
PAIRS=${BENCH_PAIRS:-5}
TOPICS=${BENCH_TOPICS:-50}
RUNS=${BENCH_RUNS:-50}
DIR=${BENCH_DIR:-$root/build/bench-paired}
TWEETS=${TWEETS:-$root/../shared/data/trump_tweets_2015-2018.csv}
CC=${CC:-cc}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
PEAK=$DIR/peak GEN=$DIR/gen PFONLY=$DIR/pfonly
MAXKIB=0 MAXWHAT=""
STEPS=${BENCH_STEPS:-"scan import read rules${BENCH_BASE:+ base}"}
step() { case " $STEPS " in *" $1 "*) return 0 ;; esac; return 1; }
nop() { :; }

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$TRACKER" ] || die "no tracker binary at $TRACKER (run make first)"
for t in sqlite3 pcre2grep; do command -v $t >/dev/null || die "$t is needed (make deps)"; done

f="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror"
$CC $f -o "$GEN" "$here/gen.c"
$CC $f -o "$PEAK" "$here/peak.c"
# shellcheck disable=SC2046
$CC $f $(pkg-config --cflags libpcre2-8) -o "$PFONLY" "$here/pfonly.c" $(pkg-config --libs libpcre2-8)

# time_cmd WHAT CMD...: runs CMD under peak; sets T (seconds), KIB; output to $DIR/last.out.
time_cmd() {
    local what=$1
    shift
    "$PEAK" "$DIR/peak.out" "$@" >"$DIR/last.out" 2>"$DIR/last.err" || die "$what failed: $(tail -3 "$DIR/last.err")"
    read -r T KIB _ <"$DIR/peak.out"
}

# Records tracker's peak memory (KIB of the last run) for the memory row.
track_mem() {
    if [ "$KIB" -gt "$MAXKIB" ]; then MAXKIB=$KIB MAXWHAT=$1; fi
}

# pair NAME PREP_A RUN_A PREP_B RUN_B: PAIRS pairs of A (tracker) and B
# (the reference), each PREP untimed before its RUN (bash functions).
# Prints NAME, the median pair ratio tA/tB, min, max, and the medians.
pair() {
    local name=$1 pa=$2 ra=$3 pb=$4 rb=$5 k ratios="" tas="" tbs=""
    for k in $(seq 1 "$PAIRS"); do
        $pa
        sync
        $ra
        local ta=$T
        $pb
        sync
        $rb
        local tb=$T
        ratios+="$(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.4f", a / b }') "
        tas+="$ta " tbs+="$tb "
    done
    printf '%s\t%s\t%s\t%s\n' "$name" "$ratios" "$tas" "$tbs" >>"$DIR/pairs.tsv"
    stats "$name" "$ratios" "$tas" "$tbs"
}

# The median, min and max of the ratios, the medians of the times.
stats() {
    awk -v name="$1" -v r="$2" -v a="$3" -v b="$4" 'function med(s,   v, n, i, j, t) {
            n = split(s, v, " ")
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
            lo = v[1]; hi = v[n]
            return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }
        BEGIN {
            ma = med(a); mb = med(b); m = med(r)
            printf "| %s | %.2fx | %.2f | %.2f | %.3f s | %.3f s |\n", name, m, lo, hi, ma, mb
        }'
}

echo "tracker paired benchmarks: N=$N statements, $PAIRS pairs per row, $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "tracker $("$TRACKER" --version 2>/dev/null | head -1), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/ .*//;s/^/SQLite /'), $(pcre2grep --version 2>&1 | head -1)"
: >"$DIR/pairs.tsv"

# ---- corpora and stores (untimed) -----------------------------------------
C50=$DIR/corpus-$N-$TOPICS C1K=$DIR/corpus-$N-1000
[ -f "$C50/stances.tsv" ] || "$GEN" --statements "$N" --topics "$TOPICS" --out "$C50" 2>/dev/null
[ -f "$C1K/stances.tsv" ] || "$GEN" --statements "$N" --topics 1000 --events $((N / 2000)) --out "$C1K" 2>/dev/null
# the mentions as tracker compiles its prefilter: (?i:...) branches, UTF + UCP
mentions() { sed -n 's|^  mention /\(.*\)/$|(?i:\1)|p' "$1/topics.rules" | paste -sd'|'; }
{ printf '(*UCP)'; mentions "$C50"; } >"$DIR/alt50.txt"

make_store() { # corpus db
    rm -f "$2" "$2-wal" "$2-shm"
    "$TRACKER" --db "$2" init >/dev/null
    "$TRACKER" --db "$2" people import "$1/people.jsonl" >/dev/null
}
make_store "$C50" "$DIR/imported50.db"
time_cmd "import" "$TRACKER" --db "$DIR/imported50.db" import --quiet "$C50/statements.csv"
track_mem "import $N"
make_store "$C1K" "$DIR/imported1k.db"
"$TRACKER" --db "$DIR/imported1k.db" import --quiet "$C1K/statements.csv" >/dev/null

echo
echo "| what (tracker / reference) | median ratio | min | max | tracker | reference |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"

# ---- the scan ---------------------------------------------------------------
hit=0 nplanted=0 nfound=0 accuracy="(scan not run)" sql_note="(scan not run)"
if step scan; then
prep_scan50() { cp "$DIR/imported50.db" "$DIR/scan.db"; rm -f "$DIR/scan.db-wal" "$DIR/scan.db-shm"; }
prep_scan1k() { cp "$DIR/imported1k.db" "$DIR/scan.db"; rm -f "$DIR/scan.db-wal" "$DIR/scan.db-shm"; }
run_scan50() { time_cmd "scan" "$TRACKER" --db "$DIR/scan.db" scan --quiet --rules "$C50/topics.rules"; track_mem "scan $N"; }
run_scan1k() { time_cmd "scan" "$TRACKER" --db "$DIR/scan.db" scan --quiet --rules "$C1K/topics.rules"; track_mem "scan $N, 1000 topics"; }
run_pcre2grep() { time_cmd "pcre2grep" pcre2grep -c -u -f "$DIR/alt50.txt" "$C50/statements.txt"; }
run_pfonly() { time_cmd "pfonly" "$PFONLY" "$DIR/alt50.txt" "$C50/statements.txt"; }
pair "full scan, $TOPICS topics, vs \`pcre2grep -c\` with the $TOPICS mentions as one alternation" \
    prep_scan50 run_scan50 nop run_pcre2grep
lines=$(cat "$DIR/last.out")
asserted=$(sqlite3 "$DIR/scan.db" "SELECT count(DISTINCT statement_id) FROM assertions")
[ "$lines" = "$asserted" ] || die "pcre2grep counts $lines lines, tracker asserted on $asserted statements"
pair "full scan vs the prefilter alone (PCRE2 JIT over the texts in memory)" prep_scan50 run_scan50 nop run_pfonly
[ "$(cat "$DIR/last.out")" = "$asserted" ] || die "the prefilter alone counts $(cat "$DIR/last.out") lines"
if command -v rg >/dev/null; then
    run_rg() { time_cmd "rg" rg -c -f "$DIR/alt50.rg" "$C50/statements.txt"; }
    sed 's/^(\*UCP)//' "$DIR/alt50.txt" >"$DIR/alt50.rg"
    pair "full scan vs ripgrep \`rg -c\` with the same alternation" prep_scan50 run_scan50 nop run_rg
    [ "$(cat "$DIR/last.out")" = "$asserted" ] || die "rg counts $(cat "$DIR/last.out") lines"
else
    echo "| full scan vs ripgrep | skipped: no rg (make bench-deps installs Debian's ripgrep) | | | | |"
fi

# A plain sqlite3 script finding the same findings: per topic, the
# statements holding its mention and one cue (instr on the lower-cased
# text; "never" before the cue and "too early to say" negate it as the
# generated texts do), then reversals (a person's consecutive opposite
# stances on a topic within 30 days) and contradictions (opposite stances
# of two sides within 30 days).
awk -v q="'" 'function pat(   x) { x = $0; sub(/^ *[a-z]+ +\/\\b/, "", x); sub(/\\b\/$/, "", x); return x }
     /^topic / { t = $2 } /^  mention / { m = pat() } /^  affirm / { a = pat() }
     /^  deny / { d = pat()
        printf "INSERT INTO a SELECT id, %s%s%s, person_id, side, date_lo, date_hi, CASE", q, t, q
        printf " WHEN instr(l, %snever %s%s) OR instr(l, %stoo early to say%s) THEN %sdeny%s", q, a, q, q, q, q, q
        printf " WHEN instr(l, %snever %s%s) THEN %saffirm%s WHEN instr(l, %s%s%s) THEN %sdeny%s ELSE %saffirm%s END", q, d, q, q, q, q, d, q, q, q, q, q
        printf " FROM (SELECT id, person_id, side, date_lo, date_hi, lower(text) l FROM statements)"
        printf " WHERE instr(l, %s%s%s) AND (instr(l, %s%s%s) OR instr(l, %s%s%s));\n", q, m, q, q, a, q, q, d, q }' \
    "$C50/topics.rules" | sed 's/"//g' >"$DIR/ref-assert.sql"
{
    echo "PRAGMA temp_store=MEMORY;"
    echo "CREATE TEMP TABLE a(statement_id INTEGER, topic TEXT, person_id INTEGER, side TEXT, lo INTEGER, hi INTEGER, stance TEXT);"
    echo "BEGIN;"
    cat "$DIR/ref-assert.sql"
    echo "COMMIT;"
    echo "CREATE INDEX a_t ON a(topic, lo);"
    echo "SELECT 'reversal', count(*) FROM (SELECT stance, lag(stance) OVER w AS ps, lo, lag(hi) OVER w AS phi FROM a WINDOW w AS (PARTITION BY topic, person_id ORDER BY lo, statement_id)) WHERE ps IS NOT NULL AND ps <> stance AND lo - phi <= 30 * 86400;"
    echo "SELECT 'contradiction', count(*) FROM (SELECT DISTINCT x.topic, x.statement_id FROM a x JOIN a y ON y.topic = x.topic AND y.lo > x.lo - 30 * 86400 AND y.lo < x.lo + 30 * 86400 AND y.stance <> x.stance AND y.side <> x.side AND y.person_id <> x.person_id WHERE x.statement_id < y.statement_id AND NOT EXISTS (SELECT 1 FROM a z WHERE z.topic = x.topic AND z.person_id = x.person_id AND z.stance <> x.stance AND z.lo BETWEEN x.lo - 30 * 86400 AND x.lo + 30 * 86400));"
} >"$DIR/ref-scan.sql"
run_sqlscan() { time_cmd "the sqlite3 scan" sqlite3 "$DIR/scan.db" ".read $DIR/ref-scan.sql"; }
pair "full scan vs a plain sqlite3 script finding the same findings" prep_scan50 run_scan50 nop run_sqlscan
want_rev=$(awk -F'\t' 'NR > 1 && $1 == "reversal"' "$C50/planted.tsv" | wc -l)
want_con=$(awk -F'\t' 'NR > 1 && $1 == "contradiction"' "$C50/planted.tsv" | wc -l)
got_rev=$(sed -n 's/^reversal|//p' "$DIR/last.out") got_con=$(sed -n 's/^contradiction|//p' "$DIR/last.out")
sql_note="the sqlite3 script found $got_rev reversals and $got_con contradictions; planted: $want_rev and $want_con"

pair "full scan with 1,000 topics vs 50 topics (20x the topics)" prep_scan1k run_scan1k prep_scan50 run_scan50

# ---- recall and stance accuracy on the last 50-topic scan --------------------
prep_scan50
"$TRACKER" --db "$DIR/scan.db" scan --quiet --rules "$C50/topics.rules" >/dev/null
planted=$(awk -F'\t' 'NR > 1 { print $1, substr($4, 2) + 0, substr($9, 2) + 0 }' "$C50/planted.tsv" | sort)
found=$("$TRACKER" --db "$DIR/scan.db" findings list --all --format json |
        sed -n 's/.*"kind":"\([a-z]*\)".*"deciding":\[\([0-9]*\),\([0-9]*\)\].*/\1 \2 \3/p' | sort)
nplanted=$(printf '%s\n' "$planted" | grep -c .)
nfound=$(printf '%s\n' "$found" | grep -c . || true)
hit=$(comm -12 <(printf '%s\n' "$planted") <(printf '%s\n' "$found") | grep -c . || true)
accuracy=$(printf '%s\n' "CREATE TEMP TABLE g(statement INTEGER, topic TEXT, stance TEXT, form TEXT);" ".mode tabs" \
    ".import --skip 1 $C50/stances.tsv g" \
    "SELECT g.form, sum(a.stance IS g.stance), count(*) FROM g LEFT JOIN assertions a ON a.statement_id = g.statement AND a.topic = g.topic GROUP BY g.form ORDER BY g.form;" |
    sqlite3 "$DIR/scan.db" | awk -F'\t' '{ sep = NR > 1 ? ", " : ""; printf "%s%s %d/%d (%.1f%%)", sep, $1, $2, $3, 100 * $2 / $3 }')

fi

# ---- imports ----------------------------------------------------------------
if step import; then
if [ -f "$TWEETS" ]; then
    ntweets=$(($(sqlite3 :memory: ".mode csv" ".import $TWEETS t" "SELECT count(*) FROM t" 2>/dev/null)))
    prep_tw() { rm -f "$DIR/tw.db" "$DIR/tw.db-wal" "$DIR/tw.db-shm"; "$TRACKER" --db "$DIR/tw.db" init >/dev/null; }
    run_tw() {
        "$PEAK" "$DIR/peak.out" "$TRACKER" --db "$DIR/tw.db" import --quiet --map "text=Text,date=Date,id=Tweet ID" \
            --set "speaker=Donald Trump" --set source=Twitter --tz America/Chicago "$TWEETS" >"$DIR/last.out" 2>"$DIR/last.err" || true
        read -r T KIB _ <"$DIR/peak.out"
        track_mem "import of the tweet feed"
    }
    prep_twref() { rm -f "$DIR/twref.db" "$DIR/twref.db-wal" "$DIR/twref.db-shm"; }
    run_twref() {
        time_cmd "sqlite3 .import" sqlite3 "$DIR/twref.db" "PRAGMA journal_mode=WAL;" "PRAGMA synchronous=NORMAL;" \
            "CREATE TABLE t(Text, Date, Favorites, Retweets, \"Tweet ID\");" \
            "CREATE VIRTUAL TABLE f USING fts5(text, content='t', tokenize='porter unicode61 remove_diacritics 2');" \
            "BEGIN;" ".import --csv --skip 1 $TWEETS t" "INSERT INTO f(rowid, text) SELECT rowid, Text FROM t;" "COMMIT;"
    }
    pair "import of the real tweet feed ($ntweets tweets) with --tz America/Chicago vs \`sqlite3 .import\` into a table with FTS5" \
        prep_tw run_tw prep_twref run_twref
    got=$(sqlite3 "$DIR/tw.db" "SELECT count(*) FROM statements")
    [ "$got" -ge $((ntweets - 1)) ] || die "the tweet import stored $got of $ntweets rows"
else
    echo "| import of the real tweet feed | skipped: no $TWEETS | | | | |"
fi
prep_imp() { make_store "$C50" "$DIR/imp.db"; }
run_imp() { time_cmd "import" "$TRACKER" --db "$DIR/imp.db" import --quiet "$C50/statements.csv"; track_mem "import $N"; }
prep_floor() {
    make_store "$C50" "$DIR/floor.db"
    sqlite3 "$DIR/floor.db" "ATTACH '$DIR/imported50.db' AS s; INSERT INTO sources SELECT * FROM s.sources WHERE id NOT IN (SELECT id FROM sources);"
}
run_floor() {
    time_cmd "the floor" sqlite3 "$DIR/floor.db" "PRAGMA journal_mode=WAL;" "PRAGMA synchronous=NORMAL;" \
        "PRAGMA foreign_keys=ON;" "ATTACH '$DIR/imported50.db' AS s;" "BEGIN;" \
        "INSERT INTO main.statements SELECT * FROM s.statements;" \
        "INSERT INTO main.statements_fts(rowid, text) SELECT id, text FROM main.statements;" "COMMIT;"
}
pair "import $N vs SQLite's floor (INSERT .. SELECT of the same rows into the same schema, then the FTS fill)" \
    prep_imp run_imp prep_floor run_floor
[ "$(sqlite3 "$DIR/imp.db" 'SELECT count(*) FROM statements')" = "$N" ] || die "the import stored the wrong count"

fi

# ---- reading: history and search ---------------------------------------------
p50="(not run)"
if step read; then
H=$DIR/imported50.db
busiest=$(sqlite3 "$H" "SELECT p.name FROM statements s JOIN people p ON p.id = s.person_id GROUP BY s.person_id ORDER BY count(*) DESC LIMIT 1")
bid=$(sqlite3 "$H" "SELECT id FROM people WHERE name = '$busiest'")
median=$(sqlite3 "$H" "SELECT name FROM (SELECT p.name, count(*) c FROM statements s JOIN people p ON p.id = s.person_id GROUP BY s.person_id ORDER BY c) LIMIT 1 OFFSET (SELECT count(DISTINCT person_id) / 2 FROM statements)")
run_hist_month() { time_cmd "history" "$TRACKER" --db "$H" history "$median" --from 2017-03-01 --to 2017-03-31; track_mem "history"; }
times=""
for k in $(seq 1 "$RUNS"); do run_hist_month; times+="$T "; done
p50=$(printf '%s\n' $times | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", 1000 * v[int((NR + 1) / 2)] }')
run_hist_month_ref() {
    time_cmd "sqlite3 history" sqlite3 "$H" "SELECT s.id, s.date_text, s.mode, s.text, src.publisher FROM statements s LEFT JOIN sources src ON src.id = s.source_id WHERE s.person_id = (SELECT id FROM people WHERE name = '$median') AND s.date_lo <= strftime('%s', '2017-03-31T23:59:59') AND s.date_hi >= strftime('%s', '2017-03-01') ORDER BY s.date_lo, s.id;"
}
pair "\`tracker history\` as a command, month window, median person, vs the same rows from the \`sqlite3\` command (both pay a process start)" nop run_hist_month nop run_hist_month_ref
run_hist_all() { time_cmd "history" "$TRACKER" --db "$H" history "$busiest"; track_mem "history"; }
run_hist_ref() {
    time_cmd "sqlite3 history" sqlite3 "$H" "SELECT s.id, s.date_text, s.mode, s.text, src.publisher FROM statements s LEFT JOIN sources src ON src.id = s.source_id WHERE s.person_id = $bid ORDER BY s.date_lo, s.id;"
}
nrows=$(sqlite3 "$H" "SELECT count(*) FROM statements WHERE person_id = $bid")
pair "the busiest person's whole history ($nrows rows) vs a 5-column \`sqlite3\` query of the same rows" nop run_hist_all nop run_hist_ref
word=ministry
run_search() { time_cmd "search" "$TRACKER" --db "$H" search "$word"; track_mem "search"; }
run_search_ref() {
    time_cmd "sqlite3 search" sqlite3 "$H" "SELECT s.id, s.date_text, p.name, highlight(statements_fts, 0, '»', '«') FROM statements_fts JOIN statements s ON s.id = statements_fts.rowid JOIN people p ON p.id = s.person_id WHERE statements_fts MATCH '$word' ORDER BY rank LIMIT 20;"
}
pair "\`tracker search $word\` (a common word) vs the same ranked FTS5 query in \`sqlite3\`" nop run_search nop run_search_ref
fi

# ---- rule sets: linear in topics ---------------------------------------------
rules_kib=""
if step rules; then
    BIG=${BENCH_RULES_TOPICS:-100000} SMALL=$((${BENCH_RULES_TOPICS:-100000} / 10))
    [ -f "$DIR/rules-$BIG.rules" ] || bash "$here/many.sh" "$BIG" "$DIR/rules-$BIG.rules"
    [ -f "$DIR/rules-$SMALL.rules" ] || bash "$here/many.sh" "$SMALL" "$DIR/rules-$SMALL.rules"
    prep_r() { make_store "$C50" "$DIR/r.db"; "$TRACKER" --db "$DIR/r.db" import --quiet "$DIR/rules-$BIG.rules.csv" >/dev/null; }
    run_lint_big() { "$PEAK" "$DIR/peak.out" "$TRACKER" rules lint "$DIR/rules-$BIG.rules" >/dev/null 2>&1 || true; read -r T KIB _ <"$DIR/peak.out"; lint_kib=$KIB; }
    run_lint_small() { "$PEAK" "$DIR/peak.out" "$TRACKER" rules lint "$DIR/rules-$SMALL.rules" >/dev/null 2>&1 || true; read -r T KIB _ <"$DIR/peak.out"; }
    pair "\`rules lint\`, $BIG topics vs $SMALL topics (10x the topics: 10x is linear)" nop run_lint_big nop run_lint_small
    run_scan_big() { time_cmd "scan" "$TRACKER" --db "$DIR/r.db" scan --quiet --rules "$DIR/rules-$BIG.rules"; scan_kib=$KIB; }
    run_scan_small() { time_cmd "scan" "$TRACKER" --db "$DIR/r.db" scan --quiet --rules "$DIR/rules-$SMALL.rules"; }
    pair "scan of 7 statements (load included), $BIG topics vs $SMALL topics" prep_r run_scan_big prep_r run_scan_small
    rules_kib="; $BIG topics: rules lint peaks at $((lint_kib / 1024)) MiB, a scan of 7 statements at $((scan_kib / 1024)) MiB"
fi

# ---- this build against an earlier one ----------------------------------------
if step base && [ -n "${BENCH_BASE:-}" ]; then
    BASE=$BENCH_BASE
    run_scan50_base() { time_cmd "base scan" "$BASE" --db "$DIR/scan.db" scan --quiet --rules "$C50/topics.rules"; }
    run_scan1k_base() { time_cmd "base scan" "$BASE" --db "$DIR/scan.db" scan --quiet --rules "$C1K/topics.rules"; }
    pair "full scan, 50 topics: this build vs $BASE" prep_scan50 run_scan50 prep_scan50 run_scan50_base
    pair "full scan, 1,000 topics: this build vs $BASE" prep_scan1k run_scan1k prep_scan1k run_scan1k_base
    SMALL=$((${BENCH_RULES_TOPICS:-100000} / 10))
    [ -f "$DIR/rules-$SMALL.rules" ] || bash "$here/many.sh" "$SMALL" "$DIR/rules-$SMALL.rules"
    run_lint_new() { "$PEAK" "$DIR/peak.out" "$TRACKER" rules lint "$DIR/rules-$SMALL.rules" >/dev/null 2>&1 || true; read -r T KIB _ <"$DIR/peak.out"; }
    run_lint_base() { "$PEAK" "$DIR/peak.out" "$BASE" rules lint "$DIR/rules-$SMALL.rules" >/dev/null 2>&1 || true; read -r T KIB _ <"$DIR/peak.out"; }
    pair "\`rules lint\`, $SMALL topics: this build vs $BASE" nop run_lint_new nop run_lint_base
fi

echo
echo "- \`tracker history\` as a command, month window, median person (${median:-}): p50 $p50 ms over $RUNS runs"
echo "- peak memory, every tracker command above: at most $((MAXKIB / 1024)) MiB ($MAXWHAT)$rules_kib"
echo "- recall: $hit/$nplanted planted events found as exactly their finding; $((nfound - hit)) findings not planted"
echo "- stance accuracy on the generated corpus: $accuracy"
echo "- $sql_note"
echo "(raw pairs: $DIR/pairs.tsv)"
