# test_rules.sh: scan, findings and rules on real stores.

RULES=$TRACKER_SRC/samples/rules

seed_and_scan() {
    seed people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    seed import "$TRACKER_SRC/samples/statements.jsonl" >/dev/null
    run "$TRACKER" scan --rules "$RULES"
}

# The JSON line of the finding whose statements are A then B, or "".
finding_with() {
    printf '%s\n' "$out" | grep "\"statements\":\[{\"id\":$1,.*},{\"id\":$2,"
}

t_scan_finds_the_seed_cases() {
    seed_and_scan
    expect_rc 0
    expect_out_has "classified 15 statements, 9 assertions"
    expect_out_has "findings: 2 new, 2 seen in this scan"
    run "$TRACKER" findings list --format json
    expect_rc 0
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "2" "one reversal and one dispute"
    # The reversal: Trump's report (9) and morning tweet (10) affirm, the
    # evening tweet (11) denies: one change, decided by 10 and 11.
    rev=$(finding_with 10 11)
    expect_eq "${rev%%\"statements\"*}" '{"id":"r-327a7e2888ba","kind":"reversal","rule":"cyber_unit_reversal","topic":"cyber_unit","severity":"high","status":"new","order":"certain","first_seen_run":1,"last_seen_run":1,"deciding":[10,11],"support":{"before":{"stance":"affirm","count":2,"first":9,"last":10,"from":"2017-07-01T00:00:00Z","to":"2017-07-09T11:50:24Z"},"after":{"stance":"deny","count":1,"first":11,"last":11,"from":"2017-07-10T00:45:13Z","to":"2017-07-10T00:45:13Z"}},' "the reversal"
    [[ "$rev" == *'"speaker":"Donald Trump","side":"US","date":"2017-07-09T06:50:24-05:00","utc":"2017-07-09T11:50:24Z","stance":"affirm","cue":"forming"'* ]] || fail "morning tweet affirms: $rev"
    [[ "$rev" == *'"stance":"deny","cue":"can'"'"'t"'* ]] || fail "evening tweet denies: $rev"
    # The dispute: every RU affirmation and US denial of the talks, decided by
    # the nearest opposing pair (Lukash's interval overlaps Bossert's).
    con=$(printf '%s\n' "$out" | grep '"kind":"contradiction"')
    [[ "$con" == *'"rule":"cyber_talks_dispute","topic":"cyber_talks"'*'"deciding":[3,6],"support":{"sides":[{"side":"RU","stance":"affirm","count":3,'*'{"side":"US","stance":"deny","count":2,'* ]] || fail "the dispute: $con"
    for who in '"id":3,"feed_id":null,"url":null,"speaker":"Svetlana Lukash","side":"RU"' \
               '"id":6,"feed_id":null,"url":null,"speaker":"Thomas Bossert","side":"US"' \
               '"id":1,"feed_id":null,"url":null,"speaker":"Andrey Krutskikh","side":"RU"' \
               '"id":2,"feed_id":null,"url":null,"speaker":"Andrey Krutskikh","side":"RU"' \
               '"speaker":"U.S. and European intelligence and security officials","side":"US"'; do
        [[ "$con" == *"$who"* ]] || fail "the dispute lacks $who: $con"
    done
    [[ "$con" == *'"stance":"deny","cue":"participating","negation":"not"'* ]] || fail "officials deny: $con"
    # A second scan classifies nothing and adds no finding.
    run "$TRACKER" scan --rules "$RULES"
    expect_out_has "classified 0 statements, 0 assertions"
    expect_out_has "findings: 0 new"
    run "$TRACKER" findings list --format json
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "2" "findings after two scans"
}

