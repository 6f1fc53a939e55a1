#!/bin/sh
# bench/cc: the contact centre. On a COPY of a customer database (SRC,
# default /work/b1m.db with its .key; or N customers made by bench/gen
# when SRC is empty) bench/cc_gen adds QUEUES skills and queues and AGENTS
# ready agents; DB=path reuses a database cc_gen has prepared already.
#   cc_route.json   the routing decision in-process (bench/route), p50/p99
#   cc_cti.json     over HTTP (bench/cti): ringing latency, throughput of
#                   whole calls with a check that nothing was lost, and the
#                   screen pop's latency to the agents' live streams
#   callsim.json    the call simulator (bench/callsim) on a fresh database
#                   of its own: measured service level and ASA against
#                   Erlang C (SIM_* below; SIM=0 skips it)
# Results go to bench/results/, with the server's peak memory.
set -eu
cd "$(dirname "$0")/.."
SRC=${SRC-/work/b1m.db}
N=${N:-1000000}
AGENTS=${AGENTS:-500}
QUEUES=${QUEUES:-50}
DECISIONS=${DECISIONS:-10000}
ROUTING=${ROUTING:-2000}
THREADS=${THREADS:-16}
SECONDS_=${SECONDS_:-20}
POP_AGENTS=${POP_AGENTS:-20}
POPS=${POPS:-2000}
SIM=${SIM:-1}
SIM_AGENTS=${SIM_AGENTS:-10}
SIM_AHT=${SIM_AHT:-2}
SIM_RATE=${SIM_RATE:-4}
SIM_DURATION=${SIM_DURATION:-1500}
make -s bin/guanxi bin/bench_gen bin/bench_cc_gen bin/bench_route bin/bench_cti bin/bench_callsim
. bench/lib.sh
mkdir -p bench/results

DB=${DB:-}
if [ -z "$DB" ]; then
	DB=$tmp/cc.db
	if [ -n "$SRC" ]; then
		echo "copying $SRC"
		cp "$SRC" "$DB"
		cp "$SRC.key" "$DB.key"
	else
		echo "generating $N customers"
		bin/bench_gen --db "$DB" "$N" >/dev/null
	fi
	echo "adding $QUEUES queues and $AGENTS agents"
	bin/bench_cc_gen --db "$DB" "$AGENTS" "$QUEUES"
fi
customers=$(sqlite3 "$DB" "SELECT count(*) FROM customers")
agents=$(sqlite3 "$DB" "SELECT count(*) FROM cc_agents")
echo "customers: $customers; agents: $agents"

echo "routing decisions in-process"
bin/bench_route --db "$DB" "$DECISIONS" >"$tmp/route.json"
printf '{"bench":"cc_route","date":"%s","customers":%s,"agents":%s,"result":%s}\n' \
	"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$customers" "$agents" "$(cat "$tmp/route.json")" \
	>"$tmp/cc_route.json"
python3 -m json.tool "$tmp/cc_route.json" >/dev/null
cp "$tmp/cc_route.json" bench/results/cc_route.json

sqlite3 "$DB" "SELECT value FROM customer_keys WHERE kind = 'phone' ORDER BY random() LIMIT 5000" \
	>"$tmp/phones"
bench_serve "$DB"
echo "over HTTP: routing, throughput ($THREADS connections, ${SECONDS_} s), screen pop"
status=0
bin/bench_cti --url "$base" --db "$DB" --phones "$tmp/phones" --routing "$ROUTING" \
	--threads "$THREADS" --seconds "$SECONDS_" --pop-agents "$POP_AGENTS" --pops "$POPS" \
	>"$tmp/cti.json" || status=1
printf '{"bench":"cc_cti","date":"%s","customers":%s,"agents":%s,"result":%s,"server_peak_rss_mb":%s}\n' \
	"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$customers" "$agents" "$(cat "$tmp/cti.json")" \
	"$(bench_server_rss)" >"$tmp/cc_cti.json"
python3 -m json.tool "$tmp/cc_cti.json" >/dev/null
cp "$tmp/cc_cti.json" bench/results/cc_cti.json
echo "written: bench/results/cc_route.json bench/results/cc_cti.json"
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
pid=

if [ "$SIM" != 0 ]; then
	# A database of its own: the simulator's queue shares no agent.
	bin/guanxi init --db "$tmp/sim.db" >/dev/null
	echo 'Bench@12345' | bin/guanxi user add --db "$tmp/sim.db" --username bench --role admin \
		>/dev/null
	bench_serve "$tmp/sim.db"
	echo "call simulator: $SIM_AGENTS agents, AHT $SIM_AHT s, $SIM_RATE calls/s, $SIM_DURATION s"
	bin/bench_callsim --url "$base" --agents "$SIM_AGENTS" --aht "$SIM_AHT" --rate "$SIM_RATE" \
		--duration "$SIM_DURATION" || status=1
fi
exit $status
