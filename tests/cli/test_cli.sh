# test_cli.sh: the command line itself: help generated from the option
# tables, suggestions, one error style, the manual pages, the completions,
# wrapping to a terminal, time zones on the read commands, the rule set
# the user must name.

CLI_RULES=$TRACKER_SRC/samples/rules

# Every command and subcommand, as the tables name them.
all_commands() {
    printf '%s\n' init import add extract "people import" "people list" "people show" "people alias" \
        history search scan "findings list" "findings show" "findings log" "findings ack" \
        "findings dismiss" "findings reopen" "findings export" "rules test" "rules lint" \
        "rules explain" "rules diff" "rules fmt" report check backup help version
}

t_help_for_every_command_and_subcommand() {
    local c
    while read -r c; do
        # shellcheck disable=SC2086
        run "$TRACKER" $c --help
        expect_rc 0
        expect_out_has "usage: tracker $c"
        local a=$out
        # shellcheck disable=SC2086
        run "$TRACKER" help $c
        expect_rc 0
        expect_eq "$out" "$a" "tracker help $c is tracker $c --help"
        # pipes get lines of at most 80 columns
        [ "$(printf '%s\n' "$a" | wc -L)" -le 80 ] ||
            fail "$c --help has a line over 80 columns"
    done < <(all_commands)
    # a group's help lists its subcommands
    run "$TRACKER" findings --help
    expect_out_has "Subcommands:
  list     the findings the current rule set still finds"
    run "$TRACKER" help
    expect_rc 0
    expect_eq "$out" "$("$TRACKER" --help)" "tracker help is tracker --help"
    expect_out_has "  version   print the version (also --version, -V)"
    run "$TRACKER" version
    expect_eq "$out" "$("$TRACKER" --version)" "tracker version"
    expect_out_has "tracker 0."
}

t_typos_get_the_nearest_name() {
    run "$TRACKER" imprt x.csv
    expect_rc 64
    expect_err "tracker: unknown command 'imprt'; did you mean 'import'?
Run 'tracker help' for the commands and the global options."
    run "$TRACKER" histroy Trump
    expect_err_has "did you mean 'history'?"
    run "$TRACKER" findings shw r-1
    expect_rc 64
    expect_err "tracker: findings: unknown subcommand 'shw'; did you mean 'show'?
Try 'tracker findings --help'."
    run "$TRACKER" history Trump --form json
    expect_rc 64
    expect_err "tracker: history: unknown option '--form'; did you mean '--format'?
Try 'tracker history --help'."
    run "$TRACKER" import --strct x.csv
    expect_err_has "unknown option '--strct'; did you mean '--strict'?"
    run "$TRACKER" --dbb x.db init
    expect_err "tracker: unknown option '--dbb'; did you mean '--db'?
Run 'tracker help' for the commands and the global options."
    run "$TRACKER" help findings shw
    expect_err_has "tracker: help: no subcommand 'shw'; did you mean 'show'?"
    run "$TRACKER" frobnicate
    expect_err "tracker: unknown command 'frobnicate'
Run 'tracker help' for the commands and the global options."
}

t_one_error_style_for_options_and_values() {
    run "$TRACKER" findings list --status bogus
    expect_rc 64
    expect_err "tracker: findings list: --status: unknown value 'bogus' (expected new, open, acknowledged or dismissed)
Try 'tracker findings list --help'."
    run "$TRACKER" findings list --status opne
    expect_err_has "(expected new, open, acknowledged or dismissed); did you mean 'open'?"
    run "$TRACKER" history Trump --format
    expect_err "tracker: history: --format needs a value (text, json, jsonl or csv)
Try 'tracker history --help'."
    run "$TRACKER" init --shared=yes
    expect_err "tracker: init: --shared takes no value (given 'yes')
Try 'tracker init --help'."
    run "$TRACKER" findings
    expect_err "tracker: findings: expected a subcommand: list, show, log, ack, dismiss, reopen or export
Try 'tracker findings --help'."
    # options go anywhere, before the subcommand too; -- ends them
    seed add --speaker Ann --date 2017 --text "-dash text" >/dev/null
    run "$TRACKER" findings --format json list
    expect_rc 0
    run "$TRACKER" search -- -dash
    expect_rc 0
    expect_out_has "»dash« text"
}

