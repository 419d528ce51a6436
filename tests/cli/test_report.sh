# test_report.sh: tracker report on real stores: the window, new and open
# findings, formats, escaping, recording, exit codes, the browser test.

REPORT_RULES=$TRACKER_SRC/samples/rules

report_seed() {
    seed people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    seed import "$TRACKER_SRC/samples/statements.jsonl" >/dev/null
    seed scan --rules "$REPORT_RULES" >/dev/null
}

# The ids of the findings of a JSON report's section (new or open), one a line.
report_ids() {
    printf '%s\n' "$out" | sed -n "/^  \"$1_findings\": \[/,/^  \]/p" | grep -o '^    ,\?{"id":"[^"]*"' | grep -o '[rc]-[0-9a-f]*'
}

t_report_seed_new_findings_json() {
    report_seed
    run "$TRACKER" report --format json
    expect_rc 0
    head=$(printf '%s\n' "$out" | sed -n 1,8p)
    expect_eq "$head" '{
  "schema": "tracker-report/1",
  "generated_at": "2017-07-21T06:00:00Z",
  "run": 2,
  "window": {"since":"last","until":null,"from":null,"to":"2017-07-21T06:00:00Z","previous_report":null},
  "ingested": {"statements":15,"people":8,"sources":2},
  "scans": {"count":1,"last_started_at":"2017-07-21T06:00:00Z"},
  "new_findings": [' "the report's head"
    expect_eq "$(report_ids new | tr '\n' ' ')" "r-327a7e2888ba c-8d779389edbf " "new findings, most severe first"
    expect_out_has '    {"id":"r-327a7e2888ba","kind":"reversal","rule":"cyber_unit_reversal","topic":"cyber_unit","severity":"high","status":"new","order":"certain","first_seen_run":1,"last_seen_run":1,"gap":{"text":"12 h 54 min apart","overlap":false,"min_seconds":46489,"max_seconds":46489},"deciding":[10,11],"support":{"before":{"stance":"affirm","count":2,"first":9,"last":10,"from":"2017-07-01T00:00:00Z","to":"2017-07-09T11:50:24Z"},"after":{"stance":"deny","count":1,"first":11,"last":11,"from":"2017-07-10T00:45:13Z","to":"2017-07-10T00:45:13Z"}},"statements":[{"id":10,"feed_id":"884016887692234753","speaker":"Donald Trump","side":"US","role":"President of the United States","date":"2017-07-09T06:50:24-05:00","utc":"2017-07-09T11:50:24Z","precision":"second","earliest":"2017-07-09T11:50:24Z","latest":"2017-07-09T11:50:24Z","mode":"direct","text":"Putin & I discussed forming an impenetrable Cyber Security unit so that election hacking, & many other negative things, will be guarded..","stance":"affirm","cue":"forming","cue_span":[20,27],"negation":null,"hedge":null,"source":"Twitter","url":null,"deciding":true},{"id":11,'
    # The RU / US dispute on the talks: every statement of both sides, the
    # nearest opposing pair (Lukash's interval overlaps Bossert's) deciding.
    expect_out_has '{"id":"c-8d779389edbf","kind":"contradiction","rule":"cyber_talks_dispute","topic":"cyber_talks","severity":"medium","status":"new","order":"uncertain","first_seen_run":1,"last_seen_run":1,"gap":{"text":"overlapping dates","overlap":true,"min_seconds":0,"max_seconds":1641599},"deciding":[3,6],"support":{"sides":[{"side":"RU","stance":"affirm","count":3,"first":3,"last":2,"from":"2017-07-01T00:00:00Z","to":"2017-07-20T23:59:59Z"},{"side":"US","stance":"deny","count":2,"first":6,"last":4,"from":"2017-07-15T00:00:00Z","to":"2017-07-20T23:59:59Z"}]},"statements":[{"id":3,"feed_id":null,"speaker":"Svetlana Lukash","side":"RU","role":"Russian G20 sherpa","date":"2017-07-01/2017-07-19"'
    expect_out_has '"speaker":"U.S. and European intelligence and security officials","side":"US","role":null,"date":"2017-07-20","utc":"2017-07-20","precision":"day","earliest":"2017-07-20T00:00:00Z","latest":"2017-07-20T23:59:59Z","mode":"reported","text":"they were not participating in the talks, which they said were confined to mid-level political officials","stance":"deny","cue":"participating","cue_span":[14,27],"negation":"not"'
    expect_out_has '{"id":6,"feed_id":null,"speaker":"Thomas Bossert","side":"US","role":"Homeland Security Adviser","date":"2017-07-15/2017-07-16","utc":"2017-07-15/2017-07-16","precision":"interval","earliest":"2017-07-15T00:00:00Z","latest":"2017-07-16T23:59:59Z"'
    expect_out_has '  "acknowledged_findings": [],'
    expect_out_has '  "activity": [
    {"person":"Donald Trump","kind":"person","side":"US","statements":3,"direct":2,"reported":1,"earliest":"2017-07-01T00:00:00Z","latest":"2017-07-19T23:59:59Z","new_findings":1},'
    tail=$(printf '%s\n' "$out" | tail -n 3)
    hash=$("$TRACKER" rules explain --rules "$REPORT_RULES" --format json x | grep -o '"ruleset":"[0-9a-f]*"' | cut -d'"' -f4)
    expect_eq "${#hash}" 64 "the rule set hash's length"
    expect_eq "$tail" '  "ruleset": "'"$hash"'",
  "counts": {"new":2,"open":0,"acknowledged":0,"dismissed":0,"stale":0,"findings":2,"people":11,"statements":15}
}' "the report's tail"
    # One valid JSON document (SQLite's JSON1 parses it).
    printf '%s\n' "$out" >report.json
    expect_eq "$(sqlite3 :memory: "SELECT json_valid(readfile('report.json')), json_extract(readfile('report.json'), '\$.schema')")" \
        "1|tracker-report/1" "one JSON document"
    # The report ran as run 2 and made its findings open.
    run "$TRACKER" findings list --status open --format json
    expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2 "open findings after the report"
}

