# bench/lib.sh - sourced by the benchmark scripts: a temporary folder
# removed on exit, a server on a free loopback port, a signed-in session.
# The scripts run from the repository root with `set -eu`.

tmp=$(mktemp -d)
cleanup() {
	[ -n "${pid:-}" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# Starts `guanxi serve` on database $1 (extra serve options after it) and
# waits until it answers; sets port, base and pid, logs to $tmp/server.log.
bench_serve() {
	db=$1
	shift
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	base="http://127.0.0.1:$port"
	bin/guanxi serve --db "$db" --listen "127.0.0.1:$port" --log-level warn "$@" 2>"$tmp/server.log" &
	pid=$!
	for _ in $(seq 100); do
		curl -fs "$base/api/v1/health" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "the server did not start; its log:" >&2
	cat "$tmp/server.log" >&2
	return 1
}

# Signs in as the benchmark user "bench"; sets cookie and csrf.
bench_sign_in() {
	session=$(curl -fs -D "$tmp/headers" -H 'Content-Type: application/json' \
		-d '{"username":"bench","password":"Bench@12345"}' "$base/api/v1/session")
	cookie=$(sed -n 's/^Set-Cookie: \(gx_session=[^;]*\).*/\1/Ip' "$tmp/headers" | tr -d '\r')
	csrf=$(printf '%s' "$session" | python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])')
}

# The peak memory of the server so far, in MB.
bench_server_rss() {
	awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"
}
