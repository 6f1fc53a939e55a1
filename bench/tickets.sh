#!/bin/sh
# bench/tickets: the service desk on a database of N customers (bench/gen,
# default 1,000,000) and M work orders (bench/tickets_gen, default
# 1,000,000, of which OPEN 100,000 open); DB=path reuses one (it is
# changed: the chase marks orders overdue and the transitions move them).
# First the scheduler's chase is timed (bench/chase: the generator's
# backlog, then passes as the clock moves on); then, through HTTP one
# request after another, the first page of every view and filter, an
# order's page, and state transitions, with p50/p99. Results go to
# bench/results/tickets.json, with the server's peak memory.
set -eu
cd "$(dirname "$0")/.."
N=${N:-1000000}
M=${M:-1000000}
OPEN=${OPEN:-100000}
SAMPLES=${SAMPLES:-300}
make -s bin/guanxi bin/bench_gen bin/bench_tickets_gen bin/bench_chase bin/bench_latency
. bench/lib.sh

DB=${DB:-}
if [ -z "$DB" ]; then
	DB=$tmp/b.db
	echo "generating $N customers and $M work orders ($OPEN open)"
	bin/bench_gen --db "$DB" "$N" >/dev/null
	bin/bench_tickets_gen --db "$DB" "$M" "$OPEN" >/dev/null
fi
orders=$(sqlite3 "$DB" "SELECT count(*) FROM tickets")
open=$(sqlite3 "$DB" "SELECT count(*) FROM tickets WHERE state <> 'closed'")
customers=$(sqlite3 "$DB" "SELECT count(*) FROM customers")
echo "customers: $customers; work orders: $orders, $open open"

echo "scheduler passes (tickets.chase)"
bin/bench_chase --db "$DB" >"$tmp/chase.json"

bench_serve "$DB"
bench_sign_in

# The first page (50) of each view, SAMPLES times; teams and categories
# drawn at random.
repeat() { i=0; while [ $i -lt "$SAMPLES" ]; do echo "$1"; i=$((i + 1)); done; }
repeat '/api/v1/tickets?view=my_open&limit=50' >"$tmp/view_my_open"
sqlite3 "$DB" "SELECT '/api/v1/tickets?view=team&limit=50&team_id=' || t.id FROM teams t,
	(SELECT 1 FROM tickets LIMIT $SAMPLES) ORDER BY random() LIMIT $SAMPLES" >"$tmp/view_team"
repeat '/api/v1/tickets?view=unassigned&limit=50' >"$tmp/view_unassigned"
repeat '/api/v1/tickets?view=overdue&limit=50' >"$tmp/view_overdue"
repeat '/api/v1/tickets?view=callback&limit=50' >"$tmp/view_callback"
repeat '/api/v1/tickets?view=all&limit=50' >"$tmp/view_all"
sqlite3 "$DB" "SELECT '/api/v1/tickets?view=all&limit=50&category=' || category FROM tickets
	ORDER BY random() LIMIT $SAMPLES" >"$tmp/view_category"
sqlite3 "$DB" "SELECT '/api/v1/tickets?view=all&limit=50&after=' || id FROM tickets
	ORDER BY random() LIMIT $SAMPLES" >"$tmp/view_deep_page"
sqlite3 "$DB" "SELECT '/api/v1/tickets/' || id FROM tickets ORDER BY random() LIMIT $SAMPLES" \
	>"$tmp/order_page"
# Transitions: orders in progress wait for the customer, then go on.
sqlite3 "$DB" "SELECT id, version FROM tickets WHERE state = 'in_progress'
	ORDER BY random() LIMIT $SAMPLES" >"$tmp/moving"
awk -F'|' '{ printf "POST /api/v1/tickets/%s/transitions {\"to\":\"waiting\",\"version\":%s,\"note\":\"等待客户确认\"}\n", $1, $2 }' \
	"$tmp/moving" >"$tmp/transition_wait"
awk -F'|' '{ printf "POST /api/v1/tickets/%s/transitions {\"to\":\"in_progress\",\"version\":%s}\n", $1, $2 + 1 }' \
	"$tmp/moving" >"$tmp/transition_resume"

echo "$SAMPLES requests of each kind, one at a time"
{
	printf '{"bench":"tickets","date":"%s","customers":%s,"orders":%s,"open":%s,' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$customers" "$orders" "$open"
	printf '"chase":%s,' "$(cat "$tmp/chase.json")"
	for kind in view_my_open view_team view_unassigned view_overdue view_callback view_all \
		view_category view_deep_page order_page; do
		bin/bench_latency "$base" "$cookie" "$kind" <"$tmp/$kind" | tr -d '\n'
		printf ','
	done
	for kind in transition_wait transition_resume; do
		bin/bench_latency "$base" "$cookie" "$kind" "$csrf" <"$tmp/$kind" |
			tr -d '\n'
		printf ','
	done
	printf '"server_peak_rss_mb":%s}\n' "$(bench_server_rss)"
} >"$tmp/result.json"
mkdir -p bench/results
python3 -m json.tool "$tmp/result.json" >/dev/null
cp "$tmp/result.json" bench/results/tickets.json
echo "server peak RSS: $(bench_server_rss) MB"
echo "written: bench/results/tickets.json"