t_scan_is_incremental_and_rule_changes_reclassify() {
    seed_and_scan
    # Another denial extends the run after the change: the same finding,
    # its support grown.
    run "$TRACKER" add --speaker "Donald Trump" --date 2017-07-12 --text "The cyber security unit can't happen."
    run "$TRACKER" scan --rules "$RULES"
    expect_out_has "classified 1 statement, 1 assertion"
    expect_out_has "findings: 0 new, 1 seen in this scan"
    run "$TRACKER" findings list --kind reversal --format json
    [[ "$out" == '{"id":"r-327a7e2888ba",'*'"after":{"stance":"deny","count":2,"first":11,"last":16,'* ]] || fail "the run grew: $out"
    # Affirming again is a second change: a new finding.
    run "$TRACKER" add --speaker "Donald Trump" --date 2017-07-13 --text "We discussed a cyber security unit again."
    run "$TRACKER" scan --rules "$RULES"
    expect_out_has "findings: 1 new"
    # A late statement between the first two changes the deciding pair: the
    # old finding is retired (a later scan no longer finds it), a new one
    # takes its place; list --all still shows the retired one.
    run "$TRACKER" add --speaker "Donald Trump" --date 2017-07-09T20:00:00Z --text "A cyber security unit cannot work."
    run "$TRACKER" scan --rules "$RULES"
    expect_out_has "findings: 1 new"
    expect_out_has "1 retired"
    run "$TRACKER" findings list --kind reversal
    expect_out_lacks "r-327a7e2888ba"
    run "$TRACKER" findings list --kind reversal --all
    expect_out_has "r-327a7e2888ba  reversal  high  new  cyber_unit_reversal on cyber_unit  order: certain  [retired in scan 4]"
    run "$TRACKER" findings log r-327a7e2888ba
    expect_out "2017-07-21T06:00:00Z  found (new) in run 1
2017-07-21T06:00:00Z  retired: the scan no longer finds it in run 4"
    cp -r "$RULES" changed
    sed -i 's/window 30d/window 31d/' changed/seed.rules
    run "$TRACKER" scan --rules changed
    expect_out_has "changed since the last scan: everything reclassified"
    expect_out_has "classified 18 statements, 12 assertions"
    expect_out_has "findings: 0 new, 3 seen in this scan"
}

# A statement dated only by its year ("in 2016": the whole year) disputes
# one made inside that year, though the year began long before the
# window opens; one made after the year's end plus the window does not.
# The incremental scan finds the dispute from the new statement alone.
t_scan_dispute_reaches_a_year_dated_statement() {
    "$TRACKER" people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    run "$TRACKER" add --speaker "Andrey Krutskikh" --date 2016 --text "There are no talks with Washington on cyber security."
    run "$TRACKER" scan --rules "$RULES"
    expect_out_has "findings: 0 new"
    run "$TRACKER" add --speaker "Rex Tillerson" --date 2016-10-05 --text "Moscow and Washington are in talks on cyber security."
    run "$TRACKER" scan --rules "$RULES"
    expect_out_has "classified 1 statement, 1 assertion"
    expect_out_has "findings: 1 new"
    run "$TRACKER" findings list --kind contradiction --format json
    [[ "$out" == *'"kind":"contradiction"'*'"deciding":[1,2]'*'"first":2,"last":2,"from":"2016-10-05T00:00:00Z"'*'"first":1,"last":1,"from":"2016-01-01T00:00:00Z","to":"2016-12-31T23:59:59Z"'* ]] ||
        fail "year-wide dispute: $out"
    run "$TRACKER" add --speaker "Chris Painter" --date 2017-02-10 --text "Moscow and Washington are in talks on cyber security."
    run "$TRACKER" scan --rules "$RULES"
    expect_out_has "classified 1 statement, 1 assertion"
    expect_out_has "findings: 0 new, 0 seen in this scan"
}

t_history_shows_stances() {
    seed_and_scan
    run "$TRACKER" history Trump --topic cyber_unit --format csv
    expect_out 'id,feed_id,speaker,date,utc,precision,earliest,latest,mode,text,source,url,side,role,stances
9,,Donald Trump,2017-07-01/2017-07-19,2017-07-01/2017-07-19,interval,2017-07-01T00:00:00Z,2017-07-19T23:59:59Z,reported,he had discussed the idea of creating such a group with Putin at the Hamburg summit,Reuters,,US,,cyber_unit=affirm
10,884016887692234753,Donald Trump,2017-07-09T06:50:24-05:00,2017-07-09T11:50:24Z,second,2017-07-09T11:50:24Z,2017-07-09T11:50:24Z,direct,"Putin & I discussed forming an impenetrable Cyber Security unit so that election hacking, & many other negative things, will be guarded..",Twitter,,US,,cyber_unit=affirm
11,884211874518192128,Donald Trump,2017-07-09T19:45:13-05:00,2017-07-10T00:45:13Z,second,2017-07-10T00:45:13Z,2017-07-10T00:45:13Z,direct,"The fact that President Putin and I discussed a Cyber Security unit doesn'"'"'t mean I think it can happen. It can'"'"'t-but a ceasefire can,& did!",Twitter,,US,,cyber_unit=deny'
}

