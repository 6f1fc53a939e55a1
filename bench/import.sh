#!/bin/sh
# bench/import: N generated customers (default 100,000; a quarter with a
# resident ID number) imported through POST /api/v1/imports/customers into
# a new database in one request, then exported again as CSV and as Excel.
# Prints rows per second for each and writes bench/results/import.json,
# with the server's peak memory (VmHWM).
set -eu
cd "$(dirname "$0")/.."
N=${N:-100000}
make -s bin/guanxi
. bench/lib.sh

bin/guanxi init --db "$tmp/b.db" >/dev/null
printf 'Bench@12345\n' | bin/guanxi user add --db "$tmp/b.db" --username bench --role admin >/dev/null

# Names from common surnames and given-name characters; unique phones and
# emails; valid resident ID numbers (ISO 7064 check character).
awk -v n="$N" 'BEGIN {
	split("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 罗 高", sn, " ")
	split("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀 霞 平 刚", gn, " ")
	split("贵宾 重点 一般 零散", tier, " ")
	split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
	checks = "10X98765432"
	print "类型,名称,电话,邮箱,证件号码,性别,生日,等级,标签,地址,备注"
	for (i = 0; i < n; i++) {
		name = sn[i % 20 + 1] gn[int(i / 20) % 20 + 1] gn[int(i / 400) % 20 + 1]
		id = ""; birthday = ""
		if (i % 4 == 0) {
			y = 1950 + (i / 4) % 50; m = 1 + int(i / 200) % 12; d = 1 + int(i / 2400) % 28
			base = sprintf("350102%04d%02d%02d%03d", y, m, d, int(i / 4) % 1000)
			s = 0
			for (k = 1; k <= 17; k++) s += substr(base, k, 1) * w[k]
			id = base substr(checks, s % 11 + 1, 1)
			birthday = sprintf("%04d-%02d-%02d", y, m, d)
		}
		printf "个人,%s,139%08d,c%d@example.com,%s,%s,%s,%s,宽带、VIP,福建省福州市鼓楼区五四路%d号,第 %d 行导入\n",
			name, i, i, id, i % 2 ? "男" : "女", birthday, tier[i % 4 + 1], i, i
	}
}' >"$tmp/customers.csv"

bench_serve "$tmp/b.db"
bench_sign_in

now() { date +%s.%N; }
echo "importing $N customers ($(du -h "$tmp/customers.csv" | cut -f1) of CSV)"
t0=$(now)
curl -fsS -b "$cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv; charset=utf-8' \
	--data-binary @"$tmp/customers.csv" "$base/api/v1/imports/customers" >"$tmp/import.json"
t1=$(now)
imported=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["imported"])' "$tmp/import.json")
curl -fsS -b "$cookie" -o "$tmp/out.csv" "$base/api/v1/customers/export?format=csv"
t2=$(now)
curl -fsS -b "$cookie" -o "$tmp/out.xlsx" "$base/api/v1/customers/export?format=xlsx"
t3=$(now)
exported=$(($(wc -l <"$tmp/out.csv") - 1))
peak=$(bench_server_rss)

python3 - "$N" "$imported" "$exported" "$t0" "$t1" "$t2" "$t3" "$peak" >"$tmp/result.json" <<'PY'
import json, sys, datetime
n, imported, exported = map(int, sys.argv[1:4])
t0, t1, t2, t3 = map(float, sys.argv[4:8])
print(json.dumps({
    "bench": "import",
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "rows": n, "imported": imported,
    "import_seconds": round(t1 - t0, 2), "import_rows_per_s": round(imported / (t1 - t0)),
    "export_csv_seconds": round(t2 - t1, 2), "export_csv_rows_per_s": round(exported / (t2 - t1)),
    "export_xlsx_seconds": round(t3 - t2, 2), "export_xlsx_rows_per_s": round(exported / (t3 - t2)),
    "server_peak_rss_mb": int(sys.argv[8]),
}))
PY
mkdir -p bench/results
cp "$tmp/result.json" bench/results/import.json
cat bench/results/import.json
[ "$imported" -eq "$N" ] || { echo "imported $imported of $N" >&2; exit 1; }
