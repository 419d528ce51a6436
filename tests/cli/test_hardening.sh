# test_hardening.sh: the silent failures an adversarial tester found (issue
# 10), each shown to fail loudly now: bad input, shared and read-only
# stores, terminal escapes, --output, damaged stores.

t_csv_stray_quote_costs_one_row() {
    printf 'speaker,date,text\nAnn,2017-01-01,one\nBo,2017-01-02,"two\nCy,2017-01-03,three\nDi,2017-01-04,four\n' >q.csv
    run "$TRACKER" import q.csv
    expect_rc 65
    expect_out "imported 3, duplicates 0, rejected 1"
    expect_err "q.csv:3: unterminated quoted field: the quote that opens column 3 on this line does not close before the end of the file; skipped this line, reading on at line 4"
    run "$TRACKER" history Di --format csv
    expect_out_has ",four,"
    # A quote that closes on a later line before a stray character.
    printf 'speaker,date,text\nBo,2017-01-02,"two\nCy,2017-01-03,"three" x\nDi,2017-01-05,five\n' >r.csv
    run "$TRACKER" import r.csv
    expect_out "imported 1, duplicates 0, rejected 2"
    expect_err "r.csv:2: unterminated quoted field: the quote that opens column 3 on this line closes on a later line before a stray character; skipped this line, reading on at line 3
r.csv:3: unexpected character after a closing quote in column 3"
}

t_jsonl_with_a_byte_order_mark_keeps_its_first_record() {
    printf '\xef\xbb\xbf{"speaker":"Ann","date":"2017","text":"first"}\n{"speaker":"Ann","date":"2017","text":"second"}\n' >bom.jsonl
    run "$TRACKER" import bom.jsonl
    expect_rc 0
    expect_out "imported 2, duplicates 0, rejected 0"
    printf '\xef\xbb\xbf{"speaker":"Bo","date":"2017","text":"sniffed"}\n' >bom.txt
    run "$TRACKER" import bom.txt
    expect_out "imported 1, duplicates 0, rejected 0"
}

t_import_of_an_endless_line_stops() {
    run sh -c "head -c 100000000 /dev/zero | '$TRACKER' import --format jsonl -"
    expect_rc 65
    expect_out "imported 0, duplicates 0, rejected 1"
    expect_err "<stdin>:1: no line break in 64 MiB past the record limit (1048576 bytes): this is not a line-delimited file; reading stopped"
    run sh -c "'$TRACKER' import - </dev/zero"
    expect_rc 65
    expect_err "tracker import: <stdin>:1: bad header: no line break in 64 MiB past the record limit (1048576 bytes): this is not a line-delimited file; reading stopped"
}

t_leap_second_only_at_the_end_of_a_utc_day() {
    printf '%s\n' '{"speaker":"A","date":"2017-07-09T12:00:60Z","text":"x"}' \
        '{"speaker":"A","date":"2016-12-31T23:59:60Z","text":"y"}' >l.jsonl
    run "$TRACKER" import l.jsonl
    expect_rc 65
    expect_out "imported 1, duplicates 0, rejected 1"
    expect_err "l.jsonl:1: impossible time in '2017-07-09T12:00:60Z': second 60 (a leap second is only ever 23:59:60 UTC)"
}

t_tracker_now_must_be_a_date() {
    TRACKER_NOW=garbage run "$TRACKER" init
    expect_rc 64
    expect_err "tracker: TRACKER_NOW: invalid date 'garbage' (expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or A/B) (it fixes the clock: unset it, or give an ISO date such as 2017-07-21T06:00:00Z)"
    [ ! -e tracker.db ] || fail "a store was created"
}

t_empty_db_path_is_refused() {
    printf '%s\n' '{"speaker":"A","date":"2017","text":"x"}' >a.jsonl
    for args in "--db= import a.jsonl" "import --dry-run a.jsonl" "init" "history A"; do
        # shellcheck disable=SC2086
        run "$TRACKER" --db "" $args
        expect_rc 64
        expect_err_has "the database path is empty (is the variable given to --db or \$TRACKER_DB set?)"
    done
    [ "$(ls)" = a.jsonl ] || fail "files were left: $(ls)"
}

t_search_window_must_be_in_order() {
    "$TRACKER" add --speaker A --date 2017 --text "budget" >/dev/null
    run "$TRACKER" search budget --from 2018 --to 2017
    expect_rc 64
    expect_err "tracker search: --from 2018 is after --to 2017
Try 'tracker search --help'."
}

t_search_deeply_nested_parentheses_is_a_usage_error() {
    "$TRACKER" add --speaker A --date 2017 --text "budget" >/dev/null
    q=$(printf '(%.0s' $(seq 1 2000))budget
    run "$TRACKER" search "$q"
    expect_rc 64
    expect_err "tracker search: bad search query '$(printf '(%.0s' $(seq 1 100))...': parentheses nested too deeply (quote words with special characters, e.g. '\"U.S.\"'; operators are AND, OR, NOT, NEAR and prefix*)"
}

t_extract_directory_is_no_input() {
    mkdir articles
    run "$TRACKER" extract --published 2017-07-20 articles
    expect_rc 66
    expect_err "tracker extract: articles: is a directory, not a file"
    run "$TRACKER" import articles
    expect_rc 66
}

t_extract_future_publication_date_warns() {
    printf 'The minister said the talks were over.\n' >a.txt
    run "$TRACKER" extract --published 2099-01-01 a.txt
    expect_rc 0
    expect_err "tracker extract: warning: --published 2099-01-01 is in the future (today is 2017-07-21): statements are dated against it"
    run "$TRACKER" extract --published 2017-07-20 a.txt
    expect_err ""
}

t_people_import_never_merges_two_people() {
    "$TRACKER" people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    "$TRACKER" add --speaker "Hal Hart" --date 2017-07-10 --text "We never discussed a cyber unit." >/dev/null
    printf '%s\n' '{"name":"Hal Hart","aliases":["Trump"]}' '{"name":"Hal Hart","aliases":["Rob Joyce"]}' \
        '{"name":"Harold Hart","aliases":["Hal Hart"]}' '{"name":"Hal Hart","aliases":["Harold Hart"],"side":"UK"}' >p.jsonl
    run "$TRACKER" people import p.jsonl
    expect_rc 65
    expect_out "people: added 0, updated 1, rejected 3"
    expect_err "p.jsonl:1: alias 'Trump' for 'Hal Hart' already names 'Donald Trump' (id 1): refused (two people are never merged)
p.jsonl:2: alias 'Rob Joyce' for 'Hal Hart' already names 'Rob Joyce' (id 6): refused (two people are never merged)
p.jsonl:3: alias 'Hal Hart' for 'Harold Hart' already names 'Hal Hart' (id 12): refused (two people are never merged)"
    # Trump's history is his alone; Hal Hart got his own alias and side.
    run "$TRACKER" history Trump --format csv
    expect_out_lacks "Hal Hart"
    run "$TRACKER" people show "harold hart" --format json
    expect_out_has '"name":"Hal Hart","kind":"person","side":"UK"'
}
