#!/bin/sh
# bench/http: wrk on loopback against GET /api/v1/health and an
# authenticated GET /api/v1/users/me. Prints the figures and writes them to
# bench/results/http.json. Environment: DURATION (default 15s), THREADS (2),
# CONNECTIONS (64).
set -eu
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
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

run() { # name path [header]
	out="$tmp/$1.txt"
	if [ $# -gt 2 ]; then
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$3" \
			"http://127.0.0.1:$port$2" >"$out"
	else
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
			"http://127.0.0.1:$port$2" >"$out"
	fi
	printf '%-10s %8s req/s  p50 %7s ms  p99 %7s ms  error lines %s\n' "$1" \
		"$(rps "$out")" "$(p 50% "$out")" "$(p 99% "$out")" "$(errors "$out")"
	printf '"%s":{"path":"%s","requests_per_s":%s,"p50_ms":%s,"p90_ms":%s,"p99_ms":%s,"error_lines":%s}' \
		"$1" "$2" "$(rps "$out")" "$(p 50% "$out")" "$(p 90% "$out")" "$(p 99% "$out")" \
		"$(errors "$out")" >"$tmp/$1.json"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $(nproc) cores"
run health /api/v1/health
run users_me /api/v1/users/me "Cookie: $cookie"
mkdir -p bench/results
{
	printf '{"bench":"http","date":"%s","cores":%s,"threads":%s,"connections":%s,"duration":"%s",' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" "$THREADS" "$CONNECTIONS" "$DURATION"
	cat "$tmp/health.json"; printf ','; cat "$tmp/users_me.json"; printf '}\n'
} >bench/results/http.json
echo "written: bench/results/http.json"
