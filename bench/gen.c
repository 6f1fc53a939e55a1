/* bench/gen - makes N realistic mainland customers in a Guanxi database,
 * through the same domain code as the API (validation, pinyin, sealed ID
 * numbers, lookup keys, history), plus an admin user "bench" with password
 * "Bench@12345" and three teams. Companies get 1-3 contacts, and every
 * customer 0-3 interactions in the last 180 days. Deterministic for a
 * given N and seed. Writes are committed 2,000 customers at a time. To add
 * to a database the generator has already filled, give a new seed so that
 * the new customers are not copies of the first ones.
 *
 *   bin/bench_gen --db PATH N [--seed S] */
#include "common.h"
#include "domain/contacts.h"
#include "domain/customers.h"
#include "domain/interactions.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "store/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
	"胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
	"邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜",
	"叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",
	"陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
	"熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎",
	"贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔",
	"欧阳", "上官", "司马",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
	"涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "华", "玉兰", "萍", "红", "鹏",
	"辉", "建华", "建国", "志强", "晓东", "海燕", "雪梅", "丹", "宇", "浩", "欣怡", "子涵",
	"梓轩", "雨桐", "思远", "佳琪", "俊杰", "嘉怡", "博文", "婷", "慧", "倩", "琳", "晨",
	"阳", "楠", "凯", "帆", "颖", "瑶", "蕾", "斌", "亮", "峰", "波", "宁", "健", "鑫",
};
static const char *const cities[] = {"北京", "上海", "广州", "深圳", "杭州", "福州",
	"成都", "武汉", "南京", "青岛", "西安", "重庆", "厦门", "苏州", "长沙"};
static const char *const trades[] = {"科技", "贸易", "物流", "建设", "能源", "电子",
	"食品", "医药", "置业", "汽车服务", "信息技术", "环保"};
static const char *const counties[] = {"110101", "310104", "440106", "330106", "350102",
	"510107", "420106", "320102", "370202", "610113"};
static const char *const mobile_prefixes[] = {"130", "133", "135", "136", "137", "138",
	"139", "150", "151", "158", "159", "166", "177", "180", "186", "188", "189", "199"};
static const char *const tiers[] = {"vip", "key", "general", "general", "general",
	"general", "general", "small", "small", "key"};
static const char *const tags[] = {"宽带", "5G套餐", "信用卡", "理财", "房贷", "物业服务",
	"新能源车主", "老客户", "投诉敏感", "高净值"};


static void digits(char *out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (char)('0' + bench_next() % 10);
	out[n] = '\0';
}

static void resident_id(char *out)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;

	snprintf(out, 19, "%s%04d%02d%02d%03d", PICK(counties), 1950 + (int)(bench_next() % 55),
		 1 + (int)(bench_next() % 12), 1 + (int)(bench_next() % 28), (int)(bench_next() % 1000));
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

static json_t *customer(int64_t team)
{
	char phone[16], phone2[16], id[19], name[64], tail[9];
	bool company = bench_next() % 100 < 15;
	json_t *c;

	digits(tail, 8);
	snprintf(phone, sizeof phone, "%s%s", PICK(mobile_prefixes), tail);
	if (company)
		snprintf(name, sizeof name, "%s%s%s有限公司", PICK(cities), PICK(surnames),
			 PICK(trades));
	else
		snprintf(name, sizeof name, "%s%s%s", PICK(surnames), PICK(given),
			 bench_next() % 2 ? PICK(given) : "");
	c = json_pack("{s:s,s:s,s:[s],s:s,s:[s],s:I}", "type",
		      company ? "corporate" : "individual", "name", name, "phones", phone,
		      "tier", PICK(tiers), "tags", PICK(tags), "team_id", (json_int_t)team);
	if (!company && bench_next() % 10 < 7) {
		resident_id(id);
		json_object_set_new(c, "id_number", json_string(id));
	}
	if (bench_next() % 5 == 0) {
		digits(tail, 8);
		snprintf(phone2, sizeof phone2, "%s%s", PICK(mobile_prefixes), tail);
		json_array_append_new(json_object_get(c, "phones"), json_string(phone2));
	}
	return c;
}

static const char *const titles[] = {"总经理", "副总经理", "财务总监", "采购经理",
	"信息中心主任", "行政主管", "办公室主任", "运营总监"};
static const char *const roles[] = {"decision_maker", "influencer", "user", "other"};
static const char *const channels[] = {"phone", "phone", "phone", "wechat", "sms", "email",
	"visit", "meeting", "weibo"};
