# test_store.sh: init, import, add, people, history, search on real files.

TWEETS_MAP=(--map "text=Text,date=Date,id=Tweet ID" --set "speaker=Donald Trump" --set source=Twitter --tz America/Chicago)

seed_store() {
    run "$TRACKER" people import "$TRACKER_SRC/samples/people.jsonl"
    run "$TRACKER" import "$TRACKER_SRC/samples/statements.jsonl"
}

t_version_and_help() {
    run "$TRACKER" --version
    expect_rc 0
    expect_out_has "tracker 0."
    for c in init import add people history search scan findings rules extract report check backup; do
        run "$TRACKER" $c --help
        expect_rc 0
        expect_out_has "usage: tracker $c"
    done
    run "$TRACKER" frobnicate
    expect_rc 64
    expect_err_has "tracker: unknown command 'frobnicate'"
    run "$TRACKER" import --bogus x
    expect_rc 64
    expect_err_has "Try 'tracker import --help'."
}

t_init_creates_then_is_current() {
    run "$TRACKER" --db t.db init
    expect_rc 0
    # The version is the store's own (never written into a test): at least
    # 6, the migration that rebuilds the full-text index with stemming.
    v=$(sqlite3 t.db "PRAGMA user_version")
    [ "$v" -ge 6 ] || fail "schema version $v"
    expect_out "created t.db (schema version $v)"
    run "$TRACKER" init --db t.db
    expect_out "t.db is current (schema version $v)"
    run sqlite3 t.db "PRAGMA journal_mode;"
    expect_out "wal"
}

t_init_refuses_newer_schema() {
    run "$TRACKER" --db t.db init
    sqlite3 t.db "PRAGMA user_version=99"
    run "$TRACKER" --db t.db init
    expect_rc 65
    seed --db fresh.db init >/dev/null
    v=$(sqlite3 fresh.db "PRAGMA user_version")
    expect_err "tracker: init: the store 't.db' has schema version 99, newer than this tracker's $v: upgrade tracker"
}

t_read_commands_need_a_store() {
    run "$TRACKER" --db missing.db history Trump
    expect_rc 66
    expect_err "tracker: history: no database at 'missing.db' (create one with 'tracker init', or set --db)"
    [ ! -e missing.db ] || fail "history created the database"
}

t_import_samples_and_history() {
    seed_store
    expect_rc 0
    expect_out "imported 15, duplicates 0, rejected 0"
    run "$TRACKER" history "donald TRUMP" --format csv
    expect_rc 0
    expect_out 'speaker,date,text,mode,side,role,source,url,published,id,span,cue,date_expr,kind,title,context,spans
Donald Trump,2017-07-01/2017-07-19,he had discussed the idea of creating such a group with Putin at the Hamburg summit,reported,US,,Reuters,,2017-07-20,,,Trump said,earlier this month,,,,
Donald Trump,2017-07-09T06:50:24-05:00,"Putin & I discussed forming an impenetrable Cyber Security unit so that election hacking, & many other negative things, will be guarded..",direct,US,,Twitter,,,884016887692234753,,,,,,,
Donald Trump,2017-07-09T19:45:13-05:00,"The fact that President Putin and I discussed a Cyber Security unit doesn'"'"'t mean I think it can happen. It can'"'"'t-but a ceasefire can,& did!",direct,US,,Twitter,,,884211874518192128,,,,,,,'
    # Aliases and accents resolve; a day's statement shows its days.
    run "$TRACKER" history "Thomas Bossért" --to 2017-07-15
    expect_out_has "2017-07-15 to 2017-07-16  reported  Reuters  #6"
    run "$TRACKER" import "$TRACKER_SRC/samples/statements.jsonl"
    expect_rc 0
    expect_out "imported 0, duplicates 15, rejected 0"
}

