# kabinet — terminal client and reference server of the personal-cabinet API.
# Hand-written: `make` builds both binaries, `make check` runs every test.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
PKGLIBDIR ?= $(PREFIX)/lib/kabinet
MANPREFIX ?= $(PREFIX)/share/man
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# zsh looks in vendor-completions under /usr (Debian's), in site-functions elsewhere.
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DESTDIR   ?=

CC        ?= cc
PKG_CONFIG ?= pkg-config
OPT       ?= -O2 -g
WARN      ?= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS    ?= $(OPT)
CPPFLAGS  += -Iinclude -D_GNU_SOURCE
SANITIZE  ?=
BUILD     ?= build

VERSION   := 0.1.0

ifeq ($(V),1)
Q :=
else
Q := @
endif

SERVER_PKGS := libmicrohttpd sqlite3 libcjson libsodium libcrypto librhonabwy libcurl
CLIENT_PKGS := ncursesw libcurl libcjson libqrencode
# Only the Secret Service plugin links libsecret (see include/kabinet/keyring_secret.h).
SECRET_PKGS := libsecret-1
TEST_PKGS   := cmocka libcurl libcjson

ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(SANITIZE) -MMD -MP -DKABINET_VERSION='"$(VERSION)"'

COMMON_SRC := $(wildcard src/common/*.c)
SERVER_SRC := $(wildcard src/server/*.c)
# The client by layer: the shell (main, configuration, storage) at the top, then the
# network, the model (pure: no curses, no I/O), the subcommands and the terminal UI.
CLIENT_DIRS := src/client src/client/net src/client/model src/client/cmd src/client/ui
CLIENT_SRC := $(foreach d,$(CLIENT_DIRS),$(wildcard $(d)/*.c))
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
API_SRC    := $(wildcard tests/api/test_*.c)
BENCH_SRC  := $(wildcard bench/*.c)

COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/%.o)
SERVER_OBJ := $(SERVER_SRC:%.c=$(BUILD)/%.o)
CLIENT_OBJ := $(CLIENT_SRC:%.c=$(BUILD)/%.o)
# Everything of the client but main(), for the unit tests to link against.
CLIENT_LIB_OBJ := $(filter-out $(BUILD)/src/client/main.o,$(CLIENT_OBJ))
UNIT_BIN   := $(UNIT_SRC:%.c=$(BUILD)/%)
API_BIN    := $(API_SRC:%.c=$(BUILD)/%)
API_HARNESS_OBJ := $(BUILD)/tests/api/harness.o
# In every cmocka binary: TEST_FILTER picks test functions (T=FILE:FUNCTION).
TEST_FILTER_OBJ := $(BUILD)/tests/filter.o

KABINETD := $(BUILD)/kabinetd
KABINET  := $(BUILD)/kabinet
# The Secret Service plugin, next to kabinet, where kabinet looks for it first.
SECRET_SO  := $(BUILD)/kabinet-secret.so
SECRET_OBJ := $(addprefix $(BUILD)/pic/src/client/,secret/keyring_secret.o keyring_status.o)
# The client is built once its main() exists.
ifneq ($(wildcard src/client/main.c),)
CLIENT_BIN := $(KABINET) $(SECRET_SO)
endif

.PHONY: all deps check check-unit check-api check-screen asan valgrind bench install uninstall clean run-server

# The binaries, the Russian catalog and the man pages (their rules are further down).
MO          := $(BUILD)/locale/ru/LC_MESSAGES/kabinet.mo
CONFIG_MAN  := $(BUILD)/man/kabinet-config.5
CLIENT_MAN  := $(BUILD)/man/kabinet.1
# The shell completions, written from the command line's tables (gen-completions).
COMPL_DIR   := $(BUILD)/completions
COMPLETIONS := $(COMPL_DIR)/kabinet.bash $(COMPL_DIR)/_kabinet $(COMPL_DIR)/kabinet.fish
all: $(KABINETD) $(CLIENT_BIN) $(MO) $(CONFIG_MAN) $(CLIENT_MAN) $(COMPLETIONS)

deps:
	$(Q)./scripts/deps.sh
	$(Q)./scripts/deps-node.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(PKGCFLAGS) -c -o $@ $<

$(SERVER_OBJ): PKGCFLAGS = $(shell $(PKG_CONFIG) --cflags $(SERVER_PKGS))
$(KABINETD): $(SERVER_OBJ) $(COMMON_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs $(SERVER_PKGS)) -lpthread

$(CLIENT_OBJ): PKGCFLAGS = $(shell $(PKG_CONFIG) --cflags $(CLIENT_PKGS))
$(KABINET): $(CLIENT_OBJ) $(COMMON_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs $(CLIENT_PKGS))
$(BUILD)/src/client/keyring.o: CPPFLAGS += -DPKGLIBDIR='"$(PKGLIBDIR)"'

$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fPIC -fvisibility=hidden $(PKGCFLAGS) -c -o $@ $<
$(SECRET_OBJ): PKGCFLAGS = $(shell $(PKG_CONFIG) --cflags $(SECRET_PKGS))
$(SECRET_SO): $(SECRET_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -shared -Wl,-z,defs -o $@ $^ \
		$(shell $(PKG_CONFIG) --libs $(SECRET_PKGS))

$(BUILD)/tests/%.o: PKGCFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) $(CLIENT_PKGS) $(SECRET_PKGS))
$(UNIT_BIN): $(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(TEST_FILTER_OBJ) $(CLIENT_LIB_OBJ) $(COMMON_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) $(CLIENT_PKGS) $(SECRET_PKGS)) $(TEST_EXTRA_LIBS)

$(API_BIN): $(BUILD)/tests/api/%: $(BUILD)/tests/api/%.o $(API_HARNESS_OBJ) $(TEST_FILTER_OBJ) $(COMMON_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs $(TEST_PKGS)) -lpthread $(TEST_EXTRA_LIBS)

# Tests of kabinetd's pure parts link the server's objects they test (and libcrypto):
# the TOTP unit test, and the staff API test, which computes the codes an authenticator
# would show.
SERVER_PURE_OBJ := $(addprefix $(BUILD)/src/server/,totp.o staff_roles.o)
$(BUILD)/tests/unit/test_totp $(BUILD)/tests/api/test_staff $(BUILD)/tests/api/test_staff_view: $(SERVER_PURE_OBJ)
$(BUILD)/tests/unit/test_totp $(BUILD)/tests/api/test_staff $(BUILD)/tests/api/test_staff_view: TEST_EXTRA_LIBS = $(shell $(PKG_CONFIG) --libs libcrypto)

$(BUILD)/bench/%.o: PKGCFLAGS = $(shell $(PKG_CONFIG) --cflags libcurl libcjson)
$(BUILD)/kabinet-load: $(BUILD)/bench/load.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs libcurl libcjson) -lpthread

# Client data: the shipped default config compiled in, the Russian catalog,
# and kabinet-config(5), whose action, option and color lists come from the code.
LOCALEDIR   ?= $(PREFIX)/share/locale
GEN_DIR     := $(BUILD)/gen
GEN_MAN     := $(BUILD)/tools/gen-man-actions
# What gen-man-actions links: the tables and the config parser, no screen.
GEN_MAN_OBJ := $(BUILD)/tools/gen-man-actions.o $(COMMON_OBJ) \
	$(addprefix $(BUILD)/src/client/,actions.o config.o diag.o exe.o i18n.o keys.o options.o \
	model/date.o model/number.o net/url.o model/utf8.o xdg.o)
POT_SRC     := $(wildcard include/kabinet/*.h include/kabinet/*/*.h $(CLIENT_SRC) src/client/secret/*.c)

.PHONY: check-po pot update-po install-client-data uninstall-client-data

# Each line of the default config becomes a C string literal (? escaped: trigraphs).
$(GEN_DIR)/default_config.inc: src/client/default-config
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q){ echo 'static const char default_config[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/\t"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } >$@.tmp && mv $@.tmp $@
$(BUILD)/src/client/config.o: $(GEN_DIR)/default_config.inc
$(BUILD)/src/client/config.o: CPPFLAGS += -I$(GEN_DIR)
$(BUILD)/src/client/i18n.o: CPPFLAGS += -DLOCALEDIR='"$(LOCALEDIR)"'
# The installed paths compiled into the client: a change of PREFIX (or of LOCALEDIR or
# PKGLIBDIR) rewrites this file, and the objects that hold the paths are rebuilt.
PATHS_STAMP := $(GEN_DIR)/paths
$(PATHS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(LOCALEDIR) $(PKGLIBDIR)' | cmp -s - $@ || echo '$(LOCALEDIR) $(PKGLIBDIR)' >$@
$(BUILD)/src/client/i18n.o $(BUILD)/src/client/keyring.o: $(PATHS_STAMP)
.PHONY: FORCE
FORCE:

$(MO): po/ru.po
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MSGFMT  $@")
	$(Q)msgfmt --check -o $@ $<
# The i18n tests read the catalog from $(BUILD)/locale.
$(UNIT_BIN): | $(MO) $(SECRET_SO)

$(GEN_MAN): $(GEN_MAN_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

$(CONFIG_MAN): man/kabinet-config.5.in $(GEN_MAN)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(GEN_MAN) man/kabinet-config.5.in >$@.tmp && mv $@.tmp $@

$(CLIENT_MAN): man/kabinet.1.in $(GEN_MAN)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(GEN_MAN) man/kabinet.1.in >$@.tmp && mv $@.tmp $@

GEN_COMPL     := $(BUILD)/tools/gen-completions
GEN_COMPL_OBJ := $(BUILD)/tools/gen-completions.o $(BUILD)/src/client/cmd/commands.o
$(GEN_COMPL): $(GEN_COMPL_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

$(COMPL_DIR)/kabinet.bash: SHELL_NAME = bash
$(COMPL_DIR)/_kabinet: SHELL_NAME = zsh
$(COMPL_DIR)/kabinet.fish: SHELL_NAME = fish
$(COMPLETIONS): $(GEN_COMPL)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(GEN_COMPL) $(SHELL_NAME) >$@.tmp && mv $@.tmp $@

check-po:
	$(Q)msgfmt --check --statistics -o /dev/null po/ru.po

# Maintainer targets: refresh the template from the sources, then merge it into ru.po.
pot:
	$(Q)xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --add-comments=TRANSLATORS \
		--package-name=kabinet --package-version=$(VERSION) --sort-by-file \
		-o po/kabinet.pot $(POT_SRC)

update-po: pot
	$(Q)msgmerge --quiet --update --backup=none --no-fuzzy-matching po/ru.po po/kabinet.pot

install-client-data: $(MO) $(CONFIG_MAN) $(CLIENT_MAN) $(CLIENT_BIN) $(COMPLETIONS)
	install -d $(DESTDIR)$(LOCALEDIR)/ru/LC_MESSAGES $(DESTDIR)$(MANPREFIX)/man5 \
		$(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(BINDIR) $(DESTDIR)$(PKGLIBDIR)
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/ru/LC_MESSAGES/kabinet.mo
	install -m 644 $(CONFIG_MAN) $(DESTDIR)$(MANPREFIX)/man5/kabinet-config.5
	install -m 644 $(CLIENT_MAN) $(DESTDIR)$(MANPREFIX)/man1/kabinet.1
	install -m 755 $(KABINET) $(DESTDIR)$(BINDIR)/kabinet
	install -m 644 $(SECRET_SO) $(DESTDIR)$(PKGLIBDIR)/kabinet-secret.so
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 644 $(COMPL_DIR)/kabinet.bash $(DESTDIR)$(BASHCOMPDIR)/kabinet
	install -m 644 $(COMPL_DIR)/_kabinet $(DESTDIR)$(ZSHCOMPDIR)/_kabinet
	install -m 644 $(COMPL_DIR)/kabinet.fish $(DESTDIR)$(FISHCOMPDIR)/kabinet.fish

uninstall-client-data:
	rm -f $(DESTDIR)$(LOCALEDIR)/ru/LC_MESSAGES/kabinet.mo $(DESTDIR)$(MANPREFIX)/man5/kabinet-config.5 \
		$(DESTDIR)$(MANPREFIX)/man1/kabinet.1 $(DESTDIR)$(BINDIR)/kabinet \
		$(DESTDIR)$(PKGLIBDIR)/kabinet-secret.so $(DESTDIR)$(BASHCOMPDIR)/kabinet \
		$(DESTDIR)$(ZSHCOMPDIR)/_kabinet $(DESTDIR)$(FISHCOMPDIR)/kabinet.fish
	-rmdir $(DESTDIR)$(PKGLIBDIR) 2>/dev/null

# The keyring module against a real gnome-keyring-daemon on a private session bus.
# tests/keyring/run.sh sets that up and is what run-tests.sh runs (check runs it too).
KEYRING_TEST := $(BUILD)/tests/keyring/test_keyring_real
KEYRING_RUN  := tests/keyring/run.sh
.PHONY: check-keyring
$(KEYRING_TEST): $(BUILD)/tests/keyring/test_keyring_real.o $(TEST_FILTER_OBJ) $(BUILD)/src/client/keyring.o \
		$(BUILD)/src/client/exe.o $(BUILD)/src/client/keyring_status.o $(BUILD)/src/client/net/url.o | $(SECRET_SO)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ \
		$(shell $(PKG_CONFIG) --libs $(TEST_PKGS) $(CLIENT_PKGS) $(SECRET_PKGS))

check-keyring: deps $(KEYRING_TEST)
	$(Q)$(RUN_TESTS) $(KEYRING_RUN)

# libFuzzer targets for every reader of the client's replies (fuzz/readers.c, see
# docs/testing.md), built by Debian's clang under ASan and UBSan in their own tree.
# One binary, one name a reader (fuzz-accounts, fuzz-balance, ...: a link to it; the
# name picks the reader), so each reader is fuzzed on its own. `make fuzz` runs each
# for FUZZ_SECONDS; `make check` runs each for FUZZ_CHECK_SECONDS and replays
# fuzz/regressions/ first.
FUZZ_BUILD   ?= build-fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 300
FUZZ_CHECK_SECONDS ?= 2
FUZZ_FLAGS   := -std=c11 -O1 -g -fno-omit-frame-pointer $(WARN) \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_READERS := $(shell sed -n 's/^READER(\([a-z_]*\))$$/\1/p' fuzz/readers.c)
# The readers and what they call (no curses: the dates are model/date.c's).
FUZZ_LIB_SRC := $(wildcard src/client/model/model*.c) $(addprefix src/client/,model/text.c model/utf8.c model/wipe.c net/envelope.c \
	i18n.c exe.c model/autopay_next.c model/sums.c model/date.c) src/common/regions.c src/common/names.c src/common/inn.c
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_MAIN    := $(FUZZ_BUILD)/fuzz-readers
FUZZ_BIN     := $(FUZZ_READERS:%=$(FUZZ_BUILD)/fuzz-%)
.PHONY: fuzz fuzz-build check-fuzz

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CLANG   $<")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP \
		$(shell $(PKG_CONFIG) --cflags $(CLIENT_PKGS)) -c -o $@ $<
$(FUZZ_MAIN): $(FUZZ_BUILD)/fuzz/readers.o $(FUZZ_LIB_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ \
		$(shell $(PKG_CONFIG) --libs libcjson) -lm
$(FUZZ_BIN): $(FUZZ_MAIN)
	$(Q)ln -sf $(notdir $<) $@

fuzz-build: deps $(FUZZ_BIN)

fuzz: fuzz-build
	$(Q)./fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check-fuzz: fuzz-build
	$(Q)./scripts/run-tests.sh $(FUZZ_BUILD) tests/fuzz/test_fuzz.sh

# The test files run side by side, TEST_JOBS at a time (run-tests.sh's default: twice
# the cores), each file's output in one piece, then one summary line "N passed,
# N failed". T=FILE[:FUNCTION] picks files by name (a shell pattern, without directory
# and .sh) and in them test functions (cmocka's pattern): `make check-screen
# T=test_hostile_http`, `make check-unit T='test_money:*overflow*'` (docs/testing.md).
TEST_JOBS ?=
T ?=
RUN_TESTS = KABINET_BUILD=$(BUILD) ./scripts/run-tests.sh $(if $(TEST_JOBS),-j $(TEST_JOBS)) \
	$(if $(T),-t '$(T)') $(BUILD)
SCREEN_TESTS := $(wildcard tests/screen/test_*.sh)
# The check targets install what is missing (deps), then build what they run in a
# sub-make with a job per core (unless make was given -j), then run it.
CHECK_BUILD = $(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 1))

# Every test; the long files first (the fuzz run, the screen tests) until the runner
# knows the last run's times.
check: deps
	$(Q)$(CHECK_BUILD) all $(UNIT_BIN) $(API_BIN) $(KEYRING_TEST) $(if $(NO_FUZZ),,$(FUZZ_BIN))
	$(Q)FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_CHECK_SECONDS=$(FUZZ_CHECK_SECONDS) \
		$(RUN_TESTS) $(if $(NO_FUZZ),,tests/fuzz/test_fuzz.sh) $(SCREEN_TESTS) \
		tests/fake/test_fakeserver.sh $(KEYRING_RUN) $(API_BIN) $(UNIT_BIN) tests/po/check.sh \
		tests/docs/check.sh tests/docs/man.sh tests/docs/layers.sh tests/dist/test_service.sh \
		tests/dist/test_nginx.sh \
		tests/attack/test_slow.sh \
		tests/completion/test_completion.sh tests/contrib/test_remind.sh tests/docs/openapi.sh \
		tests/social/test_social_e2e.sh
	$(Q)if [ -n "$(NO_CONTRACT)" ]; then :; elif command -v node >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory check-contract; \
	else echo 'check: no node: check-contract left out'; fi

# The unit tests (tests/unit), the API tests against kabinetd (tests/api), the screen
# tests of the client in tmux (tests/screen).
check-unit: deps
	$(Q)$(CHECK_BUILD) $(UNIT_BIN)
	$(Q)$(RUN_TESTS) $(UNIT_BIN)

check-api: deps
	$(Q)$(CHECK_BUILD) all $(API_BIN)
	$(Q)$(RUN_TESTS) $(API_BIN)

check-screen: deps
	$(Q)$(CHECK_BUILD) all
	$(Q)$(RUN_TESTS) $(SCREEN_TESTS)

# The API contract as OpenAPI 3.1 (docs/openapi.yaml; docs/api.md, "The OpenAPI
# document"): lint-contract lints it with Redocly (tools/node/redocly.yaml, every
# warning an error); check-contract runs that, then the API tests and a set of the
# screen tests with Stoplight Prism validating every exchange between them and kabinetd
# (tests/contract/check.sh: any exchange that breaks the document fails it, and so does
# a method never called). The npm tools are in build/node,
# installed by make deps (scripts/deps-node.sh) from tools/node/package-lock.json.
NODE_BIN := build/node/node_modules/.bin
.PHONY: lint-contract check-contract
lint-contract: deps
	$(Q)REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		$(NODE_BIN)/redocly lint --config tools/node/redocly.yaml docs/openapi.yaml

check-contract: lint-contract
	$(Q)$(CHECK_BUILD) all $(API_BIN)
	$(Q)./tests/contract/check.sh $(BUILD)

# The same tests under AddressSanitizer and UBSan, in a separate build tree (the fuzz
# targets are sanitized already: they run in `make check`, not again here; nor does
# check-contract, which checks the exchanges, not the memory).
ASAN_BUILD ?= build-asan
# Sanitized programs are slower: one test file a core unless TEST_JOBS says otherwise.
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) OPT='-O1 -g -fno-omit-frame-pointer' \
		SANITIZE='-fsanitize=address,undefined -fno-sanitize-recover=undefined' NO_FUZZ=1 \
		NO_CONTRACT=1 \
		TEST_JOBS=$(or $(TEST_JOBS),$(shell nproc 2>/dev/null || echo 1)) check

# The API tests with kabinetd under valgrind's memcheck: a memory error or a definite or
# indirect leak makes kabinetd exit 99, which fails the test that stops it. Every API
# test binary by default (about 15 minutes on 2 cores); pick some with
# `make valgrind VALGRIND_TESTS="test_http test_robust"`. As many at once as there are
# cores (memcheck keeps one busy), or TEST_JOBS.
VALGRIND_TESTS ?= $(notdir $(API_BIN))
VALGRIND ?= valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
valgrind: deps $(KABINETD) $(API_BIN)
	$(Q)KABINETD_WRAPPER='$(VALGRIND)' \
		./scripts/run-tests.sh -j $(or $(TEST_JOBS),$(shell nproc)) $(BUILD) \
		$(addprefix $(BUILD)/tests/api/,$(VALGRIND_TESTS))

# getAccountBalanceV2 under wrk at 50 connections (see docs/benchmarks.md), after the
# client's benchmark (bench-client, below); not a test.
bench: deps $(KABINETD) bench-client
	$(Q)./scripts/bench-server.sh $(BUILD)

# The client under a pseudo-terminal against private kabinetd servers: Enter to a full
# overview, peak RSS, bytes per highlight move (see docs/benchmarks.md); not a test.
CLIENT_BENCH := $(BUILD)/client-bench
.PHONY: bench-client
$(CLIENT_BENCH): $(BUILD)/bench/client-bench.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ -lutil

# The list view's own work per redraw at 100, 10 000 and 100 000 rows; not a test.
LIST_BENCH := $(BUILD)/list-bench
$(BUILD)/bench/list-bench.o: PKGCFLAGS = $(shell $(PKG_CONFIG) --cflags $(CLIENT_PKGS))
$(LIST_BENCH): $(BUILD)/bench/list-bench.o $(CLIENT_LIB_OBJ) $(COMMON_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs $(CLIENT_PKGS))

bench-client: deps all $(CLIENT_BENCH) $(LIST_BENCH)
	$(Q)./scripts/bench-client.sh $(BUILD)
	$(Q)./$(LIST_BENCH)

# Screen 4 and `kabinet history --csv` over 100 000 rows of history, a million with
# BENCH_HISTORY=1000000 (see docs/benchmarks.md, "History"); not a test.
.PHONY: bench-history
bench-history: deps all
	$(Q)./scripts/bench-history.sh $(BUILD)

# Round trips, wall time, connections and private memory from launch to a full
# overview through a proxy adding 50 ms of round trip, HTTP/1.1 direct and HTTP/2
# through nginx, cold and with the cache (docs/benchmarks.md, "Network"); not a test.
.PHONY: bench-network
bench-network: deps all
	$(Q)./scripts/bench-network.sh $(BUILD)

# 10 000 accounts and 10 000 services on one account on screen (docs/benchmarks.md,
# "Scale"); not a test.
.PHONY: bench-scale
bench-scale: deps all
	$(Q)./scripts/bench-scale.sh $(BUILD)

# slowhttptest's slow headers, bodies and reads (a minute each) against kabinetd directly
# and through nginx with a probe from another address, and h2load's throughput
# (docs/benchmarks.md, "Slow and hostile clients"); not a test. h2load is Debian's
# nghttp2-client, which make deps does not install.
.PHONY: bench-slow
bench-slow: deps all
	$(Q)./scripts/bench-slow.sh $(BUILD)

# The client logged in to a private demo kabinetd (started and stopped by --demo).
.PHONY: run
run: deps all
	$(Q)KABINET_LOCALEDIR=$(BUILD)/locale ./$(KABINET) --demo

run-server: all
	$(Q)mkdir -p $(BUILD)/run && ./$(KABINETD) --db $(BUILD)/run/demo.db --seed demo --outbox $(BUILD)/run/outbox.jsonl

# kabinetd behind nginx with TLS 1.3, HTTP/2 and a throw-away CA (docs/deployment.md):
# prints the URL and the --ca-file for kabinet; Ctrl-C stops both.
.PHONY: run-tls
run-tls: deps all
	$(Q)./scripts/run-tls.sh $(BUILD)

# kabinetd with the demo data and two social providers (VK ID, Yandex ID) played by a
# throwaway glewlwyd, demo linked at VK ID (docs/deployment.md): prints the kabinet
# command and the provider's test user; Ctrl-C stops both.
.PHONY: run-social
run-social: deps all
	$(Q)./scripts/run-social.sh $(BUILD)

# kabinetd, its man page, its systemd unit (dist/kabinetd.service, ExecStart pointed at
# BINDIR) and its settings (/etc/default/kabinetd, never overwritten: they are the
# administrator's).
install: all install-client-data
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man8 $(DESTDIR)$(SYSTEMDUNITDIR) \
		$(DESTDIR)$(SYSCONFDIR)/default
	install -m 755 $(KABINETD) $(DESTDIR)$(BINDIR)/kabinetd
	install -m 644 man/kabinetd.8 $(DESTDIR)$(MANPREFIX)/man8/kabinetd.8
	sed 's|/usr/bin/kabinetd|$(BINDIR)/kabinetd|' dist/kabinetd.service \
		>$(DESTDIR)$(SYSTEMDUNITDIR)/kabinetd.service
	[ -e $(DESTDIR)$(SYSCONFDIR)/default/kabinetd ] || \
		install -m 644 dist/kabinetd.default $(DESTDIR)$(SYSCONFDIR)/default/kabinetd

uninstall: uninstall-client-data
	rm -f $(DESTDIR)$(BINDIR)/kabinetd $(DESTDIR)$(MANPREFIX)/man8/kabinetd.8 \
		$(DESTDIR)$(SYSTEMDUNITDIR)/kabinetd.service

# The unit tests alone, with nothing installed first: the package build's test.
.PHONY: unit-tests
unit-tests: $(UNIT_BIN)
	$(Q)$(RUN_TESTS) $(UNIT_BIN)

# The Debian packages kabinet and kabinetd (debian/), built in a clean copy under
# $(BUILD)/deb and checked by lintian (scripts/make-deb.sh).
.PHONY: deb
deb: deps
	$(Q)./scripts/make-deb.sh $(BUILD)

# The packages on a fresh Debian 12 root (debootstrap; root only): installed, kabinet
# --demo run from the installed files, purged (scripts/deb-test.sh).
.PHONY: deb-test
deb-test: deb
	$(Q)./scripts/deb-test.sh $(BUILD)

# Every tree the targets above build: this one, make asan's and the fuzz targets'.
clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

# (Not from the package build's copy or the test root under $(BUILD)/deb*.)
-include $(shell find $(BUILD) $(FUZZ_BUILD) -path '$(BUILD)/deb*' -prune -o -type f -name '*.d' -print 2>/dev/null)
