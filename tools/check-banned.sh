#!/bin/sh
# Fails the build if C sources call functions that overflow or are not
# thread-safe; use snprintf, utf8_copy, strtok_r, gmtime_r instead.
set -u
cd "$(dirname "$0")/.."
hits=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|gmtime|localtime|asctime|ctime)[[:space:]]*\(' \
	src/*.c src/*/*.c tests/*/*.c 2>/dev/null | grep -vE '\b(snprintf|vsnprintf)\b' || true)
if [ -n "$hits" ]; then
	echo "banned functions used:" >&2
	echo "$hits" >&2
	exit 1
fi