# A feeds file names each feed with its import options; its mistakes are
# usage errors that name the file and the line, and nothing is imported.
t_import_feeds_file() {
    mkdir wires && cp "$TRACKER_SRC/samples/statements.jsonl" wires/day1.jsonl
    printf '%s\n' '# feeds' '[feed tweets]' "path = $FIX/trump_tweets_2017-07-08_to_10.csv" \
        'map = text=text,date=date_us_central,id=tweet_id' 'set = speaker=Donald Trump' \
        'set = source=Twitter' 'tz = America/Chicago' \
        'url-template = https://twitter.com/realDonaldTrump/status/{id}' '' \
        '; a directory: every *.jsonl, *.ndjson, *.json and *.csv in it' '[feed wires]' \
        'path = wires' 'format = jsonl' >feeds.conf
    run "$TRACKER" import --feeds feeds.conf --dry-run
    expect_rc 0
    expect_out "feed tweets: would import 20, duplicates 0, rejected 0 (1 file)
feed wires: would import 13, duplicates 2, rejected 0 (1 file)
dry run: would import 33, duplicates 2, rejected 0"
    run "$TRACKER" import --feeds feeds.conf tweets --quiet
    expect_rc 0
    expect_out "feed tweets: imported 20, duplicates 0, rejected 0 (1 file)
imported 20, duplicates 0, rejected 0"
    # the two tweets of the wires feed are the same tweets (same source, same ids)
    run "$TRACKER" history "Donald Trump" --format json --limit 1 --reverse
    expect_out_has '"feed_id":"884378624660582405","speaker":"Donald Trump","date":"2017-07-10T06:47:49-05:00","utc":"2017-07-10T11:47:49Z"'
    expect_out_has '"url":"https://twitter.com/realDonaldTrump/status/884378624660582405"'
    run "$TRACKER" import --feeds feeds.conf twets
    expect_rc 64
    expect_err "tracker: import: no feed 'twets' in feeds.conf; did you mean 'tweets'?
Try 'tracker import --help'."
    run "$TRACKER" import --feeds feeds.conf --tz UTC
    expect_rc 64
    expect_err_has "--feeds takes each feed's options from the feeds file"
    printf '[feed a]\ncolour = red\n' >bad.conf
    run "$TRACKER" import --feeds bad.conf
    expect_rc 64
    expect_err "tracker: import: bad.conf:2: feed 'a': unknown key 'colour' (expected path, format, map, set, tz, url-template or max-line)"
    printf 'path = x.csv\n' >bad.conf
    run "$TRACKER" import --feeds bad.conf
    expect_err "tracker: import: bad.conf:1: 'path' outside any [feed NAME] section"
    printf '[feed a]\npath = x.csv\n[feed a]\npath = y.csv\n' >bad.conf
    run "$TRACKER" import --feeds bad.conf
    expect_err "tracker: import: bad.conf:3: feed 'a' is already defined at line 1"
    printf '[feed a]\nformat = xml\n' >bad.conf
    run "$TRACKER" import --feeds bad.conf
    expect_err "tracker: import: bad.conf:2: feed 'a': format 'xml' (expected jsonl or csv)"
    printf '[feed a]\n' >bad.conf
    run "$TRACKER" import --feeds bad.conf
    expect_err "tracker: import: bad.conf:1: feed 'a' has no path (path = FILE, DIR or a glob pattern)"
    printf '[feed a]\npath = x.csv\nmap = txt=Text\n' >bad.conf
    run "$TRACKER" import --feeds bad.conf
    expect_rc 64
    expect_err_has "tracker: import: bad.conf:3: feed 'a': map: unknown field 'txt'"
    printf '[feed a]\npath = x.csv\ntz = Mars/Olympus\n' >bad.conf
    run "$TRACKER" import --feeds bad.conf
    expect_rc 64
    expect_err_has "tracker: import: bad.conf: feed 'a': tz: unknown time zone 'Mars/Olympus'"
    printf '[feed a]\npath = nothing-*.csv\n' >none.conf
    run "$TRACKER" import --feeds none.conf
    expect_rc 0
    expect_err "tracker: import: note: feed 'a': no file matches its path"
    run sqlite3 tracker.db "select count(*) from statements"
    expect_out "20"
}

t_history_unknown_person_suggests() {
    seed_store
    run "$TRACKER" history "Krutskih"
    expect_rc 65
    expect_err "tracker: history: no person named 'Krutskih' in the store; did you mean 'Andrey Krutskikh'?"
    run "$TRACKER" history "Zebulon Q"
    expect_rc 65
    expect_err_has "no person named 'Zebulon Q' in the store"
}