t_report_second_since_last_shows_no_new() {
    report_seed
    run "$TRACKER" report
    expect_out_has "Findings: 2 new, 0 open, 0 acknowledged"
    run "$TRACKER" report --format json
    expect_rc 0
    expect_out_has '"window": {"since":"last","until":null,"from":"2017-07-21T06:00:00Z","to":"2017-07-21T06:00:00Z","previous_report":2},'
    expect_out_has '"ingested": {"statements":0,"people":0,"sources":0},'
    expect_out_has '  "new_findings": [],'
    expect_eq "$(report_ids open | wc -l | tr -d ' ')" 2 "open findings in the second report"
    expect_out_has '"status":"open","order":"certain"'
    expect_out_has '"counts": {"new":0,"open":2,"acknowledged":0,"dismissed":0,"stale":0,"findings":2,"people":11,"statements":15}'
    # A statement added since, and the scan that sees it: one new finding.
    "$TRACKER" add --speaker Trump --date 2017-07-12 --text "We discussed forming a Cyber Security unit." >/dev/null
    "$TRACKER" scan --rules "$REPORT_RULES" >/dev/null
    run "$TRACKER" report
    expect_out_has "Ingested: 1 statement by 1 person from 0 sources"
    expect_out_has "Findings: 1 new, 2 open, 0 acknowledged"
    expect_out_has "1. r-"
    expect_out_has "   Donald Trump: deny (1 statement, 2017-07-10), then affirm (1 statement, 2017-07-12)"
    expect_out_has "2 days apart"
    expect_out_has "   Donald Trump (US): 1 statement (1 direct, 0 reported), dated 2017-07-12; in 1 new finding"
    # An acknowledged finding is listed apart, or not at all.
    "$TRACKER" findings ack c-8d7 >/dev/null
    run "$TRACKER" report --dry-run
    expect_out_has "Findings: 0 new, 2 open, 1 acknowledged"
    expect_out_has "== Acknowledged findings (1) ==

1. c-8d779389edbf  contradiction on cyber_talks  [medium]  rule cyber_talks_dispute  (acknowledged)
   RU affirms (3 statements, 2017-07-01 to 2017-07-20) against US denies (2 statements, 2017-07-15 to 2017-07-20)
   nearest opposing pair: overlapping dates; order: uncertain
   RU, deciding: Svetlana Lukash (RU, Russian G20 sherpa)"
    expect_out_has "   US:      U.S. and European intelligence and security officials (US)"
    run "$TRACKER" report --dry-run --hide-acknowledged
    expect_out_lacks "Acknowledged findings"
    expect_out_lacks "c-8d779389edbf"
}

