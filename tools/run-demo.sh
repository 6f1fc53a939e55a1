#!/bin/sh
# `make run`: creates ./var/guanxi.db with demo data if it does not exist,
# then serves API and web front end until Ctrl-C.
set -eu
cd "$(dirname "$0")/.."
DB=${GUANXI_DB:-var/guanxi.db}
LISTEN=${GUANXI_LISTEN:-127.0.0.1:8080}

mkdir -p "$(dirname "$DB")"
if [ ! -f "$DB" ]; then
	bin/guanxi init --db "$DB"
	bin/guanxi demo --db "$DB" --customers data/demo/customers.jsonl
fi
cat <<MSG

  关系 Guanxi is starting.
  Open      http://$LISTEN/
  Sign in   admin / Guanxi@2026   (系统管理员; every demo user has this password,
            e.g. zhangwei 班长, liuyang 坐席)
  Database  $DB   (delete it to start again with fresh demo data)
  Stop      Ctrl-C

MSG
exec bin/guanxi serve --db "$DB" --listen "$LISTEN" --web web/dist