t_history_bad_dates_are_usage_errors() {
    seed_store
    run "$TRACKER" history Trump --from 2017-02-30
    expect_rc 64
    expect_err "tracker: history: --from: impossible date '2017-02-30': February 2017 has 28 days"
    run "$TRACKER" history Trump --format yaml
    expect_rc 64
    expect_err "tracker: history: --format: unknown value 'yaml' (expected text, json, jsonl or csv)
Try 'tracker history --help'."
    run "$TRACKER" history Trump --format jsn
    expect_err_has "(expected text, json, jsonl or csv); did you mean 'json'?"
}

t_tweets_fixture_imports_with_map_and_tz() {
    run "$TRACKER" import --map "text=text,date=date_us_central,id=tweet_id" --set "speaker=Donald Trump" \
        --set source=Twitter --tz America/Chicago "$FIX/trump_tweets_2017-07-08_to_10.csv"
    expect_rc 0
    expect_out "imported 20, duplicates 0, rejected 0"
    expect_err "tracker: import: note: $FIX/trump_tweets_2017-07-08_to_10.csv: ignoring columns created_at_utc, favorites, retweets"
    # Every tweet's UTC instant equals the one computed from its id.
    run "$TRACKER" history "Donald Trump" --format json
    got=$(printf '%s\n' "$out" | sed 's/.*"utc":"\([^"]*\)".*/\1/' | sort)
    want=$(tail -n +2 "$FIX/trump_tweets_2017-07-08_to_10.csv" | cut -d, -f2 | sort)
    expect_eq "$got" "$want" "UTC instants"
}

t_full_tweets_file_imports() {
    local f=$SHARED/data/trump_tweets_2015-2018.csv
    [ -f "$f" ] || { skip "no $f"; return; }
    run "$TRACKER" import "${TWEETS_MAP[@]}" "$f"
    expect_rc 65
    expect_out "imported 13091, duplicates 0, rejected 1"
    expect_err_has "$f:14517: unterminated quoted field: the quote that opens column 1 on this line does not close before the end of the file; skipped this line, reading on at line 14518"
    run "$TRACKER" import --quiet "${TWEETS_MAP[@]}" "$f"
    expect_out "imported 0, duplicates 13091, rejected 1"
    run "$TRACKER" history "Donald Trump" --from 2017-07-09 --to 2017-07-10 --format json
    expect_rc 0
    cyber=$(printf '%s\n' "$out" | grep 'Cyber Security unit' | sed 's/.*"utc":"\([^"]*\)".*/\1/')
    expect_eq "$cyber" "2017-07-09T11:50:24Z
2017-07-10T00:45:13Z" "the two Cyber Security unit tweets"
}

# Exports import back exactly: the same statements at the same instants,
# with their feed ids, sources and URLs, whichever format carried them.
# Exports and imports every person's statements of the store in ./tracker.db
# through FORMAT into a fresh store NAME.db, and back out as jsonl.
export_round_trip() {
    local fmt=$1 name=$2 ext=$1
    [ "$fmt" = json ] && ext=json
    "$TRACKER" history --all --format "$fmt" >"$name.$ext" || fail "export as $fmt"
    run "$TRACKER" --db "$name.db" import "$name.$ext"
    "$TRACKER" --db "$name.db" history --all --format jsonl >"$name.back.jsonl"
}

