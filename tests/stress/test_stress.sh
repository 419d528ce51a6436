# test_stress.sh: what an adversary does to an unattended nightly job:
# SIGKILL at random points of every writer, readers beside writers.

STRESS_RULES=$TRACKER_SRC/samples/rules

# N statements by 40 speakers of two sides, flipping on the cyber unit:
# enough reversals and contradictions for a report that takes a while.
stress_csv() {
    awk -v n="$1" 'BEGIN { print "speaker,date,text,side,id";
        for (i = 1; i <= n; i++) {
            s = i % 40; k = int(i / 40); side = s % 2 ? "US" : "RU";
            t = k % 3 ? "We discussed forming a Cyber Security unit with them." : "A Cyber Security unit can'"'"'t happen.";
            printf "Speaker %d,%d-%02d-%02dT%02d:%02d:00Z,%s (%d),%s,%d\n", s, 2000 + int(k / 336), int(k / 28) % 12 + 1, k % 28 + 1, i % 24, i % 60, t, i, side, i } }'
}

# The store's sanity after a kill: integrity, the tracker's own check.
store_sound() {
    run sqlite3 tracker.db "PRAGMA integrity_check"
    expect_out "ok"
    run "$TRACKER" check
    expect_rc 0
}

t_stress_kill_import_many_times() {
    stress_csv 120000 >big.csv
    "$TRACKER" add --speaker Ann --date 2017 --text "kept" >/dev/null
    for delay in 0.05 0.2 0.4 0.6 0.9; do
        "$TRACKER" import --quiet big.csv >/dev/null 2>&1 &
        pid=$!
        sleep $delay
        kill -9 $pid 2>/dev/null
        wait $pid 2>/dev/null
        n=$(sqlite3 tracker.db "SELECT count(*) FROM statements")
        [ "$n" = 1 ] || [ "$n" = 120001 ] || fail "a killed import left $n statements: not all or nothing"
        store_sound
    done
    run "$TRACKER" import --quiet big.csv
    expect_rc 0
    expect_eq "$(sqlite3 tracker.db "SELECT count(*) FROM statements")" 120001 "statements after the last import"
    store_sound
}

t_stress_kill_scan_and_report_many_times() {
    stress_csv 6000 >s.csv
    "$TRACKER" import --quiet s.csv >/dev/null
    for delay in 0.05 0.1 0.2 0.3 0.4; do
        "$TRACKER" scan --quiet --rules "$STRESS_RULES" >/dev/null 2>&1 &
        pid=$!
        sleep $delay
        kill -9 $pid 2>/dev/null
        wait $pid 2>/dev/null
        store_sound
    done
    run "$TRACKER" scan --rules "$STRESS_RULES"
    expect_rc 0
    findings=$(sqlite3 tracker.db "SELECT count(*) FROM findings")
    [ "$findings" -gt 1000 ] || fail "only $findings findings: the report would be too quick to kill"
    # A second scan finds nothing new: the killed ones left no half-run.
    run "$TRACKER" scan --rules "$STRESS_RULES"
    expect_out_has "findings: 0 new"
    echo "last night" >report.html
    chmod 640 report.html
    for delay in 0.05 0.1 0.2 0.3 0.45; do
        "$TRACKER" report --format html --output report.html >/dev/null 2>&1 &
        pid=$!
        sleep $delay
        kill -9 $pid 2>/dev/null
        wait $pid 2>/dev/null
        first=$(head -c 15 report.html)
        [ "$first" = "last night" ] || [ "$first" = "<!DOCTYPE html>" ] || fail "a killed report left report.html starting '$first'"
        left=$(ls -A | grep -v '^\.\(out\|err\|failed\)$\|^s.csv$\|^report.html$\|^tracker.db\(-wal\|-shm\)\?$')
        [ -z "$left" ] || fail "files left by a killed report: $left"
        expect_eq "$(stat -c %a report.html)" 640 "the report's mode"
        store_sound
    done
    run "$TRACKER" report --format html --output report.html
    expect_rc 0
    expect_out_has "wrote report.html: "
}

t_stress_readers_beside_two_writers() {
    stress_csv 60000 >a.csv
    stress_csv 60000 | sed 's/^Speaker/Other/; s/,\([0-9]*\)$/,b\1/' >b.csv
    "$TRACKER" add --speaker "Speaker 1" --date 2017 --text "before" >/dev/null
    "$TRACKER" import --quiet a.csv >a.out 2>&1 &
    pa=$!
    "$TRACKER" import --quiet b.csv >b.out 2>&1 &
    pb=$!
    fails=0
    for i in $(seq 1 60); do
        "$TRACKER" history "Speaker 1" --to 2017-01-31 --format csv >/dev/null 2>r.err || { fails=$((fails + 1)); cat r.err; }
        "$TRACKER" search budget >/dev/null 2>r.err || { fails=$((fails + 1)); cat r.err; }
    done
    wait $pa
    wait $pb
    expect_eq "$fails" 0 "reads that failed beside the writers"
    expect_eq "$(cat a.out) / $(cat b.out)" "imported 60000, duplicates 0, rejected 0 / imported 60000, duplicates 0, rejected 0" "both imports"
    store_sound
}

t_stress_backups_beside_a_writer_and_killed() {
    stress_csv 100000 >big.csv
    "$TRACKER" add --speaker Ann --date 2017 --text "kept" >/dev/null
    "$TRACKER" import --quiet big.csv >/dev/null 2>&1 &
    pid=$!
    for i in 1 2 3; do
        sleep 0.2
        run "$TRACKER" backup "copy$i.db"
        expect_rc 0
        n=$(sqlite3 "copy$i.db" "SELECT count(*) FROM statements")
        [ "$n" = 1 ] || [ "$n" = 100001 ] || fail "backup $i holds $n statements"
        run "$TRACKER" --db "copy$i.db" check
        expect_rc 0
    done
    wait $pid
    # A killed backup leaves the old copy whole.
    cp copy1.db keep.db
    for delay in 0.01 0.05 0.1; do
        "$TRACKER" backup copy1.db >/dev/null 2>&1 &
        p=$!
        sleep $delay
        kill -9 $p 2>/dev/null
        wait $p 2>/dev/null
        run "$TRACKER" --db copy1.db check
        expect_rc 0
    done
}