t_report_empty_store() {
    "$TRACKER" init >/dev/null
    run "$TRACKER" report
    expect_rc 0
    expect_out 'Consistency report, 2017-07-21 06:00 UTC (run 1)
Window: everything until 2017-07-21 06:00 UTC (no earlier report)
Ingested: 0 statements by 0 people from 0 sources
Scans: none in this window
Findings: 0 new, 0 open, 0 acknowledged

== New findings (0) ==
   none

== Open findings (0) ==
   none

== Acknowledged findings (0) ==
   none

== Activity per person ==
   nobody: nothing ingested in this window

--
Rule set: none (never scanned)
Store: 0 people, 0 statements, 0 findings (0 new, 0 open, 0 acknowledged, 0 dismissed, 0 stale)'
    for f in markdown json html; do
        run "$TRACKER" report --dry-run --format $f
        expect_rc 0
    done
    run "$TRACKER" report --dry-run --format json
    expect_out '{
  "schema": "tracker-report/1",
  "generated_at": "2017-07-21T06:00:00Z",
  "run": null,
  "window": {"since":"last","until":null,"from":"2017-07-21T06:00:00Z","to":"2017-07-21T06:00:00Z","previous_report":1},
  "ingested": {"statements":0,"people":0,"sources":0},
  "scans": {"count":0,"last_started_at":null},
  "new_findings": [],
  "open_findings": [],
  "acknowledged_findings": [],
  "activity": [],
  "ruleset": null,
  "counts": {"new":0,"open":0,"acknowledged":0,"dismissed":0,"stale":0,"findings":0,"people":0,"statements":0}
}'
}

t_report_store_without_findings() {
    "$TRACKER" add --speaker "Rob Joyce" --date 2017-07-19 --text "Nothing to see here." >/dev/null
    "$TRACKER" scan --rules "$REPORT_RULES" >/dev/null
    run "$TRACKER" report --format markdown
    expect_rc 0
    expect_out_has '**Findings:** 0 new, 0 open, 0 acknowledged'
    expect_out_has '## New findings (0)

None.'
    expect_out_has '| Rob Joyce |  | 1 | 1 | 0 | 2017-07-19 | 0 |'
}

t_report_fail_on_new() {
    report_seed
    run "$TRACKER" report --fail-on-new --format markdown
    expect_rc 1
    expect_out_has "## New findings (2)"
    run "$TRACKER" report --fail-on-new
    expect_rc 0
    expect_out_has "Findings: 0 new, 2 open, 0 acknowledged"
}

t_report_output_file() {
    report_seed
    run "$TRACKER" report --format html --output out/report.html
    expect_rc 74
    expect_err_has "cannot write out/report.html"
    run "$TRACKER" report --format markdown --output report.md --fail-on-new
    expect_rc 1
    expect_out "wrote report.md: 2 new findings, 0 open"
    [ "$(head -n 1 report.md)" = "# Consistency report, 2017-07-21 06:00 UTC" ] || fail "report.md: $(head -n 3 report.md)"
    [ -z "$(ls report.md.tmp.* 2>/dev/null)" ] || fail "a temporary file was left behind"
}