t_export_round_trips() {
    run "$TRACKER" people import "$TRACKER_SRC/samples/people.jsonl"
    run "$TRACKER" import --map "text=text,date=date_us_central,id=tweet_id" --set "speaker=Donald Trump" \
        --set source=Twitter --tz America/Chicago --quiet \
        --url-template 'https://twitter.com/realDonaldTrump/status/{id}' "$FIX/trump_tweets_2017-07-08_to_10.csv"
    run "$TRACKER" extract --published 2017-07-20 --source Reuters --import \
        "$TRACKER_SRC/samples/articles/reuters-2017-07-20-us-russia-cyber.txt"
    "$TRACKER" history --all --format jsonl >store.jsonl
    # The first tweet of the feed as the export writes it: its local time
    # with the offset it was read in, the feed's id, the URL made from it.
    expect_eq "$(grep -m1 884016887692234753 store.jsonl)" '{"speaker":"Donald Trump","date":"2017-07-09T06:50:24-05:00","text":"Putin & I discussed forming an impenetrable Cyber Security unit    so that election hacking, & many other negative things, will be guarded..","mode":"direct","side":"US","source":"Twitter","url":"https://twitter.com/realDonaldTrump/status/884016887692234753","id":"884016887692234753"}' "the tweet's export"
    for fmt in jsonl csv; do
        export_round_trip "$fmt" "$fmt"
        expect_rc 0
        expect_out "imported $(wc -l <store.jsonl), duplicates 0, rejected 0"
        expect_err ""
        cmp -s store.jsonl "$fmt.back.jsonl" || fail "$fmt: the re-imported store differs: $(diff store.jsonl "$fmt.back.jsonl" | head -5)"
    done
    # history --format json imports too: its feed_id is the feed's id, and
    # what no field reads (tracker's own id, utc, stances...) is noted.
    export_round_trip json json
    expect_rc 0
    expect_err_has "tracker: import: note: json.json: ignoring keys id, utc, precision, earliest, latest, stances"
    cmp -s store.jsonl json.back.jsonl || fail "json: the re-imported store differs"
    # Importing an export into the store it came from lands nothing.
    run "$TRACKER" import store.jsonl
    expect_out "imported 0, duplicates $(wc -l <store.jsonl), rejected 0"
}

# The round trip on the whole real feed, 13,091 tweets (Done when of issue 12).
t_full_tweets_export_round_trips() {
    local f=$SHARED/data/trump_tweets_2015-2018.csv
    [ -f "$f" ] || { skip "no $f"; return; }
    heavy || return
    "$TRACKER" import --quiet "${TWEETS_MAP[@]}" \
        --url-template 'https://twitter.com/realDonaldTrump/status/{id}' "$f" >/dev/null 2>&1
    "$TRACKER" history --all --format jsonl >store.jsonl
    expect_eq "$(wc -l <store.jsonl)" "13091" "tweets exported"
    for fmt in jsonl csv; do
        export_round_trip "$fmt" "$fmt"
        expect_rc 0
        expect_out "imported 13091, duplicates 0, rejected 0"
        cmp -s store.jsonl "$fmt.back.jsonl" || fail "$fmt: the re-imported feed differs: $(diff store.jsonl "$fmt.back.jsonl" | head -5)"
    done
    # The same instants: every tweet's UTC time in the copy is the original's.
    "$TRACKER" history --all --format json | sed 's/^{"id":[0-9]*,//' >a.json
    "$TRACKER" --db csv.db history --all --format json | sed 's/^{"id":[0-9]*,//' >b.json
    cmp -s a.json b.json || fail "the copy's dates or texts differ: $(diff a.json b.json | head -5)"
}

t_bad_rows_are_reported_and_good_ones_land() {
    printf '%s\n' \
        '{"speaker":"Ann","date":"2017-07-01","text":"good one"}' \
        '{"speaker":"Ann","date":"2017-07-01","text":"broken"' \
        '{"speaker":"Ann","text":"no date"}' \
        '{"speaker":"Ann","date":"2017-02-30","text":"impossible"}' \
        '{"speaker":"Ann","date":"2017-07-02","text":"x","mode":"shouted"}' \
        '{"speaker":"Ann","date":"2017-07-02","text":"x","colour":"red"}' \
        '{"speaker":"Ann","date":"2017-07-03","text":"good two"}' >in.jsonl
    printf '{"speaker":"Ann","date":"2017-07-04","text":"bad \xff byte"}\n' >>in.jsonl
    printf '{"speaker":"Ann","date":"2017-07-04","text":"nul \0 byte"}\n' >>in.jsonl
    run "$TRACKER" import in.jsonl
    expect_rc 65
    expect_out "imported 3, duplicates 0, rejected 6"
    # A key no field reads is ignored, with one note, as a CSV column is.
    expect_err "in.jsonl:2: malformed JSON at column 52: '}' expected near end of file
in.jsonl:3: missing required field 'date'
in.jsonl:4: impossible date '2017-02-30': February 2017 has 28 days
in.jsonl:5: field 'mode' is 'shouted' (expected direct or reported)
in.jsonl:8: invalid UTF-8 (byte 0xff) at byte 50 of the record
in.jsonl:9: NUL byte at byte 50 of the record
tracker: import: note: in.jsonl: ignoring keys colour (in 1 record)"
    run "$TRACKER" history Ann --format csv
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "4" "rows stored"
}