t_real_tweets_give_the_reversal() {
    run "$TRACKER" import --map "text=text,date=date_us_central,id=tweet_id" --set "speaker=Donald Trump" \
        --set source=Twitter --tz America/Chicago --quiet \
        --url-template 'https://twitter.com/realDonaldTrump/status/{id}' "$FIX/trump_tweets_2017-07-08_to_10.csv"
    run "$TRACKER" scan --rules "$RULES"
    run "$TRACKER" findings list --format json
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "1" "findings"
    id1=$(sqlite3 tracker.db "select id from statements where ext_id='884016887692234753'")
    id2=$(sqlite3 tracker.db "select id from statements where ext_id='884211874518192128'")
    rev=$(finding_with "$id1" "$id2")
    [[ "$rev" == *'"kind":"reversal"'*'"order":"certain"'*'"deciding":['"$id1,$id2"']'*'"utc":"2017-07-09T11:50:24Z","stance":"affirm"'*'"utc":"2017-07-10T00:45:13Z","stance":"deny"'* ]] || fail "tweet reversal: $out"
    # Each statement says which tweet it is, and where.
    [[ "$rev" == *'"id":'"$id1"',"feed_id":"884016887692234753","url":"https://twitter.com/realDonaldTrump/status/884016887692234753"'* ]] || fail "feed id and url: $rev"
    run "$TRACKER" findings show r-
    run "$TRACKER" findings show "${rev:7:7}"
    expect_out_has "#$id2 feed 884211874518192128"
    expect_out_has "source: Twitter, https://twitter.com/realDonaldTrump/status/884211874518192128"
    run "$TRACKER" history "Donald Trump" --from 2017-07-10 --format json
    expect_out_has '"feed_id":"884211874518192128"'
    expect_out_has '"url":"https://twitter.com/realDonaldTrump/status/884211874518192128"'
    run "$TRACKER" import --url-template 'https://example.org/status' "$FIX/trump_tweets_2017-07-08_to_10.csv"
    expect_rc 64
    expect_err "tracker import: --url-template 'https://example.org/status' has no {id}"
}

t_findings_lifecycle() {
    seed_and_scan
    export USER=desk
    run "$TRACKER" findings ack r-327
    expect_rc 0
    expect_out "r-327a7e2888ba: acknowledged by desk"
    run "$TRACKER" findings ack r-327
    expect_rc 65
    expect_err "tracker findings: r-327a7e2888ba is already acknowledged"
    run "$TRACKER" findings dismiss r-327a7e2888ba
    expect_rc 64
    expect_err_has "findings dismiss needs --reason TEXT"
    run "$TRACKER" findings dismiss r-327a7e2888ba --reason "a joke" --by "Ann Editor"
    expect_out "r-327a7e2888ba: dismissed by Ann Editor: a joke"
    # A dismissed finding is not acknowledged, nor dismissed again, without a reopen.
    run "$TRACKER" findings ack r-327a7e2888ba
    expect_rc 65
    expect_err "tracker findings: r-327a7e2888ba is dismissed (a joke): 'tracker findings reopen r-327a7e2888ba' first"
    run "$TRACKER" findings dismiss r-327a7e2888ba --reason "a second reason"
    expect_rc 65
    expect_err_has "is already dismissed (a joke); its first reason stands"
    run "$TRACKER" findings list --kind reversal
    expect_out "no findings"
    run "$TRACKER" findings list --status dismissed --format json
    expect_out_has '"status":"dismissed","order":"certain","reason":"a joke"'
    run "$TRACKER" findings reopen r-327a7e2888ba --reason "not a joke after all"
    expect_out "r-327a7e2888ba: open by desk: not a joke after all"
    run "$TRACKER" findings reopen r-327a7e2888ba
    expect_rc 65
    expect_err_has "nothing to reopen"
    run "$TRACKER" findings log r-327
    expect_rc 0
    expect_out "2017-07-21T06:00:00Z  found (new) in run 1
2017-07-21T06:00:00Z  acknowledged (was new) by desk
2017-07-21T06:00:00Z  dismissed (was acknowledged) by Ann Editor: a joke
2017-07-21T06:00:00Z  open (was dismissed) by desk: not a joke after all"
    run "$TRACKER" findings log r-327 --format json
    expect_out_has '{"at":"2017-07-21T06:00:00Z","by":"Ann Editor","action":"status","from":"acknowledged","to":"dismissed","reason":"a joke","run":null}'
    run "$TRACKER" findings show zzz
    expect_rc 65
    expect_err "tracker findings: no finding 'zzz' (see 'tracker findings list')"
    run "$TRACKER" findings show r-327
    expect_out_has "direct: Putin & I discussed »forming« an impenetrable"
    expect_out_has "first affirm (2 statements, 2017-07-01 to 2017-07-09), then deny (1 statement, 2017-07-10)"
    expect_out_has "* 2017-07-10T00:45:13Z   Donald Trump (US)  deny «can't»  #11 feed 884211874518192128"
    expect_out_has "history: tracker findings log r-327a7e2888ba"
}

