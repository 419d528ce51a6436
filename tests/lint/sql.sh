#!/usr/bin/env bash
# sql.sh: the SQL lint, run by 'make check'.  SQL lives in db/ alone,
# prepared and bound, never built from text:
#   1. no C file outside db/ holds SQL text or calls SQLite (sqlite3_*);
#   2. no C file in db/ formats SQL printf-style (snprintf, sqlite3_mprintf,
#      tr_buf_printf... with SQL in the format, or a conversion such as %s
#      or %d inside an SQL string literal).
# Prints FILE:LINE: why for each finding and exits 1 on any.
# Usage: tests/lint/sql.sh [SOURCE_ROOT]
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2
kw='SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|VACUUM|ATTACH|REPLACE INTO|WITH RECURSIVE'
status=0
outside=$(ls lib/*.[ch] rules/*.[ch] scan/*.[ch] engine/*.[ch] extract/*.[ch] tracker/*.[ch] 2>/dev/null)
# shellcheck disable=SC2086
perl -ne '
    BEGIN { $kw = shift @ARGV }
    if (/"(?:[^"\\]|\\.)*\b(?:'"$kw"')\b(?:[^"\\]|\\.)*"/) { print "$ARGV:$.: SQL text outside db/: $_"; $bad = 1 }
    if (/\bsqlite3_\w+\s*\(|#\s*include\s*<sqlite3\.h>/) { print "$ARGV:$.: SQLite called outside db/: $_"; $bad = 1 }
    close ARGV if eof;
    END { exit($bad ? 1 : 0) }' "$kw" $outside || status=1
# Whole statements (a call may span lines) in db/, comments removed.
for f in db/*.c db/*.h; do
    perl -0777 -ne '
        BEGIN { $kw = shift @ARGV }
        my $src = $_;
        $src =~ s{/\*.*?\*/}{ my $c = $&; $c =~ s/[^\n]/ /g; $c }gse;
        # A printf-style call whose format holds SQL.
        while ($src =~ /\b((?:v?s?n?printf|v?asprintf|sqlite3_v?mprintf|sqlite3_v?snprintf|tr_buf_printf|tr_errf)\s*\((?:[^;"]|"(?:[^"\\]|\\.)*")*?;)/gs) {
            my ($call, $at) = ($1, $-[1]);
            next if $call =~ /^tr_errf/ && $call !~ /"(?:[^"\\]|\\.)*\b(?:'"$kw"')\b[^"]*%/;
            if ($call =~ /"(?:[^"\\]|\\.)*\b(?:'"$kw"')\s/) {
                my $line = 1 + (substr($src, 0, $at) =~ tr/\n//);
                print "$ARGV:$line: SQL formatted printf-style: ", (split /\n/, $call)[0], "\n";
                $bad = 1;
            }
        }
        # A conversion inside an SQL literal.
        while ($src =~ /("(?:[^"\\]|\\.)*")/g) {
            my ($lit, $at) = ($1, $-[1]);
            if ($lit =~ /\b(?:'"$kw"'|WHERE|FROM|VALUES)\b/ && $lit =~ /%[-+ #0-9.]*(?:l{0,2}|z|j)[sdiuqQwxXc]/) {
                my $line = 1 + (substr($src, 0, $at) =~ tr/\n//);
                print "$ARGV:$line: a printf conversion in SQL text: $lit\n";
                $bad = 1;
            }
        }
        END { exit($bad ? 1 : 0) }' "$kw" "$f" || status=1
done
if [ $status -eq 0 ]; then
    echo "sql lint: ok (no SQL outside db/, none formatted printf-style)"
fi
exit $status