t_report_is_deterministic() {
    report_seed
    for f in text markdown json html; do
        "$TRACKER" report --dry-run --format $f >a.$f
        "$TRACKER" report --dry-run --format $f >b.$f
        cmp -s a.$f b.$f || fail "two $f reports of one store differ"
    done
}

t_report_since_date_and_until() {
    report_seed
    run "$TRACKER" report --since 2017-07-22 --format json
    expect_rc 0
    expect_out_has '"run": null,'
    expect_out_has '"window": {"since":"2017-07-22","until":null,"from":"2017-07-22T00:00:00Z","to":"2017-07-21T06:00:00Z","previous_report":null},'
    expect_out_has '"counts": {"new":0,"open":2,'
    run "$TRACKER" report --since 2017-07-21 --until 2017-07-21 --format json
    expect_out_has '"ingested": {"statements":15,"people":8,"sources":2},'
    expect_out_has '"counts": {"new":2,"open":0,'
    run "$TRACKER" report --since 2017-07-21 --until 2017-07-20
    expect_rc 64
    run "$TRACKER" report --since yesterday
    expect_rc 64
    run "$TRACKER" report --format pdf
    expect_rc 64
    # Look-backs record nothing: the first --since last report sees all as new.
    run "$TRACKER" report --format json
    expect_out_has '"run": 2,'
    expect_out_has '"counts": {"new":2,'
}

t_report_dismissed_and_stale_are_left_out() {
    report_seed
    "$TRACKER" findings dismiss c-8d779389edbf --reason "different talks" >/dev/null
    run "$TRACKER" report --format json
    expect_out_lacks 'c-8d779389edbf'
    expect_out_has '"counts": {"new":1,"open":0,"acknowledged":0,"dismissed":1,"stale":0,"findings":2,'
    # A rule set that no longer finds the reversal makes it stale.
    cp -r "$REPORT_RULES" changed
    sed -i 's/window 30d/window 1h/' changed/seed.rules
    "$TRACKER" scan --rules changed >/dev/null
    run "$TRACKER" report
    expect_out_has "Findings: 0 new, 0 open, 0 acknowledged"
    expect_out_has "Store: 11 people, 15 statements, 2 findings (0 new, 0 open, 0 acknowledged, 1 dismissed, 1 stale)"
}

t_report_markdown_escaping() {
    report_seed
    "$TRACKER" report >/dev/null
    "$TRACKER" add --speaker Trump --date 2017-07-12 --source 'Wire | <b>x</b>' --url 'https://example.com/a b(c)' \
        --text 'Putin & I discussed *forming* a [Cyber Security unit](http://x) | _now_ <b>bold</b> `tick` ~x~ #1 &amp;' >/dev/null
    "$TRACKER" scan --rules "$REPORT_RULES" >/dev/null
    run "$TRACKER" report --format markdown
    expect_out_has '| **Quote** | direct: “The fact that President Putin and I discussed a Cyber Security unit doesn'"'"'t mean I think it can happen. It **can'"'"'t**-but a ceasefire can,& did!” | direct: “Putin & I discussed \***forming**\* a \[Cyber Security unit\](http://x) \| \_now\_ \<b\>bold\</b\> \`tick\` \~x\~ \#1 \&amp;” |'
    expect_out_has '| **Where** | Twitter (feed id 884211874518192128) | [Wire \| \<b\>x\</b\>](https://example.com/a%20b%28c%29) |'
}