t_rules_test_passes_and_fails() {
    run "$TRACKER" rules test "$RULES"
    expect_rc 0
    expect_out "23 examples, 23 passed, 0 failed"
    sed 's/example deny   "We did not discuss a cyber security unit."/example affirm "We did not discuss a cyber security unit."/' \
        "$RULES/seed.rules" >bad.rules
    line=$(grep -n 'example affirm "We did not discuss' bad.rules | cut -d: -f1)
    run "$TRACKER" rules test bad.rules
    expect_rc 1
    expect_out_has "bad.rules:$line: FAIL cyber_unit: expected affirm, got deny"
    run "$TRACKER" rules test bad.rules --format tap
    expect_rc 1
    expect_out_has "TAP version 13"
    expect_out_has "not ok"
    run "$TRACKER" rules test bad.rules --format junit
    expect_out_has "<testsuite"
    expect_out_has "<failure"
}

t_stance_v2_rules_pass_and_lint_clean() {
    run "$TRACKER" rules test "$TRACKER_SRC/tests/stance/trump-dev-v2.rules"
    expect_rc 0
    expect_out "76 examples, 76 passed, 0 failed"
    run "$TRACKER" rules lint "$TRACKER_SRC/tests/stance/trump-dev-v2.rules"
    expect_rc 0
    expect_out "1 file, 10 topics, 10 detectors, 76 examples: 0 warnings"
}

# The scan reads a statement's context (the sentence extract kept beside
# it): a topic the text does not mention applies when the context mentions
# it, and its cues still come from the text.
t_scan_reads_the_statements_context() {
    printf '%s\n' \
        '{"speaker":"Donald Trump","date":"2017-07-10","text":"It can'"'"'t happen.","context":"Asked about the cyber unit, Trump said it can'"'"'t happen."}' \
        '{"speaker":"Donald Trump","date":"2017-07-11","text":"It can'"'"'t happen."}' \
        '{"speaker":"Donald Trump","date":"2017-07-12","text":"Let us talk about trade.","context":"On the cyber unit, Trump said: let us talk about trade."}' \
        '{"speaker":"Donald Trump","date":"2017-07-13","text":"We discussed a cyber unit.","context":"Of the talks, he said we discussed a cyber unit."}' >in.jsonl
    run "$TRACKER" import in.jsonl
    expect_rc 0
    run "$TRACKER" scan --rules "$RULES"
    expect_rc 0
    expect_out_has "classified 4 statements, 2 assertions"
    run "$TRACKER" history "Donald Trump" --format json
    expect_rc 0
    expect_eq "$(printf '%s\n' "$out" | sed -n 1p | grep -o '"stances":.*')" \
        '"stances":[{"topic":"cyber_unit","stance":"deny","cue":"can'"'"'t happen","negation":null,"hedge":null}]}' \
        "the context's mention, the text's cue"
    expect_eq "$(printf '%s\n' "$out" | sed -n 2p | grep -o '"stances":.*')" '"stances":[]}' "no context, no topic"
    expect_eq "$(printf '%s\n' "$out" | sed -n 3p | grep -o '"stances":.*')" '"stances":[]}' \
        "the context's words are no cues"
    # a text with its own mention reads as usual; the talks, which only the
    # context names, need a cue of their own in the text (there is none)
    expect_eq "$(printf '%s\n' "$out" | sed -n 4p | grep -o '"stances":.*')" \
        '"stances":[{"topic":"cyber_unit","stance":"affirm","cue":"discussed","negation":null,"hedge":null}]}' \
        "the text's mention; no cue for the context's topic"
    run "$TRACKER" --rules "$RULES" rules explain "It can't happen." --context "Asked about the cyber unit, Trump said it can't happen."
    expect_out_has 'in the context: the text has no mention, so cues count anywhere in it'
    expect_out_has "topic cyber_unit: deny"
}

