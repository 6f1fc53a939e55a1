#!/bin/sh
# bench/customers: customer lookups and searches over HTTP on a database of
# N customers made by bench/gen (default 1,000,000; DB=path reuses one).
# Each kind of request runs one after another and reports p50/p99; results
# go to bench/results/customers.json. Server memory (peak RSS) is included.
set -eu
cd "$(dirname "$0")/.."
N=${N:-1000000}
SAMPLES=${SAMPLES:-300}
make -s bin/guanxi bin/bench_gen bin/bench_latency
. bench/lib.sh

DB=${DB:-}
if [ -z "$DB" ]; then
	DB=$tmp/b.db
	echo "generating $N customers"
	bin/bench_gen --db "$DB" "$N"
fi
bench_serve "$DB"
bench_sign_in
customers=$(sqlite3 "$DB" "SELECT count(*) FROM customers")
maxid=$(sqlite3 "$DB" "SELECT max(id) FROM customers")

# Query samples drawn from the data itself.
sqlite3 "$DB" "SELECT value FROM customer_keys WHERE kind = 'phone' ORDER BY random() LIMIT $SAMPLES" |
	sed 's|^|/api/v1/customers/lookup?phone=|' >"$tmp/lookup"
sqlite3 "$DB" "SELECT substr(value, 4, 4) FROM customer_keys WHERE kind = 'phone' ORDER BY random() LIMIT $SAMPLES" |
	sed 's|^|/api/v1/customers?q=|' >"$tmp/fragment"
sqlite3 "$DB" "SELECT substr(initials, 1, 3) FROM customers WHERE type = 'individual' ORDER BY random() LIMIT $SAMPLES" |
	sed 's|^|/api/v1/customers?q=|' >"$tmp/initials"
sqlite3 "$DB" "SELECT name FROM customers WHERE type = 'individual' ORDER BY random() LIMIT $SAMPLES" |
	python3 -c 'import sys, urllib.parse
for l in sys.stdin: print("/api/v1/customers?q=" + urllib.parse.quote(l.strip()))' >"$tmp/name"
# Deep pages of the other orders, from cursors of random customers.
sqlite3 "$DB" "SELECT id || '.' || updated_at FROM customers ORDER BY random() LIMIT $SAMPLES" |
	sed 's|^|/api/v1/customers?sort=updated\&limit=50\&after=|' >"$tmp/page_updated"
sqlite3 "$DB" "SELECT id || '.' || pinyin FROM customers WHERE pinyin <> '' ORDER BY random() LIMIT $SAMPLES" |
	python3 -c 'import sys, urllib.parse
for l in sys.stdin: print("/api/v1/customers?sort=name&limit=50&after=" + urllib.parse.quote(l.strip()))' >"$tmp/page_name"
python3 -c "import random
random.seed(1)
for _ in range($SAMPLES): print('/api/v1/customers?limit=50&after=%d' % random.randint(1, $maxid))" >"$tmp/page"

echo "customers: $customers; $SAMPLES requests of each kind, one at a time"
{
	printf '{"bench":"customers","date":"%s","customers":%s,' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$customers"
	for kind in lookup fragment initials name page page_updated page_name; do
		bin/bench_latency "$base" "$cookie" "$kind" <"$tmp/$kind" | tr -d '\n'
		printf ','
	done
	# Every customer exported as CSV, as the list's export button does.
	t0=$(date +%s.%N)
	curl -fsS -H "Cookie: $cookie" -o "$tmp/export.csv" "$base/api/v1/customers/export?format=csv"
	t1=$(date +%s.%N)
	rows=$(($(wc -l <"$tmp/export.csv") - 1))
	secs=$(awk "BEGIN { print $t1 - $t0 }")
	echo "export: $rows rows in ${secs} s" >&2
	printf '"export_csv":{"rows":%s,"seconds":%.2f,"bytes":%s},' "$rows" "$secs" "$(stat -c %s "$tmp/export.csv")"
	printf '"server_peak_rss_mb":%s}\n' "$(bench_server_rss)"
} >"$tmp/result.json"
mkdir -p bench/results
cp "$tmp/result.json" bench/results/customers.json
echo "server peak RSS: $(bench_server_rss) MB"
echo "written: bench/results/customers.json"