t_report_html_escaping() {
    report_seed
    "$TRACKER" add --speaker Trump --date 2017-07-12 --source 'Wire <b>x</b>' --url 'javascript:alert(1)' \
        --text 'Putin & I discussed forming a Cyber Security unit <script>alert(1)</script> <img src=x onerror=alert(1)> "q" '"'"'s'"'" >/dev/null
    "$TRACKER" scan --rules "$REPORT_RULES" >/dev/null
    run "$TRACKER" report --format html
    expect_rc 0
    expect_out_has 'Putin &amp; I discussed <mark>forming</mark> a Cyber Security unit &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &quot;q&quot; &#39;s&#39;</blockquote>'
    expect_out_has 'direct quote · Wire &lt;b&gt;x&lt;/b&gt;, javascript:alert(1)</p>'
    expect_out_lacks '<script'
    expect_out_lacks '<img'
    expect_out_lacks 'href="javascript'
    [ "$(printf '%s\n' "$out" | grep -c '<svg class="timeline"')" = 3 ] || fail "expected 3 timelines"
}

t_report_text_colour_only_on_a_terminal() {
    report_seed
    run "$TRACKER" report --dry-run
    [[ "$out" != *$'\033'* ]] || fail "escape codes in text written to a file"
    expect_out_has '»forming«'
    if command -v script >/dev/null; then
        NO_COLOR= script -qec "$TRACKER report --dry-run" /dev/null >tty.out 2>&1
        grep -q $'\033\\[1;4mforming' tty.out || fail "no colour on a terminal"
        NO_COLOR=1 script -qec "$TRACKER report --dry-run" /dev/null >tty2.out 2>&1
        ! grep -q $'\033' tty2.out || fail "colour despite NO_COLOR"
    fi
}

t_report_browser() {
    heavy || return
    "$TRACKER_SRC/tests/browser/run.sh" "$TRACKER" "$TRACKER_SRC" >browser.out 2>&1
    rc=$?
    if [ "$rc" = 77 ]; then
        skip "$(tail -n 1 browser.out)"
    elif [ "$rc" != 0 ]; then
        fail "browser test: $(cat browser.out)"
    fi
}

t_report_nightly_script() {
    mkdir feeds && cp "$TRACKER_SRC/samples/statements.jsonl" feeds/
    export TRACKER_DB=$PWD/n.db TRACKER_RULES=$REPORT_RULES REPORT_DATE=2017-07-21 REPORT_DIR=out
    "$TRACKER" people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    run "$TRACKER_SRC/samples/nightly.sh" feeds
    expect_rc 1
    expect_err "nightly: NEW FINDINGS: see out/report-2017-07-21.html (or out/report-2017-07-21.md)"
    [ -s out/report-2017-07-21.html ] && [ -s out/report-2017-07-21.md ] || fail "dated reports missing: $(ls out)"
    grep -q '^## New findings (2)$' out/report-2017-07-21.md || fail "the Markdown report lacks the new findings"
    # One recorded run wrote both: both name the same run.
    grep -q 'report run 2' out/report-2017-07-21.html || fail "the HTML is not the recorded run"
    grep -q 'report run 2' out/report-2017-07-21.md || fail "the Markdown is not the recorded run"
    # A second night on the same day is archived beside the first, never over it.
    run "$TRACKER_SRC/samples/nightly.sh" feeds
    expect_rc 0
    expect_err "nightly: no new findings; wrote out/report-2017-07-21-2.html and out/report-2017-07-21-2.md"
    grep -q '^## New findings (2)$' out/report-2017-07-21.md || fail "the first night's report was overwritten"
    grep -q '^## New findings (0)$' out/report-2017-07-21-2.md || fail "the second night shows new findings"
    expect_eq "$(ls out | tr '\n' ' ')" "latest.html latest.md report-2017-07-21-2.html report-2017-07-21-2.md report-2017-07-21.html report-2017-07-21.md " "the reports kept"
    expect_eq "$(readlink out/latest.md)" "report-2017-07-21-2.md" "latest.md"
}

