#!/bin/sh
# Runs the test suites named as arguments (default: unit api e2e), each
# printing TAP, and ends with one line "N passed, N failed" over all of them.
# A suite that crashes or exits non-zero without reporting a failure counts
# as one failure, so a dead suite can never look green.
set -u
cd "$(dirname "$0")/.."
BIN_DIR=${GUANXI_BIN_DIR:-bin}
export GUANXI_BIN="$PWD/$BIN_DIR/guanxi"
export GUANXI_ROOT="$PWD"
suites=${*:-unit api e2e}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_suite() { # name command...
	name=$1; shift
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

for s in $suites; do
	case $s in
	unit)
		found=0
		for t in "$BIN_DIR"/test_*; do
			[ -x "$t" ] || continue
			found=1
			CMOCKA_MESSAGE_OUTPUT=TAP run_suite "unit $(basename "$t")" "$t"
		done
		if [ "$found" -eq 0 ]; then
			echo "not ok - no unit test binaries in $BIN_DIR"
			failed=$((failed + 1))
		fi ;;
	api)
		CMOCKA_MESSAGE_OUTPUT=TAP run_suite api "$BIN_DIR/api_tests" ;;
	e2e)
		run_suite e2e node --test --test-reporter=tap --test-concurrency=1 tests/e2e/ ;;
	*)
		echo "unknown suite $s"; failed=$((failed + 1)) ;;
	esac
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
