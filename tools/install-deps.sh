#!/bin/sh
# Installs the Debian packages named as arguments that are missing, and the
# web front end's npm packages. Safe to run again: it does only what is
# missing. Needs root (or sudo) only when a Debian package is missing.
set -eu
cd "$(dirname "$0")/.."

missing=""
for p in "$@"; do
	case $p in
	nodejs|npm)
		# A newer Node.js already on the PATH serves as well.
		command -v "${p%js}" >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done

if [ -n "$missing" ]; then
	echo "installing Debian packages:$missing"
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "missing packages:$missing -- run as root: apt-get install$missing" >&2
		exit 1
	fi
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# Vite 8 needs Node.js 20.19 or later (Debian 12's own nodejs is 18).
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
	process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
	echo "Node.js $(node --version) is too old: the web build needs 20.19 or later" \
		"(e.g. from NodeSource's Debian packages)" >&2
	exit 1
fi

if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then
	echo "installing web front-end packages (npm ci)"
	(cd web && npm ci --no-audit --no-fund)
	touch web/node_modules
fi