static const char *const summaries[] = {"客户来电咨询本月账单明细", "回访故障处理结果，客户满意",
	"通知套餐到期续约事宜", "发送续约方案和报价单", "上门拜访，了解网络需求",
	"客户微信询问活动规则", "客户投诉排队时间长，已转班长"};

static void mobile(char *out, size_t cap)
{
	char tail[9];

	digits(tail, 8);
	snprintf(out, cap, "%s%s", PICK(mobile_prefixes), tail);
}

/* 1-3 contacts of a company; their ids into ids, their number returned. */
static int make_contacts(const struct principal *sys, int64_t customer, int64_t *ids)
{
	int n = 1 + (int)(bench_next() % 3);
	struct contact_rec *k = malloc(sizeof *k);
	struct contact_view view;

	for (int i = 0; i < n && k; i++) {
		struct verr v = {0};
		char name[64], phone[16];
		json_t *c;
		snprintf(name, sizeof name, "%s%s", PICK(surnames), PICK(given));
		mobile(phone, sizeof phone);
		c = json_pack("{s:s,s:s,s:[s],s:s}", "name", name, "title", PICK(titles),
			      "phones", phone, "decision_role", PICK(roles));
		ids[i] = contacts_create(sys, customer, c, k, &view, &v) == 0 ? k->id : 0;
		json_decref(c);
	}
	free(k);
	return k ? n : 0;
}

/* 0-3 interactions of a customer in the last 180 days. */
static int make_interactions(const struct principal *sys, int64_t customer,
			     const int64_t *contacts, int ncontacts)
{
	struct interaction_rec *in = malloc(sizeof *in);
	int n = (int)(bench_next() % 4), rc = in ? 0 : GX_ENOMEM;

	for (int i = 0; i < n && rc == 0; i++) {
		struct verr v = {0};
		char when[CLOCK_RFC3339_LEN];
		json_t *x;
		clock_rfc3339(clock_now_ms() - (int64_t)(bench_next() % (180LL * 86400000)), when);
		x = json_pack("{s:s,s:s,s:s,s:s}", "channel", PICK(channels), "direction",
			      bench_next() % 2 ? "inbound" : "outbound", "occurred_at", when,
			      "summary", PICK(summaries));
		if (ncontacts && contacts[0])
			json_object_set_new(x, "contact_id", json_integer(contacts[bench_next() % ncontacts]));
		rc = interactions_create(sys, customer, x, in, &v);
		json_decref(x);
	}
	free(in);
	return rc;
}

int main(int argc, char **argv)
{
	struct customer_rec *rec = malloc(sizeof *rec);
	struct customer_view *view = malloc(sizeof *view);
	struct principal sys;
	int64_t teams[3];
	long n;

	if ((argc != 4 && (argc != 6 || strcmp(argv[4], "--seed"))) ||
	    strcmp(argv[1], "--db") || (n = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: bench_gen --db PATH N [--seed S]\n");
		return 2;
	}
	if (argc == 6)
		bench_seed(strtoull(argv[5], NULL, 0));
	if (sodium_init() < 0 || !rec || !view)
		return 1;
	log_set_level(LOG_WARN);
	if (bench_open(argv[2], true, &sys, teams) != 0)
		return 1;
	bench_seconds();
	for (long i = 0; i < n; i++) {
		struct verr v = {0};
		json_t *c;
		int64_t contacts[3] = {0};
		int ncontacts = 0, rc;

		if (bench_batch(i, 2000) != 0)
			return 1;
		c = customer(teams[bench_next() % 3]);
		rc = customers_create(&sys, c, rec, view, &v);
		json_decref(c);
		if (rc == 0 && strcmp(rec->type, "individual"))
			ncontacts = make_contacts(&sys, rec->id, contacts);
		if (rc == 0)
			rc = make_interactions(&sys, rec->id, contacts, ncontacts);
		if (rc != 0) {
			fprintf(stderr, "bench_gen: customer %ld: %s %s\n", i,
				v.n ? v.item[0].field : gx_strerror(rc), v.n ? v.item[0].message : "");
			return 1;
		}
		bench_progress(i, "customers");
	}
	if (bench_done() != 0)
		return 1;
	printf("{\"bench\":\"gen\",\"customers\":%ld,\"seconds\":%.1f}\n", n, bench_seconds());
	db_release_thread();
	free(rec);
	free(view);
	return 0;
}
