#!/usr/bin/env bash
# build.sh: builds every tests/fuzz/fuzz_*.c as a libFuzzer target with
# ASan + UBSan (clang), then runs each for $FUZZ_SECONDS seconds (default
# 20; 0 builds only) from its corpus in tests/fuzz/corpus/NAME (seeds).
# FUZZ_ONLY=NAME (e.g. people) builds and runs that target alone.
# Targets: input (JSON Lines, CSV, people records, dates), people (the
# people reader and the registry), text (the terminal escaping layer, the
# JSON row writer, --map/--set, name folding), rules (the rule parser,
# classifier, lint, explain), extract (the article extractor), feeds (the
# feeds file parser of import --feeds and the nightly job).
# Crashes are written to build-fuzz/crash-NAME-*; the script fails on one.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=build-fuzz
seconds=${FUZZ_SECONDS:-20}
mkdir -p "$out"
pkgs="sqlite3 libpcre2-8 jansson libutf8proc"
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
        -Ilib -Idb -Irules -Iscan -Iengine -Iextract $(pkg-config --cflags $pkgs)"
srcs="lib/*.c db/*.c rules/*.c scan/*.c engine/*.c extract/*.c"
export TRACKER_LEXICON=$PWD/rules/lexicon
status=0
# The library is compiled once (two at a time) and linked into every target.
rm -rf "$out/obj" && mkdir -p "$out/obj"
# shellcheck disable=SC2086
printf '%s\n' $srcs | xargs -P 2 -I{} sh -c 'exec clang $3 -c "$2" -o "$1/obj/$(echo "$2" | tr / _ | sed "s/\.c$/.o/")"' sh "$out" {} \
    "$(echo "$cflags" | sed 's/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,/')" || exit 1
for f in tests/fuzz/fuzz_*.c; do
    name=$(basename "$f" .c)
    [ -z "${FUZZ_ONLY:-}" ] || [ "$name" = "fuzz_$FUZZ_ONLY" ] || continue
    echo "fuzz: building $name"
    # shellcheck disable=SC2086
    clang $cflags -o "$out/$name" "$f" "$out"/obj/*.o $(pkg-config --libs $pkgs) -lm
    [ "$seconds" -gt 0 ] || continue
    corpus=tests/fuzz/corpus/${name#fuzz_}
    work=$out/corpus-$name
    mkdir -p "$work"
    [ -d "$corpus" ] && cp -n "$corpus"/* "$work"/ 2>/dev/null || true
    echo "fuzz: running $name for ${seconds}s"
    if ! "$out/$name" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
         -artifact_prefix="$out/crash-$name-" -print_final_stats=1 "$work" >"$out/$name.log" 2>&1; then
        echo "fuzz: $name FAILED (see $out/$name.log)"
        tail -30 "$out/$name.log"
        status=1
    else
        grep -E "stat::number_of_executed_units|Done" "$out/$name.log" | tail -2 || true
    fi
done
exit $status
