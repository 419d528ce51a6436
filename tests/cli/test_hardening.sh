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
    heavy || return
    # timeout: a reader that hangs fails the test instead of the suite.
    run timeout 300 sh -c "head -c 100000000 /dev/zero | '$TRACKER' import --format jsonl -"
    expect_rc 65
    expect_out "imported 0, duplicates 0, rejected 1"
    expect_err "<stdin>:1: no line break in 64 MiB past the record limit (1048576 bytes): this is not a line-delimited file; reading stopped"
    run timeout 300 sh -c "'$TRACKER' import - </dev/zero"
    expect_rc 65
    expect_err "tracker: import: <stdin>:1: bad header: no line break in 64 MiB past the record limit (1048576 bytes): this is not a line-delimited file; reading stopped"
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
    expect_err "tracker: TRACKER_NOW is 'garbage', not a date: it fixes the clock a run records; unset it, or give an ISO date such as 2017-07-21T06:00:00Z"
    TRACKER_NOW=yesterday run "$TRACKER" version
    expect_rc 64
    expect_err_has "TRACKER_NOW is 'yesterday', not a date"
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
    expect_err "tracker: search: --from 2018 is after --to 2017
Try 'tracker search --help'."
}

t_search_deeply_nested_parentheses_is_a_usage_error() {
    "$TRACKER" add --speaker A --date 2017 --text "budget" >/dev/null
    q=$(printf '(%.0s' $(seq 1 2000))budget
    run "$TRACKER" search --fts "$q"
    expect_rc 64
    expect_err "tracker: search: bad --fts query '$(printf '(%.0s' $(seq 1 100))...': parentheses nested too deeply (quote words with special characters, e.g. '\"U.S.\"'; operators are AND, OR, NOT, NEAR and prefix*; without --fts, a search reads plain words)"
    # Plain text reads the parentheses as punctuation.
    run "$TRACKER" search "$q"
    expect_rc 0
    expect_out "2017  A  direct  #1
    »budget«"
}

t_extract_directory_is_no_input() {
    mkdir articles
    run "$TRACKER" extract --published 2017-07-20 articles
    expect_rc 66
    expect_err "tracker: extract: articles: is a directory, not a file"
    run "$TRACKER" import articles
    expect_rc 66
}

