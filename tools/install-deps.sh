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

if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then
	echo "installing web front-end packages (npm ci)"
	(cd web && npm ci --no-audit --no-fund)
	touch web/node_modules
fi
