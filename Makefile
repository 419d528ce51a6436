# tracker: build, test and install.
#
#   make            build build/tracker (installing missing Debian packages)
#   make demo       build and run the main job on the samples
#   make check      build and run every test suite (Check units + CLI tests, and
#                   check-train: the committed attribution.model is retrained
#                   byte for byte)
#   make check-asan the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make check-valgrind  the CLI tests with every tracker run under memcheck
#   make check-stress    kill -9 and concurrency tests (imports, scans, reports, backups)
#   make bench      issue 11's table as paired ratios (tests/bench/paired.sh;
#                   BENCH_N, default 100000); installs ripgrep (bench-deps)
#   make bench-sizes     the per-size tables of tests/bench/run.sh (BENCH_SIZES)
#   make bench-extract  PolNeAR dev scores (../shared/tools/polnear-score) and
#                   the extraction rate against pcre2grep (tests/bench/extract.sh)
#   make train-extract  retrain rules/attribution/attribution.model on PolNeAR's
#                   train split (tools/train-extract.c, liblinear; reproduces the
#                   committed file byte for byte)
#   make fuzz       build the fuzz targets (clang, libFuzzer)
#   make install    install to $(DESTDIR)$(PREFIX): the binary, its data, the
#                   manual pages tracker(1) and tracker-rules(5), completions
#   make deps       install the Debian packages the build needs

CC       ?= cc
PREFIX   ?= /usr/local
BUILD    ?= build
PKGS      = sqlite3 libpcre2-8 jansson libutf8proc
TESTPKGS  = check
DEBS      = pkg-config libsqlite3-dev libpcre2-dev libjansson-dev libutf8proc-dev check sqlite3 pcre2-utils tzdata valgrind \
            jq man-db zsh

VERSION  := 0.1.0
# V=1 shows the compiler command lines.
Q         = $(if $(V),,@)
CSTD      = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT      ?= -O2 -g
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(EXTRA_CFLAGS) -Ilib -Idb -Irules -Iscan -Iengine -Iextract -Itracker \
             -DTRACKER_VERSION='"$(VERSION)"' -DTRACKER_RULES_DIR='"$(PREFIX)/share/tracker"' \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
TESTLIBS  = $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