t_strict_lands_nothing_and_keeps_what_was_stored() {
    run "$TRACKER" add --speaker Ann --date 2017-06-01 --text "already here"
    expect_out "added statement 1"
    printf '%s\n' 'speaker,date,text' 'Ann,2017-07-01,fine' 'Ann,2017-13-01,bad month' >in.csv
    run "$TRACKER" import --strict in.csv
    expect_rc 65
    expect_err "in.csv:3: impossible date '2017-13-01': month 13 (months are 01 to 12)"
    expect_out "imported 0, duplicates 0, rejected 1 (--strict: nothing imported)"
    run "$TRACKER" history Ann --format csv
    expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f3)" "already here" "stored rows"
}

t_dry_run_writes_nothing() {
    printf '%s\n' 'speaker,date,text' 'Ann,2017-07-01,fine' >in.csv
    run "$TRACKER" import --dry-run in.csv
    expect_rc 0
    expect_out "dry run: would import 1, duplicates 0, rejected 0"
    [ ! -e tracker.db ] || fail "dry run created tracker.db"
    run "$TRACKER" import in.csv
    run "$TRACKER" import --dry-run in.csv
    expect_out "dry run: would import 0, duplicates 1, rejected 0"
}

t_huge_line_and_unreadable_file() {
    heavy || return
    { printf '{"speaker":"Ann","date":"2017","text":"'; head -c 10485760 /dev/zero | tr '\0' x; printf '"}\n';
      printf '{"speaker":"Ann","date":"2017","text":"after"}\n'; } >big.jsonl
    run "$TRACKER" import big.jsonl
    expect_rc 65
    expect_out "imported 1, duplicates 0, rejected 1"
    expect_err "big.jsonl:1: record longer than 1048576 bytes (the limit): skipped"
    printf '%s\n' '{"speaker":"Ann","date":"2017","text":"x"}' >locked.jsonl
    chmod 000 locked.jsonl
    if [ -r locked.jsonl ]; then
        # root reads anything: use a missing file instead
        run "$TRACKER" import nowhere.jsonl
        expect_err "tracker: import: nowhere.jsonl: cannot open: No such file or directory"
    else
        run "$TRACKER" import locked.jsonl
        expect_err "tracker: import: locked.jsonl: cannot open: Permission denied"
    fi
    expect_rc 66
    expect_out "imported 0, duplicates 0, rejected 0"
    run "$TRACKER" history Ann --format csv
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "2" "rows kept"
}

t_map_unknown_column_and_field() {
    printf '%s\n' 'Text,Date' 'hello,2017' >in.csv
    run "$TRACKER" import --map "text=Txt" --set speaker=Ann in.csv
    expect_rc 64
    expect_err "tracker: import: in.csv:1: --map text=Txt: the header has no column 'Txt' (columns: Text, Date)"
    run "$TRACKER" import --map "body=Text" in.csv
    expect_rc 64
    expect_err "tracker: import: --map: unknown field 'body' (fields: speaker, date, text, mode, side, role, source, url, published, id, cue, date_expr, kind, title, context)"
    run "$TRACKER" import --tz Mars/Olympus in.csv
    expect_rc 64
    expect_err_has "unknown time zone 'Mars/Olympus'"
}

t_stdin_and_format_flag() {
    run sh -c "printf 'speaker,date,text\nAnn,2017-07-01,from stdin\n' | '$TRACKER' import --format csv -"
    expect_rc 0
    expect_out "imported 1, duplicates 0, rejected 0"
    run sh -c "printf '{\"speaker\":\"Bo\",\"date\":\"2017\",\"text\":\"j\"}\n' | '$TRACKER' import -"
    expect_out "imported 1, duplicates 0, rejected 0"
}