# rules explain says whom each cue is about (the referent rule) and when a
# citation decided, in text and JSON.
t_rules_explain_shows_whom_a_cue_is_about() {
    V2=$TRACKER_SRC/tests/stance/trump-dev-v2.rules
    run "$TRACKER" --rules "$V2" rules explain "@SenTedCruz had a very good debate, far better than Rand Paul."
    expect_rc 0
    expect_out_has "topic rand_paul: none (mentioned, but no cue decided) (a cue counts when its referent is the topic's)"
    expect_out_has 'at 23-27 "good" sentence 1: ignored (about "@SenTedCruz", the nearest name in its clause, not the topic'"'"'s)'
    run "$TRACKER" --rules "$V2" rules explain --format json "@SenTedCruz had a very good debate, far better than Rand Paul."
    expect_out_has '"counts":false,"ignored":"region","about":{"how":"clause","is_topic":false,"referent":{"start":0,"end":11,"text":"@SenTedCruz"}}'
    run "$TRACKER" --rules "$V2" rules explain "So many great endorsements today, except for Paul Ryan!"
    expect_out_has "topic paul_ryan: deny"
    expect_out_has 'about "Paul Ryan", the nearest name in its clause, excepted (counts reversed) -> deny'
    run "$TRACKER" --rules "$V2" rules explain '"@JoeNBC: A very big night for the campaign." Great!'
    expect_out_has "topic morning_joe: affirm"
    expect_out_has 'at 46-51 "Great" sentence 2, about "@JoeNBC", the speaker'"'"'s comment on a quoted post: its author -> affirm'
    run "$TRACKER" --rules "$V2" rules explain '"@JoeNBC: A very big night for the campaign."'
    expect_out_has 'no cue decided; cited by "@JoeNBC" at 1-8 (cite affirm): affirm'
}

