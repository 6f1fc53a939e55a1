#!/bin/sh
# bench/kb: knowledge-base search and suggestions over HTTP on a database of
# N articles made by bench/kb_gen (default 10,000; DB=path reuses one).
# Each kind of request runs one after another and reports p50/p99; results
# go to bench/results/kb.json. Kinds: search for two-character words and
# longer phrases (found inside longer words), one-character searches,
# searches limited to a category, and suggestions for a work order from
# its ticket category and text.
set -eu
cd "$(dirname "$0")/.."
N=${N:-10000}
SAMPLES=${SAMPLES:-300}
make -s bin/guanxi bin/bench_kb_gen bin/bench_latency
. bench/lib.sh

DB=${DB:-}
if [ -z "$DB" ]; then
	DB=$tmp/kb.db
	echo "generating $N articles"
	bin/bench_kb_gen --db "$DB" "$N"
fi
bench_serve "$DB"
bench_sign_in
articles=$(sqlite3 "$DB" "SELECT count(*) FROM kb_articles")

# What agents type: words of two to four characters, phrases, two words,
# single characters; and work orders' categories with their text.
python3 - "$tmp" "$SAMPLES" <<'PY'
import random, sys, urllib.parse
tmp, n = sys.argv[1], int(sys.argv[2])
random.seed(1)
words = ["停电", "计划停电", "故障停电", "电费", "阶梯电价", "电表", "跳闸", "复电", "抢修",
         "宽带", "宽带故障", "光猫", "网速慢", "套餐变更", "话费", "携号转网", "停机", "5G",
         "信用卡", "信用卡挂失", "挂失", "额度", "年费", "转账", "冻结", "征信", "积分",
         "报修", "漏水", "电梯困人", "物业费", "停车", "门禁", "装修",
         "快递", "丢件", "理赔", "破损", "延误", "保价", "禁寄",
         "保养", "保养预约", "救援", "召回", "年检", "轮胎", "回访", "投诉"]
pairs = ["停电 抢修", "宽带 光猫", "信用卡 挂失", "快递 理赔", "保养 预约", "漏水 报修", "话费 退费"]
singles = ["电", "网", "卡", "费", "修", "车", "停", "险"]
cats = ["repair.power", "repair.network", "repair.property", "repair.water", "complaint.quality",
        "complaint.delay", "complaint.billing", "inquiry.bill", "service.open", "service.change"]
texts = ["客户来电反映小区突然停电，询问何时恢复供电", "家里宽带断网，光猫 LOS 灯红色闪烁",
         "信用卡丢失，担心被盗刷，要求立即挂失", "快递显示已签收但本人没有收到，要求理赔",
         "楼上漏水导致天花板发霉，要求物业处理", "车辆行驶中抛锚，需要道路救援",
         "本月话费异常扣费，要求查询并退费", "电梯困人十分钟，业主投诉救援太慢"]
q = lambda s: urllib.parse.quote(s)
def write(name, lines):
    with open(f"{tmp}/{name}", "w") as f:
        f.write("\n".join(lines) + "\n")
write("search", ["/api/v1/kb/search?q=" + q(random.choice(words + pairs)) for _ in range(n)])
write("single", ["/api/v1/kb/search?q=" + q(random.choice(singles)) for _ in range(n)])
write("category", ["/api/v1/kb/search?category=%d&q=%s" % (random.randint(1, 6), q(random.choice(words)))
                   for _ in range(n)])
write("suggest", ["/api/v1/kb/suggest?category=%s&text=%s" % (random.choice(cats), q(random.choice(texts)))
                  for _ in range(n)])
PY

echo "articles: $articles; $SAMPLES requests of each kind, one at a time"
{
	printf '{"bench":"kb","date":"%s","articles":%s,' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$articles"
	for kind in search single category suggest; do
		bin/bench_latency "$base" "$cookie" "$kind" <"$tmp/$kind" | tr -d '\n'
		printf ','
	done
	printf '"server_peak_rss_mb":%s}\n' "$(bench_server_rss)"
} >"$tmp/result.json"
mkdir -p bench/results
cp "$tmp/result.json" bench/results/kb.json
echo "written: bench/results/kb.json"