t_report_window_errors() {
    seed people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    seed import "$TRACKER_SRC/samples/statements.jsonl" >/dev/null
    seed scan --rules "$CLI_RULES" >/dev/null
    run "$TRACKER" report --since yesterday
    expect_rc 64
    expect_err "tracker: report: --since: 'yesterday' is neither 'last' nor a date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])
Try 'tracker report --help'."
    run "$TRACKER" report --since 2017-07-20 --until 2016-01-01
    expect_rc 64
    expect_err_has "--until 2016-01-01 is before --since 2017-07-20: the window would end before it starts"
    seed report >/dev/null
    run "$TRACKER" report --until 2016-01-01
    expect_rc 64
    expect_err "tracker: report: --until 2016-01-01 is before the window's start, the previous report (run 2, 2017-07-21 06:00 UTC): give --since DATE as well
Try 'tracker report --help'."
    run "$TRACKER" report --format json --output r.md
    expect_rc 64
    expect_err_has "--format json, but --output r.md is markdown by its extension"
}

t_report_writes_several_formats_from_one_run() {
    seed people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    seed import "$TRACKER_SRC/samples/statements.jsonl" >/dev/null
    seed scan --rules "$CLI_RULES" >/dev/null
    run "$TRACKER" report --output a.html --output a.md --output a.json --output a.txt
    expect_rc 0
    expect_out "wrote a.html, a.md, a.json, a.txt: 2 new findings, 0 open"
    # each file in its extension's format, all of one recorded run
    expect_eq "$(head -c 15 a.html)" "<!DOCTYPE html>" "a.html"
    expect_eq "$(head -n 1 a.md)" "# Consistency report, 2017-07-21 06:00 UTC" "a.md"
    expect_eq "$(jq -r '.schema + " " + (.run|tostring) + " " + (.counts.new|tostring)' a.json)" "tracker-report/1 2 2" "a.json"
    expect_eq "$(head -n 1 a.txt)" "Consistency report, 2017-07-21 06:00 UTC (run 2)" "a.txt"
    expect_eq "$(sqlite3 tracker.db "select count(*) from runs where kind='report'")" "1" "report runs"
    # the new findings are open now: the next report has none
    run "$TRACKER" report --output b.md
    expect_out "wrote b.md: 0 new findings, 2 open"
    # --output r.md is Markdown, not text
    expect_eq "$(head -n 1 b.md)" "# Consistency report, 2017-07-21 06:00 UTC" "b.md"
}

t_read_commands_show_times_in_a_zone() {
    seed people import "$TRACKER_SRC/samples/people.jsonl" >/dev/null
    seed import "$TRACKER_SRC/samples/statements.jsonl" >/dev/null
    seed scan --rules "$CLI_RULES" >/dev/null
    run "$TRACKER" people list
    expect_out_has "Donald Trump                     person    US          3 statements  2017-07-01 to 2017-07-10"
    # the second tweet was 19:45 on 9 July in Chicago: its day there
    TRACKER_TZ=America/Chicago run "$TRACKER" people list
    expect_out_has "Donald Trump                     person    US          3 statements  2017-07-01 to 2017-07-09"
    run "$TRACKER" findings list --tz America/Chicago --kind reversal
    expect_out_has "  * 2017-07-09 06:50:24 -05:00 Donald Trump (US)  affirm »forming«  #10 feed 884016887692234753
  * 2017-07-09 19:45:13 -05:00 Donald Trump (US)  deny »can't«  #11 feed 884211874518192128"
    # --from/--to days are the zone's: 9 July in Chicago holds both tweets
    run "$TRACKER" history Trump --tz America/Chicago --from 2017-07-09 --to 2017-07-09 --format json
    # (the first is dated 1 to 19 July: it meets any day of it)
    expect_eq "$(printf '%s\n' "$out" | jq -r .feed_id | tr '\n' ' ')" "null 884016887692234753 884211874518192128 " "9 July in Chicago"
    run "$TRACKER" history Trump --from 2017-07-09 --to 2017-07-09 --format json
    expect_eq "$(printf '%s\n' "$out" | jq -r .feed_id | tr '\n' ' ')" "null 884016887692234753 " "9 July in UTC"
    run "$TRACKER" report --dry-run --tz Europe/Moscow
    expect_out_has "Consistency report, 2017-07-21 09:00 +03:00"
    run "$TRACKER" history Trump --tz Mars/Olympus
    expect_rc 64
    expect_err_has "tracker: history: --tz (or \$TRACKER_TZ): unknown time zone 'Mars/Olympus'"
}