t_people_registry() {
    seed_store
    run "$TRACKER" people show krutskikh --format json
    expect_rc 0
    expect_out '{"id":3,"name":"Andrey Krutskikh","kind":"person","side":"RU","statements":2,"first":"2017-07-20","last":"2017-07-20","aliases":["Andrei Krutskikh","Krutskikh"],"roles":[{"role":"Special presidential envoy on cyber security","from":"2014","to":null}]}'
    run "$TRACKER" people alias add "Rob Joyce" "Robert Joyce"
    expect_rc 0
    expect_out "'Robert Joyce' is now an alias of 'Rob Joyce'"
    run "$TRACKER" history "ROBERT JOYCE" --format csv
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "4" "Joyce's statements through the new alias"
    run "$TRACKER" people alias add "Rob Joyce" "Trump"
    expect_rc 65
    expect_err "tracker: people alias: alias 'Trump' for 'Rob Joyce' already names 'Donald Trump' (id 1): refused (two people are never merged)"
    run "$TRACKER" people list --format json
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "11" "people"
    printf '%s\n' '{"name":"X","colour":"red"}' '{"kind":"person"}' '{"name":"Y","roles":[{"role":"Envoy","from":"2017-02-30"}]}' >bad.jsonl
    run "$TRACKER" people import bad.jsonl
    expect_rc 65
    expect_err "bad.jsonl:1: unknown field 'colour' (fields: name, kind, side, gender, aliases, roles)
bad.jsonl:2: missing required field 'name'
bad.jsonl:3: impossible date '2017-02-30': February 2017 has 28 days"
}

# A person's gender (people JSONL "gender": f, m, n, or female/male) is kept,
# shown, and anything else is refused naming the value.
t_people_gender_is_kept_and_checked() {
    printf '%s\n' '{"name":"Theresa May","gender":"female","aliases":["May"]}' \
        '{"name":"Ben Sasse","gender":"m"}' '{"name":"Pat Doe","gender":"x"}' >g.jsonl
    run "$TRACKER" people import g.jsonl
    expect_rc 65
    expect_err "g.jsonl:3: unknown gender 'x' (expected f, m or n)"
    run "$TRACKER" people show May
    expect_rc 0
    expect_out_has "  gender: f"
    run "$TRACKER" people list --format json
    expect_out_has '"name":"Ben Sasse","kind":"person","side":null,"gender":"m"'
}

t_unknown_speaker_is_created_with_side() {
    run "$TRACKER" add --speaker "Maria Zakharova" --side RU --date 2017-07-20 --text "Hello" --mode reported
    expect_out "added statement 1"
    run "$TRACKER" add --speaker "maria zakharova" --date 2017-07-20 --text "Hello" --mode reported
    expect_out "already stored: nothing added"
    run "$TRACKER" people list
    expect_out_has "Maria Zakharova                  person    RU          1 statement  2017-07-20"
    run "$TRACKER" add --speaker X --date 2017 --text y --mode loud
    expect_rc 64
    expect_err "tracker: add: --mode: unknown value 'loud' (expected direct or reported)
Try 'tracker add --help'."
    run "$TRACKER" add --speaker X --date 2017
    expect_rc 64
    expect_err_has "--text is required"
}

t_search_snippets_and_errors() {
    seed_store
    run "$TRACKER" search "cyber unit" --speaker Trump
    expect_rc 0
    expect_out "2017-07-09 11:50:24 UTC  Donald Trump  direct  #10 feed 884016887692234753
    Putin & I discussed forming an impenetrable »Cyber« Security »unit« so that election hacking, & many other negative things, will be guarded..
2017-07-10 00:45:13 UTC  Donald Trump  direct  #11 feed 884211874518192128
    The fact that President Putin and I discussed a »Cyber« Security »unit« doesn't mean I think it can happen. It can't-but a ceasefire can,& did!"
    # FTS5's language is behind --fts.
    run "$TRACKER" search --fts 'talks NOT underway' --format json
    expect_out_has '"speaker":"U.S. and European intelligence and security officials"'
    expect_out_lacks '"text":"The talks are underway'
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "3" "statements about talks without 'underway'"
    run "$TRACKER" search --fts '"U.S'
    expect_rc 64
    expect_err_has "tracker: search: bad --fts query '\"U.S': unterminated string"
    run "$TRACKER" search 'zzzz'
    expect_out "no matches"
}

