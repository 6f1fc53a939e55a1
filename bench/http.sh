#!/bin/sh
# bench/http: wrk on loopback against GET /api/v1/health and an
# authenticated GET /api/v1/users/me, RUNS times each; prints every run and
# the median, and writes them to bench/results/http.json. The median,
# because on a shared two-core machine with wrk beside the server the p99
# of one saturating run swings by several milliseconds.
# Environment: DURATION (default 15s), RUNS (3), THREADS (2), CONNECTIONS
# (64), SERVE_ARGS (extra `guanxi serve` options).
set -eu
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "bench/http needs wrk (apt-get install wrk)" >&2; exit 1; }

tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
	[ -n "${pid:-}" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

bin/guanxi init --db "$tmp/b.db" >/dev/null
echo 'Bench@12345' | bin/guanxi user add --db "$tmp/b.db" --username bench --role admin >/dev/null
bin/guanxi serve --db "$tmp/b.db" --listen "127.0.0.1:$port" ${SERVE_ARGS:-} 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 50); do
	curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
	sleep 0.1
done
cookie=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
	-d '{"username":"bench","password":"Bench@12345"}' \
	"http://127.0.0.1:$port/api/v1/session" | sed -n 's/^Set-Cookie: \(gx_session=[^;]*\).*/\1/Ip')
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }

# wrk's latency distribution line "99%  1.23ms" in milliseconds.
p() {
	awk -v q="$1" '$1 == q {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000;
		printf "%.3f", v }' "$2"
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
errors() { awk '/Non-2xx|Socket errors/ { n++ } END { print n + 0 }' "$1"; }

one_run() { # out path [header]
	if [ $# -gt 2 ]; then
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$3" \
			"http://127.0.0.1:$port$2" >"$1"
	else
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
			"http://127.0.0.1:$port$2" >"$1"
	fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

run() { # name path [header]
	name=$1
	: >"$tmp/$name.runs"
	for i in $(seq "$RUNS"); do
		out="$tmp/$name.$i.txt"
		one_run "$out" "$2" ${3:+"$3"}
		printf '%-10s run %s  %8s req/s  p50 %7s ms  p99 %7s ms  error lines %s\n' "$name" "$i" \
			"$(rps "$out")" "$(p 50% "$out")" "$(p 99% "$out")" "$(errors "$out")"
		printf '%s %s %s %s %s\n' "$(rps "$out")" "$(p 50% "$out")" "$(p 90% "$out")" \
			"$(p 99% "$out")" "$(errors "$out")" >>"$tmp/$name.runs"
	done
	col() { awk -v c="$1" '{ print $c }' "$tmp/$name.runs" | median; }
	printf '%-10s median %8s req/s  p50 %7s ms  p99 %7s ms\n' "$name" "$(col 1)" "$(col 2)" "$(col 4)"
	runs=$(awk '{ printf "%s{\"requests_per_s\":%s,\"p50_ms\":%s,\"p90_ms\":%s,\"p99_ms\":%s,\"error_lines\":%s}", \
		(NR > 1 ? "," : ""), $1, $2, $3, $4, $5 }' "$tmp/$name.runs")
	printf '"%s":{"path":"%s","median":{"requests_per_s":%s,"p50_ms":%s,"p90_ms":%s,"p99_ms":%s},"runs":[%s]}' \
		"$name" "$2" "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$runs" >"$tmp/$name.json"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS runs each, on $(nproc) cores"
run health /api/v1/health
run users_me /api/v1/users/me "Cookie: $cookie"
mkdir -p bench/results
{
	printf '{"bench":"http","date":"%s","cores":%s,"wrk_threads":%s,"connections":%s,"duration":"%s","runs":%s,' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" "$THREADS" "$CONNECTIONS" "$DURATION" "$RUNS"
	cat "$tmp/health.json"; printf ','; cat "$tmp/users_me.json"; printf '}\n'
} >bench/results/http.json
echo "written: bench/results/http.json"