t_rules_are_the_users() {
    seed add --speaker Ann --date 2017 --text "x" >/dev/null
    run "$TRACKER" scan
    expect_rc 78
    expect_err_has "tracker: scan: no rule set: name one with --rules PATH (a rule file or a directory of *.rules) or \$TRACKER_RULES, or install the desk's rules as "
    expect_err_has "the seed story's rules are a sample, not a default (in the source tree: --rules samples/rules)"
    expect_eq "$(printf '%s\n' "$err" | wc -l)" "1" "the error is printed once"
    run "$TRACKER" rules test
    expect_rc 78
    # a missing rule set is said once
    run "$TRACKER" scan --rules nosuch.rules
    expect_rc 66
    expect_eq "$(printf '%s\n' "$err" | grep -c 'nosuch.rules')" "1" "a missing rule file is named once"
    # installed: the binary finds its data and the configured rule set from its own place
    mkdir -p prefix/bin prefix/share/tracker prefix/etc/tracker
    cp "${TRACKER_BIN:-$TRACKER}" prefix/bin/tracker  # the binary, not memcheck's wrapper
    cp -r "$TRACKER_SRC/rules/lexicon" "$TRACKER_SRC/rules/attribution" prefix/share/tracker/
    run prefix/bin/tracker rules test
    expect_rc 78
    expect_err_has "or install the desk's rules as $PWD/prefix/etc/tracker/rules;"
    ln -s "$CLI_RULES" prefix/etc/tracker/rules
    run prefix/bin/tracker rules test
    expect_rc 0
    expect_out_has "23 examples, 23 passed, 0 failed"
}

t_manual_pages_render() {
    command -v man >/dev/null || { skip "no man (make deps installs man-db)"; return; }
    run "$TRACKER" help --format man
    expect_rc 0
    printf '%s\n' "$out" >tracker.1
    run env MANWIDTH=80 man --warnings -l tracker.1
    expect_rc 0
    expect_err ""
    expect_out_has "TRACKER(1)"
    local c
    for section in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
        expect_out_has "
$section
"
    done
    # every command and every option of the tables is in the manual
    while read -r c; do
        expect_out_has "tracker $c"
    done < <(all_commands)
    for o in $(grep -o -- '--[a-z-]*' <("$TRACKER" help --format bash) | sort -u); do
        [[ "$out" == *"$o"* ]] || fail "the manual lacks $o"
    done
    run env MANWIDTH=80 man --warnings -l "$TRACKER_SRC/man/tracker-rules.5"
    expect_rc 0
    expect_err ""
    expect_out_has "TRACKER-RULES(5)"
    expect_out_has "REVERSAL AND CONTRADICTION FIELDS"
}

t_shell_completions() {
    "$TRACKER" help --format bash >tracker.bash
    complete_words() {
        bash -c 'source ./tracker.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tracker; printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
    }
    expect_eq "$(complete_words tracker fin)" "findings" "a command"
    expect_eq "$(complete_words tracker findings "" | tr '\n' ' ')" "list show log ack dismiss reopen export --help " "a group's subcommands"
    expect_eq "$(complete_words tracker findings list --status "" | tr '\n' ' ')" "new open acknowledged dismissed " "an option's values"
    expect_eq "$(complete_words tracker --db x.db history --f | tr '\n' ' ')" "--from --format " "options after a global one"
    command -v zsh >/dev/null || { skip "no zsh (make deps installs it)"; return; }
    "$TRACKER" help --format zsh >_tracker
    run zsh -n _tracker
    expect_rc 0
    run zsh -c 'fpath=($PWD $fpath); autoload -Uz compinit && compinit -u -d ./zcompdump; autoload -Uz _tracker; print -r -- ${+functions[_tracker]} ${_comps[tracker]}'
    expect_out "1 _tracker"
}

# On a terminal long quotes wrap at its width; a pipe gets whole lines.
t_wrapping_to_the_terminal() {
    command -v script >/dev/null || { skip "no script(1)"; return; }
    seed add --speaker Ann --date 2017-07-09 --text "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen" >/dev/null
    run script -qec "stty cols 40; '$TRACKER' history Ann" /dev/null
    out=$(printf '%s\n' "$out" | tr -d '\r')
    expect_out "Ann: 1 statement, oldest first; times in UTC
2017-07-09  direct  #1
    one two three four five six seven
    eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen"
    run "$TRACKER" history Ann
    expect_out "Ann: 1 statement, oldest first; times in UTC
2017-07-09  direct  #1
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
}