t_bad_rule_file_reports_every_error() {
    cat >bad.rules <<'RULES'
topic a {
  mention /talks (are/
  colour red
}
topic a {
  mention /x/
}
RULES
    run "$TRACKER" rules lint bad.rules
    expect_rc 78
    expect_err_has "bad.rules:2:22: error[E006]: bad regex: missing closing parenthesis (at offset 10 in the pattern)"
    expect_err_has "bad.rules:3:3: error[E005]: unknown field 'colour'"
    expect_err_has "bad.rules:5:7: error[E007]: duplicate id 'a'"
    run "$TRACKER" scan --rules bad.rules
    expect_rc 78
}

t_catastrophic_pattern_is_reported_and_scan_finishes() {
    cat >slow.rules <<'RULES'
topic as {
  description "a catastrophic pattern"
  mention /(a+)+$/
  affirm /a/
}
topic other {
  mention /\bhello\b/
  affirm /hello/
}
RULES
    { printf 'speaker,date,text\n'; printf 'Ann,2017-07-01,hello '; head -c 100000 /dev/zero | tr '\0' a; printf 'b\n'; printf 'Bob,2017-07-02,hello world\n'; } >in.csv
    run "$TRACKER" import in.csv
    run "$TRACKER" scan --rules slow.rules
    expect_rc 0
    expect_err_has "slow.rules:3: topic as: mention pattern stopped at a limit on statement #1"
    expect_out_has "classified 2 statements, 2 assertions, 1 pattern limit hit"
}

t_rules_explain_and_diff() {
    run "$TRACKER" --rules "$RULES" rules explain "they were not participating in the talks"
    expect_rc 0
    expect_out_has "topic cyber_talks: deny"
    expect_out_has 'negated by "not"'
    seed_and_scan
    sed 's/  sides RU US/  sides RU US\n  modes direct/' "$RULES/seed.rules" >direct.rules
    before=$(sqlite3 tracker.db "select count(*) from findings; select count(*) from runs")
    run "$TRACKER" rules diff "$RULES" direct.rules
    expect_rc 0
    expect_out_has "rules diff: 0 findings added, 1 removed, 1 unchanged"
    expect_out_has "- c-8d779389edbf  contradiction  cyber_talks_dispute on cyber_talks  (5 statements)
    #3 Svetlana Lukash, 2017-07-01/2017-07-19: \"Russian President"
    # the diff finds what the scan found: the same ids
    run "$TRACKER" rules diff "$RULES" "$RULES" --format json
    expect_out ""
    run "$TRACKER" rules diff direct.rules "$RULES" --format json
    expect_out '{"change":"added","id":"c-8d779389edbf","kind":"contradiction","rule":"cyber_talks_dispute","topic":"cyber_talks","deciding":[3,6],"statements":5,"order":"uncertain"}'
    run "$TRACKER" findings list --format json
    expect_out_has '{"id":"c-8d779389edbf",'
    after=$(sqlite3 tracker.db "select count(*) from findings; select count(*) from runs")
    expect_eq "$after" "$before" "diff writes nothing"
}

t_extract_then_scan_end_to_end() {
    A=$TRACKER_SRC/samples/articles/reuters-2017-07-20-us-russia-cyber.txt
    run "$TRACKER" extract --published 2017-07-20 --source Reuters "$A"
    expect_rc 0
    expect_eq "$(printf '%s\n' "$out" | wc -l)" "17" "statements extracted"
    expect_out_has '{"speaker":"Andrey Krutskikh","kind":"person","side":null,"text":"The talks are underway ... different proposals are being exchanged, nobody denies the necessity of holding the talks and of having such contacts","mode":"direct","date":"2017-07-20"'
    run "$TRACKER" people import "$TRACKER_SRC/samples/people.jsonl"
    run "$TRACKER" extract --published 2017-07-20 --source Reuters --import "$A"
    expect_out "extracted 17 statements, imported 17, duplicates 0"
    run "$TRACKER" extract --published 2017-07-20 --source Reuters --import "$A"
    expect_out "extracted 17 statements, imported 0, duplicates 17"
    run "$TRACKER" scan --rules "$RULES"
    run "$TRACKER" findings list --format json
    rev=$(printf '%s\n' "$out" | grep '"kind":"reversal"')
    [[ "$rev" == *'"order":"uncertain"'*'"speaker":"Donald Trump"'*'"stance":"affirm"'*'"speaker":"Donald Trump"'*'"date":"2017-07-01/2017-07-20"'*'"stance":"deny"'* ]] || fail "Trump's reversal from the raw article: $out"
    k=$(sqlite3 tracker.db "select id from statements where text like 'The talks are underway%'")
    o=$(sqlite3 tracker.db "select id from statements where text like 'they were not participating%'")
    con=$(printf '%s\n' "$out" | grep '"kind":"contradiction"')
    [[ "$con" == *'"id":'"$k"',"feed_id":null,"url":null,"speaker":"Andrey Krutskikh","side":"RU"'*'"stance":"affirm"'* ]] || fail "Krutskikh in the dispute from the raw article: $out"
    [[ "$con" == *'"id":'"$o"',"feed_id":null,"url":null,"speaker":"U.S. and European intelligence and security officials","side":"US"'*'"stance":"deny"'* ]] || fail "the officials in the dispute from the raw article: $out"
    # The statement points back into the stored article.
    got=$(sqlite3 tracker.db "select substr(cast(src.raw as blob), s.span_start + 1, s.span_end - s.span_start) = cast(s.text as blob) from statements s join sources src on src.id = s.source_id where s.text like 'The talks are underway%'")
    expect_eq "$got" "1" "span into the kept source text"
}

t_extract_bad_input() {
    printf '' >empty.txt
    run "$TRACKER" extract --published 2017-07-20 empty.txt
    expect_rc 0
    expect_out ""
    printf 'caf\xc3\x28 said Ann.' >bad.txt
    run "$TRACKER" extract --published 2017-07-20 bad.txt
    expect_rc 65
    expect_err_has "bad.txt:"
    run "$TRACKER" extract bad.txt
    expect_rc 64
    expect_err_has "--published DATE is required"
    run "$TRACKER" extract --published 2017-02-30 bad.txt
    expect_rc 64
    run "$TRACKER" extract --published 2017-07-20 missing.txt
    expect_rc 66
    expect_err "tracker extract: missing.txt: cannot open: No such file or directory"
}

t_extract_takes_titles_with_of_off() {
    printf 'Secretary of State Rex Tillerson said on Thursday that talks would go on.\n' >of.txt
    run "$TRACKER" extract --published 2017-07-20 of.txt
    expect_rc 0
    expect_out_has '{"speaker":"Rex Tillerson","kind":"person","side":null,"text":"talks would go on","mode":"reported","date":"2017-07-20"'
    expect_out_lacks "ambiguous"
}
