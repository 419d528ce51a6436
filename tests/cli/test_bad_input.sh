# test_bad_input.sh: the kinds of bad input in docs/bad-input.md that no
# other test file covers, each with what the user sees; and the check that
# every test the catalogue names exists.

t_bad_statement_fields() {
    printf '%s\n' '{"speaker":"A","date":"2017-07-21","text":"x","published":"2017-07-20"}' \
        '{"speaker":"A","date":"2017","text":"x","kind":"robot"}' \
        '{"speaker":"A","date":"2017","text":"x","span":[5,2]}' \
        '{"speaker":"A","date":"2017","text":7}' \
        '["speaker","A"]' \
        '{"speaker":"A","speaker":"B","date":"2017","text":"x"}' \
        '{"speaker":"A","date":"2017-07-19/2017-07-01","text":"x"}' \
        '{"speaker":"...","date":"2017","text":"x"}' >i.jsonl
    run "$TRACKER" import i.jsonl
    expect_rc 65
    expect_out "imported 0, duplicates 0, rejected 8"
    expect_err "i.jsonl:1: date 2017-07-21 is after the publication date 2017-07-20
i.jsonl:2: field 'kind' is 'robot' (expected person, group or anonymous)
i.jsonl:3: field 'span' [5, 2] is not a byte range
i.jsonl:4: field 'text' must be a string
i.jsonl:5: a record must be a JSON object
i.jsonl:6: malformed JSON at column 24: duplicate object key near '\"speaker\"'
i.jsonl:7: impossible interval '2017-07-19/2017-07-01': it ends before it starts
i.jsonl:8: name '...' has no letters or digits"
}

t_bad_import_command_lines() {
    printf '%s\n' '{"speaker":"A","date":"2017","text":"x"}' >i.jsonl
    run "$TRACKER" import --max-line 10 i.jsonl
    expect_rc 64
    expect_err_has "tracker: import: --max-line: expected a number of bytes (at least 64)"
    run "$TRACKER" import --format xml i.jsonl
    expect_rc 64
    expect_err_has "tracker: import: --format: unknown value 'xml' (expected jsonl, json or csv)"
    run "$TRACKER" import
    expect_rc 64
    expect_err_has "tracker: import: no input files (use '-' for standard input, or --feeds FILE)"
    [ ! -e tracker.db ] || fail "a bad command line created the store"
}

t_bad_people_records() {
    printf 'name,kind\nA,person\n' >p.csv
    run "$TRACKER" people import p.csv
    expect_rc 64
    expect_err "tracker: people import: p.csv: people are read from JSON Lines, not CSV"
    printf '%s\n' '{"name":"..."}' '{"name":"B","kind":"robot"}' '{"name":"C","aliases":"C1"}' \
        '{"name":"D","roles":[{"role":"x","from":"2018","to":"2017"}]}' '{"name":"E","aliases":["E\u0000F"]}' >p.jsonl
    run "$TRACKER" people import p.jsonl
    expect_rc 65
    expect_out "people: added 0, updated 0, rejected 5"
    expect_err "p.jsonl:1: name '...' has no letters or digits
p.jsonl:2: unknown kind 'robot' (expected person, group or anonymous)
p.jsonl:3: field 'aliases' must be an array of strings
p.jsonl:4: role 'x' ends (2017) before it starts (2018)
p.jsonl:5: aliases[0] must be a string"
    run "$TRACKER" people show Zorro
    expect_rc 65
    expect_err "tracker: people show: no person named 'Zorro' in the store (see 'tracker people list')"
}

t_bad_add_and_extract_command_lines() {
    run "$TRACKER" add --speaker A --date 2017 --text x extra
    expect_rc 64
    expect_err_has "tracker: add: unexpected argument 'extra'"
    run "$TRACKER" add --speaker A --date 2017-13 --text x
    expect_rc 65
    expect_err "tracker: add: impossible date '2017-13': month 13 (months are 01 to 12)"
    printf 'The minister said the talks were over.\n' >a.txt
    run "$TRACKER" extract --published 2017-07 a.txt
    expect_rc 64
    expect_err_has "tracker: extract: --published: expected a day YYYY-MM-DD, got '2017-07'"
}