# Plain text by default: what people type from a quote, punctuation and all.
t_search_reads_quote_text_as_typed() {
    seed_store
    run "$TRACKER" search "can't"
    expect_rc 0
    expect_out "2017-07-10 00:45:13 UTC  Donald Trump  direct  #11 feed 884211874518192128
    The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. It »can't«-but a ceasefire can,& did!"
    run "$TRACKER" search 'Putin & I' --limit 1
    expect_rc 0
    expect_out "2017-07-10 00:45:13 UTC  Donald Trump  direct  #11 feed 884211874518192128
    The fact that President »Putin« and »I« discussed a Cyber Security unit doesn't mean »I« think it can happen. It can't-but a ceasefire can,& did!"
    run "$TRACKER" search cyber-security --speaker Krutskikh
    expect_rc 0
    expect_out "2017-07-20  Andrey Krutskikh  reported  #1
    Moscow and Washington are in talks to create a joint »cyber security« working group"
    # Stemmed: talks finds talking; --sort date orders oldest first.
    run "$TRACKER" search talks --sort date --limit 2
    expect_out "2017-07-15 to 2017-07-16  Thomas Bossert  reported  #6
    it would be premature to suggest the United States would be »talking« to Russia about a possible cyber security “partnership.”
2017-07-20  Andrey Krutskikh  reported  #1
    Moscow and Washington are in »talks« to create a joint cyber security working group"
    # -F: a literal string, as typed (straight or curly quotes alike).
    run "$TRACKER" search -F "It can’t-but"
    expect_out "2017-07-10 00:45:13 UTC  Donald Trump  direct  #11 feed 884211874518192128
    The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. »It can't-but« a ceasefire can,& did!"
    run "$TRACKER" search -F "can't happen"
    expect_out "no matches"
    run "$TRACKER" search '&'
    expect_rc 64
    expect_err "tracker: search: nothing to search for in '&' (a search needs a word: letters or digits)"
    run "$TRACKER" search x --fts -F
    expect_rc 64
    expect_err_has "--fts and --fixed-strings read the query in two ways: choose one"
}

# Writes N generated statement rows as CSV.
gen_csv() {
    awk -v n="$1" 'BEGIN { print "speaker,date,text,id";
        for (i = 1; i <= n; i++) printf "Speaker %d,2017-%02d-%02d,Statement number %d about the budget,%d\n", i % 50, i % 12 + 1, i % 28 + 1, i, i }'
}

t_kill_during_import_loses_nothing() {
    heavy || return
    gen_csv 200000 >big.csv
    "$TRACKER" add --speaker Ann --date 2017 --text "kept" >/dev/null
    "$TRACKER" import --quiet big.csv >/dev/null 2>&1 &
    pid=$!
    sleep 0.7
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    run sqlite3 tracker.db "PRAGMA integrity_check; SELECT count(*) FROM statements WHERE text='kept';"
    expect_out "ok
1"
    n=$(sqlite3 tracker.db "SELECT count(*) FROM statements")
    [ "$n" = 1 ] || [ "$n" = 200001 ] || fail "a killed import left $n statements: not all or nothing"
    run "$TRACKER" import --quiet big.csv
    expect_rc 0
    expect_out "imported $((200001 - n)), duplicates $((n - 1)), rejected 0"
    run sqlite3 tracker.db "SELECT count(*) FROM statements; SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'budget';"
    expect_out "200001
200000"
}

t_readers_and_writers_run_beside_an_import() {
    heavy || return
    gen_csv 150000 >big.csv
    "$TRACKER" add --speaker "Speaker 1" --date 2017 --text "before the import" >/dev/null
    "$TRACKER" import --quiet big.csv >import.out 2>&1 &
    pid=$!
    sleep 0.3
    # Readers never wait; a writer waits for the import instead of failing.
    run "$TRACKER" history "Speaker 1" --format csv
    expect_rc 0
    run "$TRACKER" search budget
    expect_rc 0
    run "$TRACKER" add --speaker Bob --date 2018 --text "written while the import runs"
    expect_rc 0
    expect_out_has "added statement"
    wait $pid
    expect_eq "$(cat import.out)" "imported 150000, duplicates 0, rejected 0" "the import"
}

