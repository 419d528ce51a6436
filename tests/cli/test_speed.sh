# test_speed.sh: no speed-up changes a result (issue 11).  The same stores
# scanned through the fast path (the prefilter names the topics a statement
# mentions; only theirs run) and through the plain one (`scan --plain`:
# every topic's patterns on every statement) hold the same assertions, with
# the same cues, negations and hedges, and the same findings.

# Scans a copy of tracker.db into DIR/tracker.db with the extra scan
# arguments; keeps the assertions, the findings and the scan's summary.
scan_copy() {
    local dir=$1
    shift
    mkdir -p "$dir"
    cp tracker.db "$dir/tracker.db"
    run "$TRACKER" --db "$dir/tracker.db" scan "$@"
    expect_rc 0
    printf '%s\n' "$out" | sed 1d >"$dir/summary"
    sqlite3 "$dir/tracker.db" "SELECT statement_id, topic, stance, cue, cue_start, cue_end, negation, hedge, person_id, side, mode, date_lo, date_hi FROM assertions ORDER BY statement_id, topic" >"$dir/assertions"
    "$TRACKER" --db "$dir/tracker.db" findings list --all --format json >"$dir/findings" || fail "findings list in $dir"
}

# Compares what the fast and the plain scan stored; N assertions at least.
same_results() {
    cmp -s fast/assertions plain/assertions || fail "the assertions differ: $(diff fast/assertions plain/assertions | head -5)"
    cmp -s fast/findings plain/findings || fail "the findings differ: $(diff fast/findings plain/findings | head -5)"
    cmp -s fast/summary plain/summary || fail "the summaries differ: $(diff fast/summary plain/summary)"
    [ "$(wc -l <fast/assertions)" -ge "$1" ] || fail "only $(wc -l <fast/assertions) assertions"
    [ "$(wc -l <fast/findings)" -ge "$2" ] || fail "only $(wc -l <fast/findings) findings"
}

t_fast_scan_equals_plain_scan_on_the_generated_corpus() {
    heavy || return
    ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -o gen "$TRACKER_SRC/tests/bench/gen.c" ||
        { fail "gen does not build"; return; }
    ./gen --statements 12000 --topics 120 --out corpus >/dev/null 2>&1 || { fail "gen failed"; return; }
    seed init >/dev/null
    seed people import corpus/people.jsonl >/dev/null
    seed import --quiet corpus/statements.csv >/dev/null
    scan_copy fast --rules corpus/topics.rules
    scan_copy plain --rules corpus/topics.rules --plain
    same_results 2000 6
    # every planted event is found, as one finding of its kind on its two statements
    local planted found
    planted=$(awk -F'\t' 'NR > 1 { a = substr($4, 2) + 0; b = substr($9, 2) + 0; print $1, a, b }' corpus/planted.tsv | sort)
    found=$(jq -r '"\(.kind) \(.deciding[0]) \(.deciding[1])"' fast/findings | sort)
    expect_eq "$found" "$planted" "the findings against the planted events"
}

t_fast_scan_equals_plain_scan_on_the_stance_dev_feed() {
    heavy || return
    local dev=$SHARED/data/stance-dev/trump-dev.rules csv=$SHARED/data/trump_tweets_2015-2018.csv
    [ -f "$dev" ] && [ -f "$csv" ] || { skip "no $dev (the shared data is not on this machine)"; return; }
    seed init >/dev/null
    seed import --map "text=Text,date=Date,id=Tweet ID" --set "speaker=Donald Trump" --set source=Twitter \
        --tz America/Chicago "$csv" >/dev/null 2>&1
    scan_copy fast --rules "$dev"
    scan_copy plain --rules "$dev" --plain
    same_results 140 4
}