t_extract_future_publication_date_warns() {
    printf 'The minister said the talks were over.\n' >a.txt
    run "$TRACKER" extract --published 2099-01-01 a.txt
    expect_rc 0
    expect_err "tracker: extract: warning: --published 2099-01-01 is in the future (today is 2017-07-21): statements are dated against it"
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

t_add_refuses_invalid_utf8_in_every_flag() {
    for flag in --text --source --url --speaker --side --role --id; do
        args=(--speaker Ann --date 2017 --text fine)
        run "$TRACKER" add "${args[@]}" "$flag" "$(printf 'bad\xff byte')"
        expect_rc 65
        expect_err "tracker: argument 9 ('bad\\xff byte') is not valid UTF-8 (byte 0xff at byte 4): tracker reads UTF-8 text only"
    done
    [ ! -e tracker.db ] || fail "a store was created"
    run "$TRACKER" search "$(printf '\xc3')"
    expect_rc 65
}

t_json_writers_never_drop_a_row() {
    "$TRACKER" add --speaker Ann --date 2017-01-01 --text "first budget" >/dev/null
    "$TRACKER" add --speaker Ann --date 2017-01-02 --text "second budget" >/dev/null
    # A store written by an older tracker may hold bytes that are not UTF-8.
    sqlite3 tracker.db "UPDATE statements SET text = CAST(x'6f6c6420ff20627564676574' AS TEXT) WHERE id = 1; UPDATE people SET side = CAST(x'c3' AS TEXT);"
    run "$TRACKER" history Ann --format json
    expect_rc 0
    expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2 "history rows"
    expect_out_has "\"text\":\"old $(printf '\xef\xbf\xbd') budget\""
    run "$TRACKER" search budget --format json
    expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2 "search rows"
    run "$TRACKER" people list --format json
    expect_out_has "\"side\":\"$(printf '\xef\xbf\xbd')\""
    run "$TRACKER" people show Ann --format json
    expect_out_has "\"side\":\"$(printf '\xef\xbf\xbd')\""
    # Rows that never reach their file are an error, not a success.
    device_nodes
    run sh -c "'$TRACKER' history Ann --format json >'$FULL'"
    expect_rc 74
    expect_err "tracker: history: writing the output: No space left on device"
}

t_terminal_escapes_are_made_visible() {
    esc=$(printf '\033'); bel=$(printf '\007'); csi=$(printf '\302\233'); rlo=$(printf '\342\200\256')
    printf '{"name":"Eve\\u001b]52;c;cGF5bG9hZA==\\u0007 \\u009b2J \\u202eevil","side":"X\\u001b[2J","aliases":["Eve"]}\n' >p.jsonl
    run "$TRACKER" people import p.jsonl
    expect_rc 0
    run "$TRACKER" people list
    expect_out_has 'Eve\x1b]52;c;cGF5bG9hZA==\x07 \u009b2J \u202eevil person    X\x1b[2J'
    run "$TRACKER" people show eve
    expect_out_has 'Eve\x1b]52;c;cGF5bG9hZA==\x07 \u009b2J \u202eevil
  kind: person
  side: X\x1b[2J'
    printf '{"speaker":"Eve","date":"2017","text":"red \\u001b[31mALERT\\u001b[0m \\u009b2J \\u2066iso\\u2069 bell \\u0007 tab\\tend"}\n' >s.jsonl
    "$TRACKER" import s.jsonl >/dev/null
    run "$TRACKER" history "Eve"
    expect_out_has 'red \x1b[31mALERT\x1b[0m \u009b2J \u2066iso\u2069 bell \x07 tab end'
    run "$TRACKER" search bell
    expect_out_has 'red \x1b[31mALERT\x1b[0m \u009b2J \u2066iso\u2069 »bell« \x07 tab end'
    # Error messages that echo input.
    run "$TRACKER" history "$(printf 'X\033[2J\302\233')"
    expect_err_has "tracker: history: no person named 'X\\x1b[2J\\u009b' in the store"
    run "$TRACKER" import --map "text=$(printf '\033]0;title\007')" s.jsonl
    expect_out_has "imported 0"
    run "$TRACKER" "$(printf 'bogus\033[2J')"
    expect_err_has "tracker: unknown command 'bogus\\x1b[2J'"
    printf 'speaker,date,text,%s\n' "$(printf 'col\033[2J')" >c.csv
    run "$TRACKER" import c.csv
    expect_err "tracker: import: note: c.csv: ignoring columns col\\x1b[2J"
    for o in "$out" "$err"; do
        case "$o" in *"$esc"* | *"$bel"* | *"$csi"* | *"$rlo"*) fail "a raw control character was printed: $o" ;; esac
    done
}

# The findings, the rules' diff and explain, and the text report go through
# the same escaping layer and JSON writer as history and search: stored
# text (a store edited by hand, or written by an older tracker) cannot drive
# the terminal, and no JSON row is dropped.
t_findings_rules_and_report_make_escapes_visible() {
    esc=$(printf '\033'); bel=$(printf '\007'); csi=$(printf '\302\233'); rlo=$(printf '\342\200\256')
    hardening_seed
    sqlite3 tracker.db "UPDATE statements SET text = text || ' ' || char(27) || '[2J' || char(155) || '2J' || char(8238) || 'evil' WHERE id=11;
        UPDATE people SET name = 'Svetlana' || char(27) || ']0;t' || char(7) || ' Lukash' WHERE name='Svetlana Lukash';
        UPDATE findings SET rule = rule || char(27) || '[31m', topic = topic || char(8238) WHERE kind='reversal';"
    run "$TRACKER" findings list --kind reversal
    expect_out_has 'r-327a7e2888ba  reversal  high  new  cyber_unit_reversal\x1b[31m on cyber_unit\u202e  order: certain'
    local all=$out
    run "$TRACKER" findings show r-327
    expect_out_has "It »can't«-but a ceasefire can,& did! \\x1b[2J\\u009b2J\\u202eevil"
    all+=$out
    sed 's/  sides RU US/  sides RU US\n  modes direct/' "$TRACKER_SRC/samples/rules/seed.rules" >direct.rules
    run "$TRACKER" rules diff "$TRACKER_SRC/samples/rules" direct.rules
    expect_out_has '    #3 Svetlana\x1b]0;t\x07 Lukash, 2017-07-01 to 2017-07-19: "Russian President'
    all+=$out
    run "$TRACKER" --rules "$TRACKER_SRC/samples/rules" rules explain "$(printf 'talks \033[2J\302\233 are underway')"
    expect_out_has '  [1] 0-25 "talks \x1b[2J\u009b are underway"'
    all+=$out
    run "$TRACKER" report --dry-run
    expect_out_has 'RU, deciding: Svetlana\x1b]0;t\x07 Lukash (RU, Russian G20 sherpa)'
    expect_out_has "can,& did! \\x1b[2J\\u009b2J\\u202eevil\" (direct)"
    all+=$out
    case "$all" in *"$esc"* | *"$bel"* | *"$csi"* | *"$rlo"*) fail "a raw control character was printed" ;; esac
    # JSON: every row, strings that are not UTF-8 with U+FFFD in place of a bad byte
    sqlite3 tracker.db "UPDATE statements SET text = CAST(x'41ff42' AS TEXT) WHERE id=10"
    run "$TRACKER" findings list --kind reversal --format json
    expect_rc 0
    expect_out_has '"id":10,'
    expect_eq "$(printf '%s\n' "$out" | jq -r '.rule + " " + .topic')" "$(printf 'cyber_unit_reversal\033[31m cyber_unit\342\200\256')" "the rule and topic, JSON-escaped"
    run "$TRACKER" findings show r-327 --format json
    expect_out_has '"text":"A�B"'
    run "$TRACKER" rules diff "$TRACKER_SRC/samples/rules" direct.rules --format json
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "1" "rules diff rows"
    run "$TRACKER" report --dry-run --format json
    expect_out_has '"text":"A�B"'
}