t_progress_bar_on_a_terminal_only() {
    heavy || return
    command -v script >/dev/null || { skip "no script(1) to give the import a terminal"; return; }
    gen_csv 120000 >big.csv
    [ "$(stat -c %s big.csv)" -gt 4194304 ] || fail "the test file is under the 4 MiB threshold"
    # On a terminal: a bar on stderr, cleared before the summary.
    run script -qec "'$TRACKER' import big.csv" /dev/null
    expect_rc 0
    expect_out_has "records"
    expect_out_has "imported 120000, duplicates 0, rejected 0"
    # Not a terminal: no bar.
    run "$TRACKER" import big.csv
    expect_err ""
    expect_out "imported 0, duplicates 120000, rejected 0"
}

t_multiline_csv_fields_are_checked_too() {
    printf 'speaker,date,text\nA,2017-01-01,"line1\nnul\0here"\nB,2017-01-02,"bad\nutf \xff8"\nC,2017-01-03,"fine\ntwo lines"\n' >m.csv
    run "$TRACKER" import m.csv
    expect_rc 65
    expect_out "imported 1, duplicates 0, rejected 2"
    expect_err "m.csv:2: NUL byte at byte 24 of the record
m.csv:4: invalid UTF-8 (byte 0xff) at byte 23 of the record"
    { printf 'speaker,date,text\n"A\nB",2017-01-01,'; head -c 300 /dev/zero | tr '\0' c; printf '\n'; } >long.csv
    run "$TRACKER" import --max-line 100 long.csv
    expect_rc 65
    expect_err "long.csv:2: record longer than 100 bytes (the limit): skipped"
}

t_bad_header_in_one_file_keeps_the_others() {
    printf '%s\n' '{"speaker":"Ann","date":"2017","text":"kept"}' >good.jsonl
    : >empty.csv
    printf '"a,b\n' >badhead.csv
    run "$TRACKER" import good.jsonl empty.csv badhead.csv
    expect_rc 65
    expect_out "imported 1, duplicates 0, rejected 0"
    expect_err "tracker: import: empty.csv: empty file: a CSV file needs a header row
tracker: import: badhead.csv:1: bad header: unterminated quoted field (the file ends inside quotes)"
    run "$TRACKER" import --strict good.jsonl empty.csv
    expect_rc 65
    expect_out_has "nothing imported"
}

t_offset_needs_its_minutes() {
    printf '%s\n' '{"speaker":"A","date":"2017-07-09T12:50+05:","text":"x"}' '{"speaker":"A","date":"2017-07-09T12:50+0530","text":"y"}' >o.jsonl
    run "$TRACKER" import o.jsonl
    expect_rc 65
    expect_out "imported 1, duplicates 0, rejected 1"
    expect_err_has "o.jsonl:1: invalid date '2017-07-09T12:50+05:'"
    run "$TRACKER" history A --format json
    expect_out_has "\"date\":\"2017-07-09T12:50+0530\",\"utc\":\"2017-07-09T07:20Z\","
}

t_a_rejected_person_leaves_nothing_behind() {
    printf '%s\n' '{"name":"Alice","side":"US"}' \
        '{"name":"Alice","side":"RU","aliases":["Al"],"roles":[{"role":"x","from":"2017-02-30"}]}' \
        '{"name":"Eve","aliases":["E1"],"roles":[{"role":"x","from":"2017-02-30"}]}' >p.jsonl
    run "$TRACKER" people import p.jsonl
    expect_rc 65
    expect_out "people: added 1, updated 0, rejected 2"
    run sqlite3 tracker.db "SELECT name, side FROM people; SELECT count(*) FROM aliases;"
    expect_out "Alice|US
1"
}

t_stored_control_characters_do_not_reach_the_terminal() {
    printf '{"speaker":"A","date":"2017","text":"red \\u001b[31mALERT\\u001b[0m bell \\u0007 done"}\n' >c.jsonl
    run "$TRACKER" import c.jsonl
    run "$TRACKER" history A
    expect_out_has 'red \x1b[31mALERT\x1b[0m bell \x07 done'
    run "$TRACKER" search bell
    expect_out_has 'red \x1b[31mALERT\x1b[0m »bell« \x07 done'
}
