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
    expect_out "2017-07-21 06:00 UTC  found (new) in run 1
2017-07-21 06:00 UTC  retired: the scan no longer finds it in run 4"
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
    run "$TRACKER" history Trump --topic cyber_unit
    expect_rc 0
    expect_out "Donald Trump (US): 3 statements on cyber_unit, oldest first; times in UTC
2017-07-01 to 2017-07-19  reported  Reuters  #9
    he had discussed the idea of creating such a group with Putin at the Hamburg summit
    -> cyber_unit: affirm »creating«
2017-07-09 11:50:24 UTC (given as 2017-07-09T06:50:24-05:00)  direct  Twitter  #10 feed 884016887692234753
    Putin & I discussed forming an impenetrable Cyber Security unit so that election hacking, & many other negative things, will be guarded..
    -> cyber_unit: affirm »forming«
2017-07-10 00:45:13 UTC (given as 2017-07-09T19:45:13-05:00)  direct  Twitter  #11 feed 884211874518192128
    The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. It can't-but a ceasefire can,& did!
    -> cyber_unit: deny »can't«"
    # --tz shows the local times (no "given as": they are the times given);
    # --reverse and --limit pick the newest.
    run "$TRACKER" history Trump --topic cyber_unit --tz America/Chicago --reverse --limit 2
    expect_out "Donald Trump (US): 3 statements on cyber_unit, newest first, the first 2 shown; times in America/Chicago
2017-07-09 19:45:13 -05:00  direct  Twitter  #11 feed 884211874518192128
    The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. It can't-but a ceasefire can,& did!
    -> cyber_unit: deny »can't«
2017-07-09 06:50:24 -05:00  direct  Twitter  #10 feed 884016887692234753
    Putin & I discussed forming an impenetrable Cyber Security unit so that election hacking, & many other negative things, will be guarded..
    -> cyber_unit: affirm »forming«"
    run "$TRACKER" history Trump --format json --limit 1
    expect_out '{"id":9,"feed_id":null,"speaker":"Donald Trump","date":"2017-07-01/2017-07-19","utc":"2017-07-01/2017-07-19","precision":"interval","earliest":"2017-07-01T00:00:00Z","latest":"2017-07-19T23:59:59Z","mode":"reported","text":"he had discussed the idea of creating such a group with Putin at the Hamburg summit","source":"Reuters","url":null,"side":"US","role":null,"spans":null,"context":null,"span":null,"cue":"Trump said","date_expr":"earlier this month","published":"2017-07-20","title":null,"kind":"person","stances":[{"topic":"cyber_unit","stance":"affirm","cue":"creating","negation":null,"hedge":null}]}'
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
    expect_err "tracker: import: --url-template 'https://example.org/status' has no {id}"
}

