# test_reports.sh: one statement, many reports (tracker statements): a quote
# and the tweet it quotes are one statement at the tweet's second, the same
# article under two sources is two reports of each statement, links by hand
# with their history, suggestions, idempotence.

SEED=$TRACKER_SRC/samples/articles/reuters-2017-07-20-us-russia-cyber.txt

# The tweets of 8-10 July 2017 and the seed article, as issue 14's Done when
# says: the CSV's UTC column, no source, then the article from Reuters.
reports_seed() {
    local csv=$1
    run "$TRACKER" import "$csv" --map id=tweet_id,date=created_at_utc,text=text --set "speaker=Donald Trump"
    expect_rc 0
    expect_out "imported 20, duplicates 0, rejected 0"
    run "$TRACKER" extract --published 2017-07-20 --source Reuters --import "$SEED"
    expect_rc 0
    # the quote of the second tweet, in two sentences, is one report of it
    expect_out "extracted 17 statements, imported 15, linked 2, duplicates 0"
    run "$TRACKER" scan --rules "$TRACKER_SRC/samples/rules"
    expect_rc 0
}

# What the Done when checks, on a store reports_seed made.
reports_done_when() {
    run "$TRACKER" history "Donald Trump"
    expect_rc 0
    expect_out_has "2017-07-10 00:45:13 UTC  direct  austinsonger/trump_tweets@9f9ac69:trump_tweets.csv  #16 feed 884211874518192128
    The fact that President Putin and I discussed a Cyber Security unit  doesn't mean I think it can happen. It can't-but a ceasefire can,& did!
    2 reports: austinsonger/trump_tweets@9f9ac69:trump_tweets.csv; Reuters
    -> cyber_unit: deny »can't«"
    # once: neither half of the article's quote is a statement of its own
    expect_eq "$(grep -c "can happen" <<<"$out")" "1" "statements with the quote"
    expect_out_lacks "It can’t."
    run "$TRACKER" findings list --kind reversal
    expect_out "r-5ea06ae1c009  reversal  high  new  cyber_unit_reversal on cyber_unit  order: certain
  first affirm (2 statements, 2017-07-01 to 2017-07-09), then deny (1 statement, 2017-07-10)
  * 2017-07-09 11:50:24 UTC  Donald Trump (US)  affirm »forming«  #9 feed 884016887692234753
  * 2017-07-10 00:45:13 UTC  Donald Trump (US)  deny »can't«  #16 feed 884211874518192128"
    run "$TRACKER" history "Donald Trump" --format json
    local line
    line=$(grep '"id":16,' <<<"$out")
    [[ "$line" == *'"date":"2017-07-10T00:45:13Z"'*'"date_conflict":false,"reports":[{"id":16,"how":"first","source":"austinsonger/trump_tweets@9f9ac69:trump_tweets.csv"'*'{"id":33,"how":"quote","source":"Reuters","title":null,"published":"2017-07-20","url":null,"feed_id":null,"date":"2017-07-01/2017-07-20"'*'"text":"The fact that President Putin and I discussed a Cyber Security unit doesn’t mean I think it can happen.\nIt can’t."'*'"span":[2210,2327],"spans":[[2210,2315],[2316,2327]]'* ]] ||
        fail "the statement's JSON: $line"
}

