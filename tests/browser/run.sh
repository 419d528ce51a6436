#!/usr/bin/env bash
# run.sh: opens the HTML report in headless Chromium and checks what a
# reader's browser makes of it: the findings and their SVG timelines
# render, and statements holding <script> and <img onerror> stay text.
# Screenshots (wide and phone-sized) are kept under tests/artifacts/.
#
# Usage: tests/browser/run.sh TRACKER [SRC]
# Exit: 0 pass, 1 fail, 77 skipped (no chromium and it cannot be installed).
set -u
tracker=${1:?usage: run.sh TRACKER [SRC]}
src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
art=${ARTIFACTS:-$src/tests/artifacts}

chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chromium" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "tests/browser: installing chromium" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1
    chromium=$(command -v chromium || true)
fi
if [ -z "$chromium" ]; then
    echo "tests/browser: chromium is not installed (apt-get install chromium)" >&2
    exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TRACKER_DB=$work/tracker.db TRACKER_NOW=2017-07-21T06:00:00Z NO_COLOR=1
fail=0
bad() { echo "tests/browser: FAIL: $*" >&2; fail=1; }

"$tracker" people import "$src/samples/people.jsonl" >/dev/null &&
"$tracker" import "$src/samples/statements.jsonl" >/dev/null &&
"$tracker" add --speaker "Donald Trump" --date 2017-07-12 --source 'Wire <b>x</b>' \
    --text 'Putin & I discussed forming a Cyber Security unit <script>alert(1)</script> and <img src=x onerror=alert(1)> "quoted" '"'"'single'"'" >/dev/null &&
"$tracker" scan --rules "$src/samples/rules" >/dev/null &&
"$tracker" report --format html --output "$work/report.html" >/dev/null || { bad "building the report"; exit 1; }

# The profile in a throwaway directory; no network, no first-run UI.
chrome() {
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>>"$work/chrome.log"
}

chrome --dump-dom "file://$work/report.html" >"$work/dom.html"
[ -s "$work/dom.html" ] || { bad "chromium dumped no DOM"; sed -n 1,20p "$work/chrome.log" >&2; exit 1; }
dom=$(cat "$work/dom.html")
count() { grep -o "$1" "$work/dom.html" | wc -l | tr -d ' '; }

# Three findings (the seed's reversal and dispute, and the reversal the
# injected statement makes), each with a timeline.
[ "$(count '<article class="finding')" = 3 ] || bad "expected 3 finding articles, got $(count '<article class="finding')"
[ "$(count '<svg class="timeline"')" = 3 ] || bad "expected 3 timelines, got $(count '<svg class="timeline"')"
[ "$(count '<circle ')" -ge 3 ] || bad "instants are not drawn as dots"
[ "$(count '<rect ')" -ge 5 ] || bad "uncertain dates are not drawn as ranges"
[[ "$dom" == *'id="r-327a7e2888ba"'* ]] || bad "Trump's reversal is missing"
# The dispute shows every statement of both sides.
for who in 'Svetlana Lukash' 'Thomas Bossert' 'Andrey Krutskikh' 'U.S. and European intelligence and security officials'; do
    [[ "$dom" == *'id="c-8d779389edbf"'*"$who"* ]] || bad "the RU / US dispute lacks $who"
done
[[ "$dom" == *'<mark>forming</mark>'* ]] || bad "the deciding cue is not marked"
# The injected markup is text: escaped in the DOM, no element made of it.
[[ "$dom" == *'&lt;script&gt;alert(1)&lt;/script&gt;'* ]] || bad "the <script> quote is not shown as text"
[[ "$dom" == *'&lt;img src=x onerror=alert(1)&gt;'* ]] || bad "the <img> quote is not shown as text"
[[ "$dom" == *'Wire &lt;b&gt;x&lt;/b&gt;'* ]] || bad "the source name is not escaped"
[ "$(count '<script')" = 0 ] || bad "the DOM holds a <script> element"
[ "$(count '<img')" = 0 ] || bad "the DOM holds an <img> element"
[ "$(count '<b>')" = 0 ] || bad "the DOM holds a <b> element from a statement"
# Self-contained: nothing to fetch.
grep -Eq '<link |<script|@import|url\(' "$work/report.html" && bad "the report refers to external assets or scripts"

mkdir -p "$art"
chrome --hide-scrollbars --window-size=1280,2600 --screenshot="$art/report-wide.png" "file://$work/report.html" >/dev/null
chrome --hide-scrollbars --window-size=390,2600 --screenshot="$art/report-phone.png" "file://$work/report.html" >/dev/null
cp "$work/report.html" "$art/report.html"
for p in report-wide report-phone; do
    [ -s "$art/$p.png" ] || bad "no screenshot $p.png"
done
[ "$fail" = 0 ] && echo "tests/browser: ok (screenshots in $art)"
exit "$fail"