# The nightly job with a feeds file: the real tweets with their import
# options (map, set, tz, url template), as the README's cron line runs it.
t_nightly_with_a_feeds_file() {
    printf '%s\n' '# the desk'"'"'s feeds' '[feed trump-tweets]' 'path = tweets/*.csv' \
        'map = text=text,date=date_us_central,id=tweet_id' 'set = speaker=Donald Trump' \
        'set = source=Twitter' 'tz = America/Chicago' \
        'url-template = https://twitter.com/realDonaldTrump/status/{id}' >feeds.conf
    mkdir tweets && cp "$FIX/trump_tweets_2017-07-08_to_10.csv" tweets/
    export TRACKER_DB=$PWD/n.db TRACKER_RULES=$REPORT_RULES REPORT_DATE=2017-07-21 REPORT_DIR=reports
    run "$TRACKER_SRC/samples/nightly.sh" --feeds feeds.conf
    expect_rc 1
    expect_out "feed trump-tweets: imported 20, duplicates 0, rejected 0 (1 file)
imported 20, duplicates 0, rejected 0"
    expect_err "nightly: NEW FINDINGS: see reports/report-2017-07-21.html (or reports/report-2017-07-21.md)"
    grep -q 'https://twitter.com/realDonaldTrump/status/884211874518192128' reports/report-2017-07-21.md ||
        fail "the report lacks the tweet's URL from the feed's url-template"
    grep -q '2017-07-10 00:45:13 UTC (given as 2017-07-09T19:45:13-05:00)' reports/report-2017-07-21.md ||
        fail "the tweet's time was not read in the feed's zone"
    # TRACKER_FEEDS names it too; the second night lands nothing new.
    TRACKER_FEEDS=feeds.conf run "$TRACKER_SRC/samples/nightly.sh"
    expect_rc 0
    expect_out "feed trump-tweets: imported 0, duplicates 20, rejected 0 (1 file)
imported 0, duplicates 20, rejected 0"
    [ -s reports/report-2017-07-21-2.md ] || fail "the second night's report is missing: $(ls reports)"
}

# The demo: the article and the two real tweets, the story's own rules, one
# recorded report printed and written as HTML; every command it logs can be
# pasted into a shell as it is.
t_demo_runs_and_logs_commands_that_paste() {
    heavy || return
    export DEMO_DB=$PWD/demo.db DEMO_HTML=$PWD/report.html
    run bash "$TRACKER_SRC/samples/demo.sh" "$TRACKER"
    expect_rc 0
    expect_out_has "Findings: 4 new, 0 open, 0 acknowledged"
    # the tweets' reversal: exact times, a certain order
    expect_out_has "reversal on cyber_unit  [high]  rule cyber_unit_reversal
   Donald Trump: affirm (1 statement, 2017-07-09), then deny (1 statement, 2017-07-10)
   12 h 54 min apart
   earlier: Donald Trump (US, President of the United States)
     when:   2017-07-09 11:50:24 UTC (given as 2017-07-09T06:50:24-05:00)"
    expect_out_has "wrote $PWD/report.html: 4 new findings, 0 open"
    expect_err_has "# The rules: samples/rules/seed.rules, the seed story's own rule set"
    grep -q 'https://twitter.com/realDonaldTrump/status/884211874518192128' report.html || fail "the HTML lacks the tweet"
    local first=$out
    # paste the logged commands into a shell: the same report
    grep '^\$ tracker ' <<<"$err" | sed 's/^\$ //' >commands.sh
    expect_eq "$(wc -l <commands.sh)" "6" "commands logged"
    mkdir bin && ln -s "$TRACKER" bin/tracker
    rm -f demo.db demo.db-wal demo.db-shm report.html
    run env PATH="$PWD/bin:$PATH" bash -e commands.sh
    expect_rc 0
    expect_eq "$(printf '%s\n' "$out" | sed -n '/^Consistency report/,$p')" "$first" "the pasted commands' report"
}
