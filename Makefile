# Guanxi build. `make` builds bin/guanxi; `make run` sets up and starts the
# demo; `make test` runs every suite; `make asan` runs unit and API tests
# under AddressSanitizer and UBSan.

PKGS      := libmicrohttpd jansson sqlite3 libsodium libcurl libzip expat
# Debian packages: to build and run, and in addition to test and benchmark.
BUILD_DEBS := build-essential pkg-config libmicrohttpd-dev libjansson-dev \
              libsqlite3-dev sqlite3 libsodium-dev libcurl4-openssl-dev libzip-dev libexpat1-dev \
              nodejs npm
TEST_DEBS  := $(BUILD_DEBS) libcmocka-dev chromium fonts-noto-cjk wrk
CC        ?= cc
BUILD     ?= build
BIN       ?= bin
OPT       ?= -O2 -g
CFLAGS    := $(OPT) -std=c17 -Wall -Wextra -Werror -D_GNU_SOURCE \
             -fstack-protector-strong -Isrc \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ifeq ($(SANITIZE),)
CFLAGS    += -D_FORTIFY_SOURCE=2
endif
LDLIBS    += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
ifdef SANITIZE
CFLAGS    += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS   += -fsanitize=address,undefined
endif

MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
SRC        := $(filter-out src/main.c,$(wildcard src/*/*.c)) $(BUILD)/gen/migrations.c
OBJ        := $(patsubst %.c,$(BUILD)/%.o,$(filter-out $(BUILD)/%,$(SRC))) \
              $(BUILD)/gen/migrations.o
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(patsubst tests/unit/%.c,$(BIN)/%,$(UNIT_SRC))
API_SRC    := $(wildcard tests/api/*.c)

.PHONY: all web deps deps-test run test fuzz test-unit test-api test-e2e asan bench clean
all: $(BIN)/guanxi

$(BIN)/guanxi: $(BUILD)/src/main.o $(OBJ) | $(BIN)
	@sh tools/check-banned.sh
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c $(wildcard src/*/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/gen/migrations.c: $(MIGRATIONS) tools/embed-migrations.sh
	@mkdir -p $(dir $@)
	sh tools/embed-migrations.sh $(MIGRATIONS) > $@

$(BUILD)/gen/migrations.o: $(BUILD)/gen/migrations.c
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BIN)/test_%: tests/unit/test_%.c $(OBJ) | $(BIN)
	@echo "  CC $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# The imports tests read exported workbooks back with the server's reader.
$(BIN)/api_tests: $(API_SRC) src/lib/xlsx.c $(wildcard tests/api/*.h) | $(BIN)
	@echo "  CC $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -Itests/api -o $@ $(API_SRC) src/lib/xlsx.c $(LDLIBS) -lcmocka

# Generators and other benchmark programs that use the server's code, and
# the clients that play the telephone system against a running server.
$(BIN)/bench_%: bench/%.c bench/common.c bench/common.h bench/client.c bench/client.h bench/stats.c \
		$(OBJ) | $(BIN)
	@echo "  CC $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS)

$(BIN)/bench_latency: bench/latency.c bench/stats.c bench/stats.h | $(BIN)
	@echo "  CC $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) $(LDLIBS)

$(BIN) $(BUILD):
	mkdir -p $@

web/node_modules: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

web: web/node_modules
	cd web && npm run build

deps:
	sh tools/install-deps.sh $(BUILD_DEBS)

deps-test:
	sh tools/install-deps.sh $(TEST_DEBS)

run: deps all web
	sh tools/run-demo.sh

test: all web $(UNIT_BIN) $(BIN)/api_tests
	sh tests/run.sh

test-unit: $(UNIT_BIN)
	sh tests/run.sh unit

test-api: all $(BIN)/api_tests
	sh tests/run.sh api

test-e2e: all web
	sh tests/run.sh e2e

# A separate tree so that sanitized objects never mix with normal ones.
asan:
	$(MAKE) BUILD=build-asan BIN=bin-asan SANITIZE=1 OPT="-O1 -g" \
		bin-asan/guanxi $(patsubst $(BIN)/%,bin-asan/%,$(UNIT_BIN)) bin-asan/api_tests
	GUANXI_BIN_DIR=bin-asan ASAN_OPTIONS=detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh tests/run.sh unit api

bench: all
	sh bench/http.sh

clean:
	rm -rf build build-asan build-fuzz bin bin-asan bin-fuzz web/dist

# libFuzzer (clang) over the request parsers and the customer-file readers;
# FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
FUZZERS := fuzz_input fuzz_files
fuzz:
	$(MAKE) CC=clang BUILD=build-fuzz BIN=bin-fuzz SANITIZE=1 OPT="-O1 -g -fsanitize=fuzzer-no-link" \
		$(patsubst %.c,build-fuzz/%.o,$(filter-out $(BUILD)/%,$(SRC))) build-fuzz/gen/migrations.o
	mkdir -p bin-fuzz build-fuzz/corpus build-fuzz/corpus_files
	for f in $(FUZZERS); do \
		clang -fsanitize=fuzzer,address,undefined -Isrc $(shell pkg-config --cflags $(PKGS)) \
			-o bin-fuzz/$$f tests/fuzz/$$f.c \
			$(patsubst %.c,build-fuzz/%.o,$(filter-out $(BUILD)/%,$(SRC))) \
			build-fuzz/gen/migrations.o $(LDLIBS) || exit 1; \
	done
	bin-fuzz/fuzz_input -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus tests/fuzz/seeds
	bin-fuzz/fuzz_files -max_total_time=$(FUZZ_SECONDS) -max_len=16384 build-fuzz/corpus_files \
		tests/fuzz/seeds_files