t_a_quote_and_its_tweet_are_one_statement() {
    run "$TRACKER" people import "$TRACKER_SRC/samples/people.jsonl"
    reports_seed "$FIX/trump_tweets_2017-07-08_to_10.csv"
    reports_done_when
    run "$TRACKER" statements show 16
    expect_rc 0
    expect_out "#16  Donald Trump  2017-07-10 00:45:13 UTC  direct
    The fact that President Putin and I discussed a Cyber Security unit  doesn't mean I think it can happen. It can't-but a ceasefire can,& did!
  dates: where the reports' dates meet
2 reports, in the order they came:
  report 16 (first)  2017-07-10 00:45:13 UTC  direct  austinsonger/trump_tweets@9f9ac69:trump_tweets.csv  feed 884211874518192128
    “The fact that President Putin and I discussed a Cyber Security unit  doesn't mean I think it can happen. It can't-but a ceasefire can,& did!”
  report 33 (quote)  2017-07-01 to 2017-07-20  direct  Reuters  bytes 2210-2327
    “The fact that President Putin and I discussed a Cyber Security unit doesn’t mean I think it can happen. It can’t.”
    cue: Trump later appeared to back away, saying in a post on Twitter; dated by: later
links:
  2017-07-21 06:00 UTC  report 33 linked (quote) by tracker
  2017-07-21 06:00 UTC  report 33 linked (part) by tracker"
    # the report shows the statement once, with its sources
    run "$TRACKER" report --dry-run
    expect_out_has "     reports: 2 (austinsonger/trump_tweets@9f9ac69:trump_tweets.csv; Reuters)"
    # search finds it once, with its reports
    run "$TRACKER" search "can happen"
    expect_out_has "2 reports: austinsonger/trump_tweets@9f9ac69:trump_tweets.csv; Reuters"
    expect_eq "$(grep -c '#' <<<"$out")" "1" "search hits"
}

# The same on the shared data file itself, when the machine has it.
t_a_quote_and_its_tweet_are_one_statement_shared_data() {
    local f=$SHARED/data/trump_tweets_2017-07-08_to_10.csv
    [ -f "$f" ] || { skip "no $f"; return; }
    run "$TRACKER" people import "$TRACKER_SRC/samples/people.jsonl"
    reports_seed "$f"
    reports_done_when
}

t_an_article_under_two_sources_is_two_reports() {
    run "$TRACKER" extract --published 2017-07-20 --source Reuters --import "$SEED"
    expect_out "extracted 17 statements, imported 17, duplicates 0"
    run "$TRACKER" extract --published 2017-07-20 --source "Yahoo News" --import "$SEED"
    expect_rc 0
    expect_out "extracted 17 statements, imported 0, linked 17, duplicates 0"
    run "$TRACKER" history --all --format json
    expect_eq "$(wc -l <<<"$out")" "17" "statements"
    expect_eq "$(grep -c '"how":"copy","source":"Yahoo News"' <<<"$out")" "17" "statements with a copy's report"
    # every direct quote: two reports, Reuters' and Yahoo News'
    expect_eq "$(grep -c '^{[^{]*"mode":"direct"' <<<"$out")" "8" "direct quotes"
    expect_eq "$(grep '^{[^{]*"mode":"direct"' <<<"$out" | grep '"how":"first","source":"Reuters"' | grep -c '"how":"copy","source":"Yahoo News"')" "8" "direct quotes with both reports"
    # idempotent: either source again adds nothing
    run "$TRACKER" extract --published 2017-07-20 --source "Yahoo News" --import "$SEED"
    expect_out "extracted 17 statements, imported 0, duplicates 17"
    run "$TRACKER" extract --published 2017-07-20 --source Reuters --import "$SEED"
    expect_out "extracted 17 statements, imported 0, duplicates 17"
    # --no-link keeps a third copy apart
    run "$TRACKER" extract --published 2017-07-20 --source AP --no-link --import "$SEED"
    expect_out "extracted 17 statements, imported 17, duplicates 0"
}

t_reimporting_adds_no_report_twice() {
    reports_seed "$FIX/trump_tweets_2017-07-08_to_10.csv"
    run "$TRACKER" import "$FIX/trump_tweets_2017-07-08_to_10.csv" --map id=tweet_id,date=created_at_utc,text=text --set "speaker=Donald Trump"
    expect_out "imported 0, duplicates 20, rejected 0"
    run "$TRACKER" extract --published 2017-07-20 --source Reuters --import "$SEED"
    expect_out "extracted 17 statements, imported 0, duplicates 17"
    run "$TRACKER" statements show 16 --format json
    [[ "$out" == *'"reports":[{"id":16,'*'{"id":33,'* && "$out" != *'"id":34,'* ]] || fail "reports of #16: $out"
    # an export imported into its own store lands nothing
    "$TRACKER" history --all --format jsonl >store.jsonl
    run "$TRACKER" import store.jsonl
    expect_out "imported 0, duplicates $(wc -l <store.jsonl), rejected 0"
}