t_bad_search_and_report_options() {
    "$TRACKER" add --speaker A --date 2017 --text "budget" >/dev/null
    run "$TRACKER" search budget --limit 0
    expect_rc 64
    expect_err_has "tracker: search: --limit: expected a number from 1 to 100000"
    run "$TRACKER" search budget --speaker Nobody
    expect_rc 65
    expect_err "tracker: search: no person named 'Nobody' in the store (see 'tracker people list')"
    run "$TRACKER" report --output ""
    expect_rc 64
    expect_err_has "tracker: report: --output needs a file name"
}

t_a_file_that_is_not_a_store() {
    echo "not a database" >junk.db
    run "$TRACKER" --db junk.db history A
    expect_rc 65
    expect_err "tracker: history: cannot use 'junk.db' as a tracker database: file is not a database"
    printf '%s\n' '{"speaker":"A","date":"2017","text":"x"}' >i.jsonl
    run "$TRACKER" --db junk.db import i.jsonl
    expect_rc 65
    expect_eq "$(cat junk.db)" "not a database" "the file"
}

# Every test docs/bad-input.md names is a CLI test (t_*) or a Check test
# (START_TEST) that exists; the catalogue has at least 60 kinds.
t_bad_input_catalogue_names_real_tests() {
    local doc=$TRACKER_SRC/docs/bad-input.md
    [ -f "$doc" ] || { fail "no $doc"; return; }
    rows=$(grep -c '^| [0-9]' "$doc")
    [ "$rows" -ge 60 ] || fail "the catalogue has $rows kinds, fewer than 60"
    # The last cell of each row names its test.
    names=$(grep '^| [0-9]' "$doc" | awk -F'|' '{ print $(NF-1) }' | grep -o '`[a-z_0-9]*`' | tr -d '`' | sort -u)
    [ "$(grep '^| [0-9]' "$doc" | awk -F'|' '{ print $(NF-1) }' | grep -vc '`[a-z_0-9]*`')" = 0 ] ||
        fail "a row of the catalogue names no test"

    [ -n "$names" ] || fail "no test names found in the catalogue"
    defined=$( (grep -ho '^t_[a-z_0-9]*()' "$TRACKER_SRC"/tests/cli/*.sh "$TRACKER_SRC"/tests/stress/*.sh | tr -d '()';
                grep -ho 'START_TEST([a-z_0-9]*)' "$TRACKER_SRC"/tests/unit/*.c | sed 's/START_TEST(\(.*\))/\1/') | sort -u)
    for n in $names; do
        printf '%s\n' "$defined" | grep -qx "$n" || fail "docs/bad-input.md names '$n', which is no test"
    done
    for area in import people add extract rules search report findings store; do
        grep -q "^| [0-9]* | $area |" "$doc" || fail "no row for $area"
    done
}

t_sql_lint_fails_on_sql_outside_db_and_printf_sql() {
    run bash "$TRACKER_SRC/tests/lint/sql.sh" "$TRACKER_SRC"
    expect_rc 0
    mkdir -p tree/db tree/lib tree/tracker tree/rules tree/extract
    printf 'static const char *q = "SELECT id FROM people WHERE name=?1";\n' >tree/tracker/cmd_x.c
    printf 'void f(char *b, const char *n)\n{\n    snprintf(b, 99,\n             "DELETE FROM people WHERE name='"'"'%%s'"'"'", n);\n}\n' >tree/db/x.c
    printf 'static const char *ok = "SELECT id FROM people WHERE name=?1";\n' >tree/db/y.c
    run bash "$TRACKER_SRC/tests/lint/sql.sh" tree
    expect_rc 1
    expect_out_has 'tracker/cmd_x.c:1: SQL text outside db/'
    expect_out_has 'db/x.c:3: SQL formatted printf-style: snprintf(b, 99,'
    expect_out_has "db/x.c:4: a printf conversion in SQL text"
    expect_out_lacks "db/y.c"
}