LIB_DIRS ?= lib db rules scan engine extract
LIB_SRC   = $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
CLI_SRC   = $(wildcard tracker/*.c)
UNIT_SRC ?= $(wildcard tests/unit/test_*.c)
LIB_OBJ   = $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC))
CLI_OBJ   = $(patsubst %.c,$(BUILD)/obj/%.o,$(CLI_SRC))
UNIT_BIN  = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
DEPSTAMP  = $(BUILD)/.deps-ok

.PHONY: train-deps train-extract check-train bench-deps bench-sizes all deps demo check check-unit check-cli check-lint check-asan check-valgrind check-stress bench bench-extract fuzz install uninstall clean

all: $(BUILD)/tracker $(BUILD)/tracker.1 $(BUILD)/tracker.bash $(BUILD)/_tracker

# Installs the Debian packages when pkg-config cannot find a library or a
# tool the tests use is missing.  Runs apt-get only when something is missing.
deps: $(DEPSTAMP)
$(DEPSTAMP):
	@if ! pkg-config --exists $(PKGS) $(TESTPKGS) 2>/dev/null || ! command -v sqlite3 >/dev/null \
	    || ! command -v pcre2grep >/dev/null || ! command -v valgrind >/dev/null \
	    || ! command -v jq >/dev/null || ! command -v man >/dev/null || ! command -v zsh >/dev/null \
	    || [ ! -d /usr/share/zoneinfo/America ]; then \
	  echo "make deps: installing $(DEBS)"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEBS) >/dev/null; \
	fi
	@pkg-config --exists $(PKGS) $(TESTPKGS) || { echo "make deps: still missing: $(PKGS) $(TESTPKGS)"; exit 1; }
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/obj/%.o: %.c | $(DEPSTAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libtracker.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/tracker: $(CLI_OBJ) $(BUILD)/libtracker.a
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libtracker.a $(LIBS)

# The manual page and the completions come from the command tables.
$(BUILD)/tracker.1: $(BUILD)/tracker
	$(Q)$(BUILD)/tracker help --format man >$@
$(BUILD)/tracker.bash: $(BUILD)/tracker
	$(Q)$(BUILD)/tracker help --format bash >$@
$(BUILD)/_tracker: $(BUILD)/tracker
	$(Q)$(BUILD)/tracker help --format zsh >$@
DOCS = $(BUILD)/tracker.1 $(BUILD)/tracker.bash $(BUILD)/_tracker

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libtracker.a | $(DEPSTAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags check) -Itests/unit -o $@ $< $(BUILD)/libtracker.a $(LIBS) $(TESTLIBS)

check-unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; \
	  TRACKER_SRC=$(CURDIR) CK_FORK=yes $$t || fail=1; \
	done; exit $$fail

check-cli: $(BUILD)/tracker
	@TRACKER=$(CURDIR)/$(BUILD)/tracker TRACKER_SRC=$(CURDIR) bash tests/cli/run.sh

check-lint:
	@bash tests/lint/sql.sh

check: $(DEPSTAMP)
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@$(MAKE) --no-print-directory check-unit; u=$$?; \
	 $(MAKE) --no-print-directory check-cli; c=$$?; \
	 $(MAKE) --no-print-directory check-lint; l=$$?; \
	 $(MAKE) --no-print-directory check-train; m=$$?; \
	 if [ $$u -ne 0 ] || [ $$c -ne 0 ] || [ $$l -ne 0 ] || [ $$m -ne 0 ]; then echo "make check: FAILED (unit=$$u cli=$$c lint=$$l train=$$m)"; exit 1; fi; \
	 echo "make check: all suites passed"

check-valgrind: $(BUILD)/tracker
	@bash tests/valgrind/run.sh $(BUILD)/tracker

check-stress: $(BUILD)/tracker
	@TRACKER=$(CURDIR)/$(BUILD)/tracker TRACKER_SRC=$(CURDIR) bash tests/stress/run.sh

check-asan: $(DEPSTAMP)
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	  check

demo: $(BUILD)/tracker
	@bash samples/demo.sh $(BUILD)/tracker

# Debian packages only the benchmarks use (a reference: ripgrep).
BENCHDEBS = ripgrep
bench-deps: $(DEPSTAMP)
	@if ! command -v rg >/dev/null; then \
	  echo "make bench-deps: installing $(BENCHDEBS)"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(BENCHDEBS) >/dev/null; \
	fi

bench: bench-deps $(BUILD)/tracker
	@bash tests/bench/paired.sh $(BUILD)/tracker

bench-sizes: $(BUILD)/tracker
	@bash tests/bench/run.sh $(BUILD)/tracker

POLNEAR ?= ../shared/data/polnear
bench-extract: $(BUILD)/tracker
	@../shared/tools/polnear-score $(BUILD)/tracker $(POLNEAR)/dev | tail -1
	@bash tests/bench/extract.sh $(BUILD)/tracker

# Training only (never at run time): liblinear, a Debian package without a
# pkg-config file, installed when its header is missing.
TRAINDEBS = liblinear-dev
train-deps: $(DEPSTAMP)
	@if [ ! -f /usr/include/linear.h ]; then \
	  echo "make train-deps: installing $(TRAINDEBS)"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(TRAINDEBS) >/dev/null; \
	fi

$(BUILD)/tools/train-extract: tools/train-extract.c $(BUILD)/libtracker.a | train-deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libtracker.a $(LIBS) -llinear

train-extract: $(BUILD)/tools/train-extract
	@$(BUILD)/tools/train-extract rules/attribution $(POLNEAR)/train rules/attribution/attribution.model
	@echo "make train-extract: wrote rules/attribution/attribution.model"

# The committed model is what training gives: retrained into $(BUILD), compared
# byte for byte (skipped when the PolNeAR data is not beside the repository).
check-train: $(DEPSTAMP)
	@if [ ! -d $(POLNEAR)/train ]; then echo "check-train: skipped (no $(POLNEAR)/train)"; exit 0; fi; \
	 $(MAKE) --no-print-directory $(BUILD)/tools/train-extract || exit 1; \
	 $(BUILD)/tools/train-extract rules/attribution $(POLNEAR)/train $(BUILD)/attribution.model \
	   > $(BUILD)/check-train.log 2>&1 || { cat $(BUILD)/check-train.log; echo "check-train: FAILED: train-extract failed"; exit 1; }; \
	 if cmp -s $(BUILD)/attribution.model rules/attribution/attribution.model; then \
	   echo "check-train: rules/attribution/attribution.model is reproduced byte for byte"; \
	 else echo "check-train: FAILED: make train-extract gives another attribution.model (retrain and commit it)"; exit 1; fi

fuzz: $(DEPSTAMP)
	@bash tests/fuzz/build.sh

# Installs the binary, its data (the lexicon and the extractor's patterns,
# found at run time relative to the binary: PREFIX/share/tracker), the manual
# pages and the completions.  No rule set is installed as a default: a desk
# puts its own at PREFIX/etc/tracker/rules (or names it with --rules).
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tracker/lexicon \
	  $(DESTDIR)$(PREFIX)/share/tracker/attribution $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 755 $(BUILD)/tracker $(DESTDIR)$(PREFIX)/bin/tracker
	install -m 644 rules/lexicon/* $(DESTDIR)$(PREFIX)/share/tracker/lexicon/
	install -m 644 rules/attribution/* $(DESTDIR)$(PREFIX)/share/tracker/attribution/
	install -m 644 $(BUILD)/tracker.1 $(DESTDIR)$(PREFIX)/share/man/man1/tracker.1
	install -m 644 man/tracker-rules.5 $(DESTDIR)$(PREFIX)/share/man/man5/tracker-rules.5
	install -m 644 $(BUILD)/tracker.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tracker
	install -m 644 $(BUILD)/_tracker $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tracker

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tracker $(DESTDIR)$(PREFIX)/share/man/man1/tracker.1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5/tracker-rules.5 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tracker \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tracker
	rm -rf $(DESTDIR)$(PREFIX)/share/tracker

clean:
	rm -rf build build-asan build-clang build-valgrind build-fuzz

-include $(wildcard $(BUILD)/obj/*/*.d)