t_store_is_private_and_shared_is_group_writable() {
    (umask 022 && "$TRACKER" init >/dev/null)
    expect_eq "$(stat -c '%a' tracker.db tracker.db-wal tracker.db-shm | tr '\n' ' ')" "600 600 600 " "a new store's modes"
    (umask 077 && "$TRACKER" --db desk.db init --shared >/dev/null)
    expect_eq "$(stat -c '%a' desk.db desk.db-wal desk.db-shm | tr '\n' ' ')" "660 660 660 " "a shared store's modes"
    # An existing store is made group-writable by init --shared.
    run "$TRACKER" init --shared
    seed --db scratch.db init >/dev/null
    expect_out "tracker.db is current (schema version $(sqlite3 scratch.db "PRAGMA user_version"))"
    expect_eq "$(stat -c '%a' tracker.db tracker.db-wal tracker.db-shm | tr '\n' ' ')" "660 660 660 " "modes after init --shared"
}

# Runs the rest of the arguments as user $1 (a uid with no other group).
as_user() {
    local uid=$1
    shift
    setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@"
}

# Sets up ./bin/tracker runnable by any user and a world-writable sticky
# directory ./desk (like /tmp); returns 1 (the caller skips) when users
# cannot be switched here.
two_users_setup() {
    [ -z "${TRACKER_VALGRIND:-}" ] && [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null || return 1
    chmod 755 "$PWD"
    mkdir bin desk && cp "$TRACKER" bin/tracker && chmod 755 bin bin/tracker && chmod 1777 desk
    as_user 4001 bin/tracker --version >/dev/null 2>&1 || return 1
    T=$PWD/bin/tracker
}

t_reader_without_write_access_never_locks_the_owner_out() {
    two_users_setup || { skip "cannot run as two users here (needs root and setpriv)"; return; }
    cd desk || return
    run as_user 4001 "$T" add --speaker Ann --date 2017 --text "first"
    expect_rc 0
    chmod 644 tracker.db
    # A store without -wal and -shm (copied, or written by an older tracker).
    rm -f tracker.db-wal tracker.db-shm
    run as_user 4002 "$T" history Ann
    expect_rc 0
    expect_out_has "first"
    expect_eq "$(ls)" "tracker.db" "files after another user's read"
    run as_user 4001 "$T" add --speaker Ann --date 2018 --text "second"
    expect_rc 0
    expect_out "added statement 2"
    # With the owner's -wal and -shm (kept, in the store's mode) beside it.
    expect_eq "$(stat -c '%u %a' tracker.db-wal tracker.db-shm | sort -u)" "4001 644" "the owner's -wal and -shm"
    run as_user 4002 "$T" search second --format json
    expect_rc 0
    expect_out_has '"text":"second"'
    run as_user 4001 "$T" add --speaker Ann --date 2019 --text "third"
    expect_out "added statement 3"
    # The reader cannot write, and is told it is the store, not the input.
    printf '%s\n' '{"speaker":"Ann","date":"2017","text":"x"}' >../in.jsonl
    chmod 644 ../in.jsonl
    run as_user 4002 "$T" import ../in.jsonl
    expect_rc 74
    expect_err "tracker: import: cannot write the store 'tracker.db': it is read-only for this user (Permission denied)"
    expect_out ""
}

t_read_only_store_can_be_read() {
    two_users_setup || { skip "cannot run as two users here (needs root and setpriv)"; return; }
    cd desk && mkdir ro && chown 4001 ro || return
    run as_user 4001 "$T" --db ro/t.db add --speaker Ann --date 2017 --text "kept"
    chmod 444 ro/t.db && rm -f ro/t.db-wal ro/t.db-shm && chmod 555 ro
    run as_user 4001 "$T" --db ro/t.db history Ann
    expect_rc 0
    expect_out_has "kept"
    run as_user 4001 "$T" --db ro/t.db add --speaker Ann --date 2018 --text "more"
    expect_rc 74
    expect_err "tracker: add: cannot write the store 'ro/t.db': it is read-only for this user (Permission denied)"
    expect_eq "$(ls ro)" "t.db" "files beside a read-only store"
    chmod 755 ro
}

# Sets $NULL and $FULL to a null and a full device: this test's own nodes
# when it may make them (as root: so that a report that wrongly replaced
# its output could never replace /dev/null), else the system's (which a
# user other than root cannot replace).
device_nodes() {
    NULL=/dev/null FULL=/dev/full
    if [ "$(id -u)" = 0 ] && mknod null c 1 3 2>/dev/null && mknod full c 1 7 2>/dev/null &&
        [ -c null ] && [ -c full ] && echo x >null 2>/dev/null; then
        NULL=$PWD/null FULL=$PWD/full
    fi
}

hardening_seed() {
    seed people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    seed import "$TRACKER_SRC/samples/statements.jsonl" >/dev/null
    seed scan --rules "$TRACKER_SRC/samples/rules" >/dev/null
}

t_report_output_never_follows_a_planted_name() {
    hardening_seed
    echo "precious" >victim
    # Every name a predictable temporary could have, planted as a symlink.
    for pid in $(seq $$ $(($$ + 400))); do ln -s victim "r.md.tmp.$pid"; done
    ln -s victim .r.md.tmp
    run "$TRACKER" report --format markdown --output r.md --dry-run
    expect_rc 0
    expect_eq "$(cat victim)" "precious" "the planted symlink's target"
    [ -f r.md ] && [ ! -L r.md ] || fail "r.md is not a regular file"
    expect_eq "$(head -n 1 r.md)" "# Consistency report, 2017-07-21 06:00 UTC" "the report"
    [ -z "$(ls -a | grep '^\.r\.md\.tmp-')" ] || fail "a temporary was left"
    # A symlink at FILE itself is followed to its target, as a shell redirect is.
    mkdir reports && echo old >reports/latest.md && ln -s reports/latest.md link.md
    run "$TRACKER" report --format markdown --output link.md --dry-run
    expect_rc 0
    [ -L link.md ] || fail "the symlink at FILE was replaced"
    expect_eq "$(head -n 1 reports/latest.md)" "# Consistency report, 2017-07-21 06:00 UTC" "the link's target"
    ln -s reports/new.md dangling.md
    run "$TRACKER" report --output dangling.md --dry-run
    expect_rc 0
    [ -s reports/new.md ] || fail "a dangling symlink's target was not created"
}

t_report_output_to_a_fifo_a_device_and_dash() {
    hardening_seed
    mkfifo pipe
    timeout 60 cat pipe >from-pipe &
    reader=$!
    run "$TRACKER" report --format json --output pipe --dry-run
    expect_rc 0
    wait $reader
    [ -p pipe ] || fail "the FIFO was replaced"
    expect_eq "$(sqlite3 :memory: "SELECT json_extract(readfile('from-pipe'), '\$.schema')")" "tracker-report/1" "the report through the FIFO"
    device_nodes
    run "$TRACKER" report --output "$NULL" --dry-run
    expect_rc 0
    [ -c "$NULL" ] || fail "$NULL is no longer a device"
    run "$TRACKER" report --output "$FULL" --dry-run
    expect_rc 74
    expect_err "tracker: report: writing $FULL: No space left on device"
    [ -c "$FULL" ] || fail "$FULL is no longer a device"
    run "$TRACKER" report --output - --format markdown --dry-run
    expect_rc 0
    expect_out_has "# Consistency report, 2017-07-21 06:00 UTC"
    [ ! -e ./- ] || fail "a file named '-' was written"
}

t_report_output_keeps_the_file_mode() {
    hardening_seed
    echo old >r.html && chmod 600 r.html
    run "$TRACKER" report --format html --output r.html --dry-run
    expect_rc 0
    expect_eq "$(stat -c %a r.html)" "600" "the report's mode"
    (umask 027 && "$TRACKER" report --format html --output new.html --dry-run >/dev/null)
    expect_eq "$(stat -c %a new.html)" "640" "a new report's mode (0666 less the umask)"
}

t_report_that_cannot_be_written_records_no_run() {
    hardening_seed
    run "$TRACKER" report --format html --output missing/dir/r.html
    expect_rc 74
    expect_err "tracker: report: cannot write missing/dir/r.html: No such file or directory"
    device_nodes
    run "$TRACKER" report --output "$FULL"
    expect_rc 74
    [ -c "$FULL" ] || fail "$FULL is no longer a device"
    expect_eq "$(sqlite3 tracker.db "SELECT count(*) FROM runs WHERE kind='report'")" 0 "report runs recorded"
    found=$(sqlite3 tracker.db "SELECT count(*) FROM findings")
    [ "$found" -gt 0 ] || fail "the seed store has no findings"
    run "$TRACKER" findings list --status new --format json
    expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$found" "findings still new"
    [ "$(id -u)" = 0 ] && command -v unshare >/dev/null || { skip "a full disk needs root (a private tmpfs)"; return; }
    # A full disk: the old file stays, no temporary is left, no run recorded.
    cat >full.sh <<'SH'
set -e
mount -t tmpfs -o size=256k tmpfs disk
echo "last night's report" >disk/r.html
dd if=/dev/zero of=disk/filler bs=4k 2>/dev/null || true
set +e
"$1" report --format html --output disk/r.html
echo "rc=$?"
cat disk/r.html
ls -A disk
SH
    mkdir disk
    run unshare -m sh full.sh "$TRACKER"
    if [[ "$err" == *"mount"* ]]; then skip "no tmpfs mount here: $err"; return; fi
    expect_out "rc=74
last night's report
filler
r.html"
    expect_err "tracker: report: writing disk/r.html: No space left on device"
    expect_eq "$(sqlite3 tracker.db "SELECT count(*) FROM runs WHERE kind='report'")" 0 "report runs recorded"
    run "$TRACKER" report --format json
    expect_out_has "\"counts\": {\"new\":$found,"
}

# Overwrites page PAGE of the store with 0xff bytes (the store closed).
damage_page() {
    local size
    size=$(sqlite3 tracker.db "PRAGMA page_size")
    head -c "$size" /dev/zero | tr '\0' '\377' | dd of=tracker.db bs="$size" seek=$(($1 - 1)) conv=notrunc 2>/dev/null
}

t_check_finds_nothing_in_a_sound_store() {
    hardening_seed
    run "$TRACKER" check
    expect_rc 0
    expect_out "tracker.db: ok (integrity, foreign keys, full-text index, the tracker's 8 invariants)"
    run "$TRACKER" --db missing.db check
    expect_rc 66
}

t_check_finds_broken_invariants() {
    hardening_seed
    # A finding whose statement is gone, and a full-text index out of step.
    con=$(sqlite3 tracker.db "SELECT id FROM findings WHERE kind='contradiction' LIMIT 1")
    rev=$(sqlite3 tracker.db "SELECT id FROM findings WHERE kind='reversal' LIMIT 1")
    [ -n "$con" ] && [ -n "$rev" ] || fail "the seed store has no reversal or no contradiction"
    gone=$(sqlite3 tracker.db "SELECT max(statement_id) FROM finding_statements WHERE finding_id='$rev'")
    sqlite3 tracker.db "PRAGMA foreign_keys=OFF; DELETE FROM statements WHERE id=$gone; UPDATE findings SET ruleset='feedface' WHERE id='$con'; DELETE FROM aliases WHERE alias='Rob Joyce'; INSERT INTO statements(hash, person_id, text, date_text, date_lo, date_hi, date_prec, ingested_at) VALUES (x'99', 1, 'never indexed', '2017', 0, 1, 'year', 0);"
    run "$TRACKER" check
    expect_rc 1
    expect_out_has "problem: foreign key: finding_statements row"
    expect_out_has "problem: every finding's statements exist: $rev (statement $gone)"
    expect_out_has "problem: every finding's rule set hash is one a scan recorded: $con (rule set feedface)"
    expect_out_has "problem: every person is known by their own name: person 6 (Rob Joyce)"
    expect_out_has "problem: full-text index: "
    expect_out_has "problems found by 11 checks: restore the store from a backup ('tracker backup FILE' makes one)"
}

t_damaged_store_stops_every_write() {
    hardening_seed
    page=$(sqlite3 tracker.db "SELECT rootpage FROM sqlite_master WHERE name='statements'")
    damage_page "$page"
    run "$TRACKER" check
    expect_rc 1
    expect_out_has "problem: integrity: "
    printf '%s\n' '{"speaker":"Ann","date":"2017","text":"more"}' >more.jsonl
    for cmd in "import more.jsonl" "add --speaker Ann --date 2017 --text more" "scan --rules $TRACKER_SRC/samples/rules" "report"; do
        # shellcheck disable=SC2086
        run "$TRACKER" $cmd
        expect_rc 74
        expect_err_has "the store 'tracker.db' is damaged (database disk image is malformed, while "
        expect_err_has "run 'tracker --db tracker.db check' to see what is wrong, and restore the store from a backup ('tracker backup FILE' makes one)"
    done
}

t_backup_is_a_consistent_copy_while_an_import_runs() {
    heavy || return
    hardening_seed
    run "$TRACKER" backup copy.db
    expect_rc 0
    expect_out "backed up tracker.db to copy.db: 11 people, 15 statements"
    expect_eq "$(stat -c %a copy.db)" "600" "the copy's mode"
    run "$TRACKER" --db copy.db check
    expect_rc 0
    run "$TRACKER" --db copy.db findings list --format json
    expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$(sqlite3 tracker.db "SELECT count(*) FROM findings")" "findings in the copy"
    # While a big import runs, a backup holds all of it or none of it.
    awk 'BEGIN { print "speaker,date,text"; for (i = 1; i <= 150000; i++) printf "S %d,2017-01-%02d,budget line %d\n", i % 40, i % 28 + 1, i }' >big.csv
    "$TRACKER" import --quiet big.csv >import.out 2>&1 &
    pid=$!
    sleep 0.4
    run "$TRACKER" backup during.db
    expect_rc 0
    wait $pid
    n=$(sqlite3 during.db "SELECT count(*) FROM statements")
    [ "$n" = 15 ] || [ "$n" = 150015 ] || fail "a backup during an import holds $n statements: not all or nothing"
    run "$TRACKER" --db during.db check
    expect_rc 0
    run "$TRACKER" backup tracker.db
    expect_rc 64
    expect_err_has "'tracker.db' is the store itself"
}

t_nightly_checks_the_store_first() {
    hardening_seed
    mkdir feeds && printf '%s\n' '{"speaker":"Ann","date":"2017","text":"tonight"}' >feeds/a.jsonl
    damage_page "$(sqlite3 tracker.db "SELECT rootpage FROM sqlite_master WHERE name='statements'")"
    TRACKER_DB=tracker.db REPORT_DIR=out run "$TRACKER_SRC/samples/nightly.sh" feeds
    expect_rc 74
    expect_err_has "nightly: the store failed its check: nothing imported; restore it from a backup"
    expect_err_has "problem: integrity: "
    [ ! -e out ] || fail "a report was written"
}

t_a_huge_bad_pattern_is_not_echoed_whole() {
    { printf 'topic t {\n  mention /'; head -c 1000000 /dev/zero | tr '\0' a; printf '(/\n}\n'; } >big.rules
    run "$TRACKER" rules lint big.rules
    expect_rc 78
    expect_eq "$(printf '%s' "$err" | head -n 1)" "big.rules:2:1000013: error[E006]: bad regex: missing closing parenthesis (at offset 1000001 in the pattern)" "the diagnostic"
    expect_eq "$(printf '%s\n' "$err" | sed -n 2p)" " 2 | ...$(printf 'a%.0s' $(seq 1 59))(/" "the source window"
    [ "${#err}" -lt 1000 ] || fail "the diagnostic is ${#err} bytes long"
}

t_scan_with_no_rule_file_changes_nothing() {
    seed people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    seed import "$TRACKER_SRC/samples/statements.jsonl" >/dev/null
    seed scan --rules "$TRACKER_SRC/samples/rules" >/dev/null
    run "$TRACKER" history Trump --format json
    local before=$out
    run "$TRACKER" findings list --format json
    local fbefore=$out
    mkdir empty
    run "$TRACKER" scan --rules empty
    expect_rc 78
    expect_err "tracker: scan: empty: no topic in this rule set (a directory needs *.rules files): a scan would drop every assertion; nothing was changed"
    expect_out ""
    # a rule file that defines nothing, named by $TRACKER_RULES
    printf '# nothing yet\n' >none.rules
    TRACKER_RULES=none.rules run "$TRACKER" scan
    expect_rc 78
    expect_err_has "tracker: scan: none.rules: no topic in this rule set"
    run "$TRACKER" history Trump --format json
    expect_eq "$out" "$before" "the stances after the refused scans"
    run "$TRACKER" findings list --format json
    expect_eq "$out" "$fbefore" "the findings after the refused scans"
    expect_eq "$(printf '%s\n' "$fbefore" | wc -l)" 2 "findings kept"
    expect_eq "$(sqlite3 tracker.db 'SELECT count(*) FROM runs')" 1 "no run recorded"
}

t_backslash_c_in_a_pattern_is_a_compile_error() {
    printf 'topic t {\n  mention /\\bthe unit\\b/\n  affirm /for\\Cing/\n}\n' >c.rules
    run "$TRACKER" rules lint c.rules
    expect_rc 78
    expect_eq "$(printf '%s' "$err" | head -n 1)" 'c.rules:3:16: error[E006]: bad regex: using \C is disabled by the application (at offset 5 in the pattern)' "the diagnostic"
    seed people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    seed import "$TRACKER_SRC/samples/statements.jsonl" >/dev/null
    run "$TRACKER" scan --rules c.rules
    expect_rc 78
    expect_err_has 'c.rules:3:16: error[E006]: bad regex: using \C is disabled'
    expect_eq "$(sqlite3 tracker.db 'SELECT count(*) FROM assertions')" 0 "nothing stored"
    # No cue stored by a scan is cut inside a character.
    seed scan --rules "$TRACKER_SRC/samples/rules" >/dev/null
    expect_eq "$(sqlite3 tracker.db 'SELECT count(*) FROM assertions')" 9 "assertions"
    sqlite3 tracker.db 'SELECT cue FROM assertions' | iconv -f UTF-8 -t UTF-8 >/dev/null || fail "a stored cue is not UTF-8"
}