t_links_by_hand_with_their_history() {
    run "$TRACKER" add --speaker "Donald Trump" --date 2017-07-10T00:45:13Z --source Twitter \
        --text "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen."
    run "$TRACKER" add --speaker "Donald Trump" --date 2017-07-21 --mode reported --source AP \
        --text "Trump said a cyber unit with Russia could not happen"
    run "$TRACKER" add --speaker "Vladimir Putin" --date 2017-07-21 --source TASS --text "We agreed on nothing."
    run "$TRACKER" statements link 1 2 --by ann --reason "AP paraphrases the tweet"
    expect_rc 0
    expect_out "#2 linked into #1 by ann: AP paraphrases the tweet
(run tracker scan: the findings of the statement are recomputed)"
    run "$TRACKER" statements show 1
    expect_out_has "  dates: the reports' dates do not meet; the statement takes the most precise report's
2 reports, in the order they came:"
    expect_out_has "  report 2 (manual)  2017-07-21  reported  AP"
    expect_out_has "links:
  2017-07-21 06:00 UTC  #2 linked into #1 by ann: AP paraphrases the tweet"
    run "$TRACKER" history "Donald Trump"
    expect_out_has "2 reports: Twitter; AP
    the reports' dates do not meet: the most precise one's is shown (tracker statements show 1)"
    run "$TRACKER" statements show 2
    expect_rc 0
    expect_out "no statement #2: its history
  2017-07-21 06:00 UTC  #2 linked into #1 by ann: AP paraphrases the tweet"
    run "$TRACKER" statements unlink 1 1 --by bo
    expect_rc 65
    expect_err "tracker: statements unlink: report 1 is statement #1's first, its own words: unlink the others instead"
    run "$TRACKER" statements unlink 1 2 --by bo --reason "not the same claim"
    expect_rc 0
    expect_out "report 2 of #1 is now statement #4 by bo: not the same claim
(run tracker scan: the findings of the statements are recomputed)"
    run "$TRACKER" statements show 1 --format json
    [[ "$out" == *'"date":"2017-07-10T00:45:13Z"'*'"date_conflict":false'*'"links":[{"at":"2017-07-21T06:00:00Z","by":"ann","action":"merged","how":"manual","statement":1,"report":null,"reason":"AP paraphrases the tweet","other":2},{"at":"2017-07-21T06:00:00Z","by":"bo","action":"unlinked","how":"manual","statement":1,"report":2,"reason":"not the same claim","other":4}]'* ]] ||
        fail "the history in JSON: $out"
    run "$TRACKER" statements link 1 3
    expect_rc 65
    expect_err "tracker: statements link: #1 and #3 have different speakers: a statement is one person's"
    run "$TRACKER" statements link 1 99
    expect_rc 65
    expect_err "tracker: statements link: no statement #99 (see tracker history or search)"
    run "$TRACKER" statements link 1
    expect_rc 64
    run "$TRACKER" statements show x
    expect_rc 64
}

t_reported_speech_is_suggested_never_linked() {
    cat >feed.jsonl <<'EOF'
{"speaker": "Donald Trump", "date": "2017-07-10T00:45:13Z", "source": "Twitter", "text": "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen."}
EOF
    cat >article.jsonl <<'EOF'
{"speaker": "Donald Trump", "date": "2017-07-01/2017-07-20", "source": "Reuters", "mode": "reported", "text": "discussing a Cyber Security unit with President Putin did not mean it can happen"}
{"speaker": "Donald Trump", "date": "2017-07-01/2017-07-20", "source": "Reuters", "mode": "reported", "text": "he would meet President Putin again"}
EOF
    run "$TRACKER" import feed.jsonl
    run "$TRACKER" import article.jsonl
    expect_out "imported 2, duplicates 0, rejected 0"
    run "$TRACKER" statements suggest
    expect_rc 0
    expect_out "#2 may be a report of #1 (78% of the words shared)
    discussing a Cyber Security unit with President Putin did not mean it can happen
    The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen.
    link them: tracker statements link 1 2 --reason TEXT"
    run "$TRACKER" statements link 1 2 --reason "the same words"
    run "$TRACKER" statements suggest
    expect_out "no suggestions"
}
