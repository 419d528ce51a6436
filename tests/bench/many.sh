#!/usr/bin/env bash
# many.sh N OUT: writes a rule file of N topics (each with a mention, an
# affirm and a deny cue, a description, three examples, a reversal and a
# contradiction detector, as gen.c writes them) to OUT, and 7 statements
# (two on topics 1 and N, five on none) to OUT.csv.  For the rule-set
# scaling benchmark (issue 10 item 11): load, lint and a small scan.
set -eu
n=$1 out=$2
awk -v n="$n" 'BEGIN {
    for (t = 1; t <= n; t++) {
        m = sprintf("the w%d accord", t)
        printf "topic m%06d {\n  description \"Synthetic topic %d: %s\"\n", t, t, m
        printf "  mention /\\b%s\\b/\n  affirm  /\\bbacks\\b/\n  deny    /\\bcriticizes\\b/\n", m
        printf "  example affirm \"The delegation backs %s in Geneva.\"\n", m
        printf "  example deny   \"Moscow criticizes %s.\"\n", m
        printf "  example none   \"The cabinet will discuss energy prices in Vienna.\"\n}\n\n"
        printf "reversal m%06d_reversal {\n  topic m%06d\n  window 30d\n  severity medium\n", t, t
        printf "  description \"A speaker affirms %s, then denies it\"\n}\n\n", m
        printf "contradiction m%06d_contradiction {\n  topic m%06d\n  window 30d\n  severity medium\n", t, t
        printf "  description \"Two sides take opposite stances on %s\"\n}\n\n", m
    }
}' >"$out"
{
    echo "speaker,date,text"
    echo "Ann Lee,2017-01-02,The delegation backs the w1 accord in Geneva."
    echo "Bo Ray,2017-01-09,Moscow criticizes the w1 accord."
    echo "Ann Lee,2017-01-03,The ministry backs the w$n accord."
    for d in 4 5 6 7; do echo "Cy Dee,2017-01-0$d,The cabinet will discuss energy prices in Vienna on day $d."; done
} >"$out.csv"