t_findings_lifecycle() {
    seed_and_scan
    export USER=desk
    run "$TRACKER" findings ack r-327
    expect_rc 0
    expect_out "r-327a7e2888ba: acknowledged by desk"
    run "$TRACKER" findings ack r-327
    expect_rc 65
    expect_err "tracker: findings ack: r-327a7e2888ba is already acknowledged"
    run "$TRACKER" findings dismiss r-327a7e2888ba
    expect_rc 64
    expect_err_has "findings dismiss needs --reason TEXT"
    run "$TRACKER" findings dismiss r-327a7e2888ba --reason "a joke" --by "Ann Editor"
    expect_out "r-327a7e2888ba: dismissed by Ann Editor: a joke"
    # A dismissed finding is not acknowledged, nor dismissed again, without a reopen.
    run "$TRACKER" findings ack r-327a7e2888ba
    expect_rc 65
    expect_err "tracker: findings ack: r-327a7e2888ba is dismissed (a joke): 'tracker findings reopen r-327a7e2888ba' first"
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
    expect_out "2017-07-21 06:00 UTC  found (new) in run 1
2017-07-21 06:00 UTC  acknowledged (was new) by desk
2017-07-21 06:00 UTC  dismissed (was acknowledged) by Ann Editor: a joke
2017-07-21 06:00 UTC  open (was dismissed) by desk: not a joke after all"
    run "$TRACKER" findings log r-327 --format json
    expect_out_has '{"at":"2017-07-21T06:00:00Z","by":"Ann Editor","action":"status","from":"acknowledged","to":"dismissed","reason":"a joke","run":null}'
    run "$TRACKER" findings show zzz
    expect_rc 65
    expect_err "tracker: findings show: no finding 'zzz' (see 'tracker findings list')"
    run "$TRACKER" findings show r-327
    expect_out_has "direct: Putin & I discussed »forming« an impenetrable"
    expect_out_has "first affirm (2 statements, 2017-07-01 to 2017-07-09), then deny (1 statement, 2017-07-10)"
    expect_out_has "* 2017-07-10 00:45:13 UTC  Donald Trump (US)  deny »can't«  #11 feed 884211874518192128"
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

# Every key of every node of a JSON-LD document is a schema.org property of
# the node's @type, and Google's required fields are there: the check a
# fact-check publisher's validator makes, written out for the types used.
claimreview_valid() {
    jq -e '
      def allowed: {
        "ClaimReview": ["@context","@type","identifier","url","datePublished","author","claimReviewed","reviewBody","itemReviewed","reviewRating"],
        "Claim": ["@type","author","datePublished","firstAppearance","appearance"],
        "CreativeWork": ["@type","url","datePublished","temporalCoverage","text","author","publisher"],
        "Rating": ["@type","ratingValue","bestRating","worstRating","alternateName","name"],
        "Organization": ["@type","name"], "Person": ["@type","name"]};
      def nodes: .. | objects | select(has("@type"));
      type == "array" and length > 0
      and all(.[]; .["@context"] == "https://schema.org" and .["@type"] == "ClaimReview"
                   and (.claimReviewed | type == "string" and length > 0)
                   and (.url | startswith("https://"))
                   and (.reviewRating.alternateName | IN("Full Flop", "Half Flip", "No Flip"))
                   and (.reviewRating.ratingValue >= .reviewRating.worstRating)
                   and (.reviewRating.ratingValue <= .reviewRating.bestRating)
                   and (.itemReviewed["@type"] == "Claim") and (.itemReviewed.appearance | length == 2))
      and all(nodes; . as $n | (allowed[$n["@type"]] // []) as $ok
                     | ($ok | length > 0) and all($n | keys[]; . as $k | $ok | index($k)))' "$1" >/dev/null
}

t_findings_export_claimreview() {
    "$TRACKER" import --quiet --map "text=text,date=date_us_central,id=tweet_id" --set "speaker=Donald Trump" \
        --set source=Twitter --tz America/Chicago \
        --url-template 'https://twitter.com/realDonaldTrump/status/{id}' "$FIX/trump_tweets_2017-07-08_to_10.csv" >/dev/null
    "$TRACKER" scan --rules "$RULES" --quiet
    run "$TRACKER" --rules "$RULES" findings export --format claimreview --author "The Desk" \
        --url-template 'https://desk.example.org/flips/{id}'
    expect_rc 0
    printf '%s\n' "$out" >out.json
    cmp -s out.json "$FIX/claimreview-tweets.json" || fail "not the fixture: $(diff out.json "$FIX/claimreview-tweets.json" | head -10)"
    claimreview_valid out.json || fail "not valid ClaimReview: $out"
    # both statements are the claim's appearances, with their URLs and dates
    expect_eq "$(jq -r '.[0].itemReviewed.appearance[] | .url + " " + .datePublished' out.json)" \
        "https://twitter.com/realDonaldTrump/status/884016887692234753 2017-07-09T06:50:24-05:00
https://twitter.com/realDonaldTrump/status/884211874518192128 2017-07-09T19:45:13-05:00" "appearances"
    run "$TRACKER" findings export --format claimreview
    expect_rc 64
    expect_err "tracker: findings export: --format claimreview needs --author NAME (the organisation that publishes the reviews)
Try 'tracker findings export --help'."
    run "$TRACKER" findings export --format claimreview --author D --url-template 'https://d.example/'
    expect_rc 64
    expect_err_has "needs --url-template T with {id}"
    # --format json: each finding as findings show --format json prints it
    id=$(jq -r '.[0].identifier' out.json)
    run "$TRACKER" findings export "$id"
    expect_out "$("$TRACKER" findings show "$id" --format json)"
}

# The verdicts: a reversal to a hedged statement is a Half Flip, a
# dismissed finding a No Flip; a contradiction is no Flip-O-Meter item.
t_findings_export_claimreview_verdicts() {
    printf '%s\n' 'topic wall {' '  description "The wall will be built"' '  mention /\bwall\b/' \
        '  affirm  /\bwill build\b/' '}' 'reversal wall_flip {' '  topic wall' '  window 30d' '}' \
        'topic deal {' '  mention /\bdeal\b/' '  affirm /\bdeal is done\b/' '  deny /\bno deal\b/' '}' \
        'contradiction deal_dispute {' '  topic deal' '  window 30d' '}' >v.rules
    printf '%s\n' '{"speaker":"Ann","side":"A","date":"2017-07-01","text":"We will build the wall."}' \
        '{"speaker":"Ann","side":"A","date":"2017-07-05","text":"It would be premature to say we will build the wall."}' \
        '{"speaker":"Bob","side":"B","date":"2017-07-01","text":"Our deal is done."}' \
        '{"speaker":"Cy","side":"C","date":"2017-07-02","text":"There is no deal."}' >v.jsonl
    "$TRACKER" import --quiet v.jsonl >/dev/null
    "$TRACKER" scan --rules v.rules --quiet
    run "$TRACKER" --rules v.rules findings export --format claimreview --author D --url-template 'https://d.example/{id}'
    expect_rc 0
    expect_err "tracker: findings export: note: 1 contradiction not exported: ClaimReview's Flip-O-Meter rates a speaker's reversals"
    printf '%s\n' "$out" >v.json
    claimreview_valid v.json || fail "not valid ClaimReview: $out"
    expect_eq "$(jq -r '.[] | .claimReviewed + " | " + .reviewRating.alternateName + " " + (.reviewRating.ratingValue|tostring)' v.json)" \
        "Ann on whether the wall will be built | Half Flip 2" "a hedged reversal"
    id=$(jq -r '.[0].identifier' v.json)
    "$TRACKER" findings dismiss "$id" --reason "said the same twice" >/dev/null
    run "$TRACKER" findings export --format claimreview --author D --url-template 'https://d.example/{id}' --status dismissed
    expect_eq "$(printf '%s\n' "$out" | jq -r '.[] | .claimReviewed + " | " + .reviewRating.alternateName')" \
        "Ann on wall | No Flip" "a dismissed reversal, without the rule set's descriptions"
}

t_rules_fmt_rewrites_in_one_layout_keeping_comments() {
    printf '%s\n' '# header comment' '' 'topic   cyber_unit{' 'description "A unit"   # what it is' \
        '   mention /\bcyber unit\b/' "	affirm /\\bform\\b/  # trailing" \
        "deny /\\bcan't\\b/ fixed   # two in a row" '' '' '  # a comment inside' '' '' \
        '  example affirm    "We will form a cyber unit"' 'example none "nothing"' '}' \
        'reversal r { topic cyber_unit' '  window 30d }' 'lexicon extra { trigger hardly }' >m.rules
    cp m.rules orig.rules
    run "$TRACKER" rules fmt --check m.rules
    expect_rc 1
    expect_out "m.rules: not in the canonical layout ('tracker rules fmt m.rules' rewrites it)"
    cmp -s m.rules orig.rules || fail "--check changed the file"
    run "$TRACKER" rules test m.rules
    local before=$out
    run "$TRACKER" rules fmt m.rules
    expect_rc 0
    expect_out "formatted m.rules"
    expect_eq "$(cat m.rules)" '# header comment

topic cyber_unit {
  description "A unit"  # what it is
  mention /\bcyber unit\b/
  affirm  /\bform\b/         # trailing
  deny    /\bcan'"'"'t\b/ fixed  # two in a row

  # a comment inside

  example affirm "We will form a cyber unit"
  example none   "nothing"
}

reversal r {
  topic cyber_unit
  window 30d
}

lexicon extra {
  trigger hardly
}' "the canonical layout"
    run "$TRACKER" rules test m.rules
    expect_eq "$out" "$before" "the examples' results"
    # formatted once is formatted: nothing to do, and --check passes
    run "$TRACKER" rules fmt --check m.rules
    expect_rc 0
    expect_out ""
    run "$TRACKER" rules fmt - <orig.rules
    expect_eq "$out" "$(cat m.rules)" "standard input to standard output"
    # the sample rule set is kept in the canonical layout
    run "$TRACKER" rules fmt --check "$RULES"
    expect_rc 0
    # a rule file with a lexical error is left alone, the error shown as a compiler's
    printf 'topic t {\n  mention "open\n}\n' >bad.rules
    run "$TRACKER" rules fmt bad.rules
    expect_rc 78
    expect_err_has "bad.rules:2:11: error[E002]: unterminated string (a string must end on its line)"
    expect_eq "$(cat bad.rules)" "$(printf 'topic t {\n  mention "open\n}')" "the bad file"
    printf '}\n' >stray.rules
    run "$TRACKER" rules fmt stray.rules
    expect_rc 78
    expect_err_has "stray.rules:1:1: error[E001]: '}' without a block"
}

# Formatting keeps what every rule means: the development rule sets give the
# same classification, example for example, before and after.
t_rules_fmt_keeps_the_meaning_of_real_rule_sets() {
    cp "$TRACKER_SRC/tests/stance/trump-dev-v2.rules" v2.rules
    local dev=$SHARED/data/stance-dev/trump-dev.rules
    [ -f "$dev" ] && cp "$dev" dev.rules
    for f in *.rules; do
        cp "$f" "$f.orig"
        run "$TRACKER" rules test --verbose "$f"
        local before=$out rc0=$rc
        run "$TRACKER" rules fmt "$f"
        expect_rc 0
        run "$TRACKER" rules test --verbose "$f"
        expect_rc "$rc0"
        expect_eq "$out" "$before" "$f: the examples after formatting"
        run "$TRACKER" rules fmt --check "$f"
        expect_rc 0
        # every comment line kept, word for word
        expect_eq "$(grep -o '#.*' "$f" | sed 's/ *$//')" "$(grep -o '#.*' "$f.orig" | sed 's/ *$//')" "$f: comments kept"
    done
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
    expect_out "- c-8d779389edbf  contradiction  cyber_talks_dispute on cyber_talks  (5 statements)
    #3 Svetlana Lukash, 2017-07-01 to 2017-07-19: \"Russian President Vladimir Putin and U.S. President Donald Trump had agreed to d...\"
    #6 Thomas Bossert, 2017-07-15 to 2017-07-16: \"it would be premature to suggest the United States would be talking to Russia ab...\"
rules diff: 0 findings added, 1 removed, 1 unchanged"
    # --exit-code: 1 when the change adds or removes a finding, as git diff does
    run "$TRACKER" rules diff "$RULES" direct.rules --exit-code --format json
    expect_rc 1
    expect_out '{"change":"removed","id":"c-8d779389edbf","kind":"contradiction","rule":"cyber_talks_dispute","topic":"cyber_talks","deciding":[3,6],"statements":5,"order":"uncertain"}'
    # the diff finds what the scan found: the same ids
    run "$TRACKER" rules diff "$RULES" "$RULES" --format json --exit-code
    expect_rc 0
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
    expect_err "tracker: extract: missing.txt: cannot open: No such file or directory"
}

t_extract_takes_titles_with_of_off() {
    printf 'Secretary of State Rex Tillerson said on Thursday that talks would go on.\n' >of.txt
    run "$TRACKER" extract --published 2017-07-20 of.txt
    expect_rc 0
    expect_out_has '{"speaker":"Rex Tillerson","kind":"person","side":null,"text":"talks would go on","mode":"reported","date":"2017-07-20"'
    expect_out_lacks "ambiguous"
}
