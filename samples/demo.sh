#!/usr/bin/env bash
# demo.sh: the main job on the seed story, from raw text to the report: a
# fresh store (build/demo.db), the people registry, the Reuters article of
# 20 July 2017 extracted and imported, Donald Trump's two real tweets of 9
# July 2017 imported beside it, a scan with the story's own rule set, and the
# consistency report, printed as text and written as HTML (report.html in the
# current directory) from one recorded run.  Every command is logged as it
# can be pasted.
# Usage: samples/demo.sh [TRACKER]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tracker=${1:-$here/../build/tracker}
db=${DEMO_DB:-$(cd "$here/.." && pwd)/build/demo.db}
html=${DEMO_HTML:-$PWD/report.html}
rm -f "$db" "$db-wal" "$db-shm"
# An argument as a shell reads it back: as it is when it is plain, else in
# single quotes.
quote() {
    case $1 in
        *[!A-Za-z0-9_./:=,+@%-]* | '') printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
        *) printf '%s' "$1" ;;
    esac
}
run() {
    printf '$ tracker --db %s' "$(quote "$db")" >&2
    for a in "$@"; do printf ' %s' "$(quote "$a")" >&2; done
    printf '\n' >&2
    "$tracker" --db "$db" "$@"
}
say() { printf '# %s\n' "$@" >&2; }
run init >&2
run people import "$here/people.jsonl" >&2
say "The article (Reuters, 20 July 2017): its statements, dated by its own words ('earlier this month', 'later')."
run extract --published 2017-07-20 --source Reuters --title "Moscow and Washington in talks on cyber working group, says Russia" \
    --import "$here/articles/reuters-2017-07-20-us-russia-cyber.txt" >&2
say "The two real tweets of 9 July 2017 (samples/README.md says where they come from), to the second."
run import --url-template 'https://twitter.com/realDonaldTrump/status/{id}' "$here/tweets.jsonl" >&2
say "The rules: samples/rules/seed.rules, the seed story's own rule set, written from this article and these" \
    "tweets: a sample of the rule language, not a general one (a desk writes its own; there is no default)."
run scan --rules "$here/rules" >&2
say "The reversal between the tweets has exact times and a certain order; the article's copies of Trump's" \
    "words are dated only as the article dates them, so the reversals they take part in are 'order: uncertain'."
run report --output "$html" --output -
