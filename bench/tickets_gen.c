/* bench/tickets_gen - adds N work orders (default 1,000,000) to a database
 * made by bench/gen, through the same domain code as the API: each is
 * created with its SLA deadlines, then moved along the closed loop by
 * real transitions and its history moved back to when it happened. The
 * newest OPEN of them (default 100,000) stay open in every open state,
 * begun over the last ten days, so some are overdue and others fall due
 * over the coming hours; the rest are closed with a rating, spread over
 * the year before. A third of the dispatched ones are assigned to the
 * user "bench". Deterministic for a given N; commits 2,000 orders at a
 * time.
 *
 *   bin/bench_tickets_gen --db PATH [N [OPEN]] */
#include "common.h"
#include "domain/customers.h"
#include "domain/tickets.h"
#include "domain/users.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "store/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

static const struct {
	const char *type, *category, *title;
} kinds[] = {
	{"complaint", "complaint.attitude", "营业厅柜员服务态度冷淡"},
	{"complaint", "complaint.billing", "本月话费多扣 30 元"},
	{"complaint", "complaint.delay", "维修人员未按约定时间上门"},
	{"complaint", "complaint.quality", "新装宽带网速达不到签约速率"},
	{"repair", "repair.network", "宽带无法上网，光猫 LOS 灯红色闪烁"},
	{"repair", "repair.power", "小区突然停电"},
	{"repair", "repair.water", "自来水水压不足"},
	{"repair", "repair.property", "电梯运行异响"},
	{"inquiry", "inquiry.product", "咨询 5G 套餐资费和合约优惠"},
	{"inquiry", "inquiry.bill", "查询上月电费为何比平时高"},
	{"inquiry", "inquiry.policy", "咨询阶梯电价和峰谷电价政策"},
	{"service", "service.open", "新装宽带预约上门"},
	{"service", "service.change", "套餐变更"},
	{"suggestion", "suggestion", "建议营业厅延长周末营业时间"},
	{"event", "event", "台风预警，提前检查线路"},
};
static const char *const priorities[] = {"urgent", "high", "high", "normal", "normal",
					 "normal", "normal", "normal", "low", "low"};
static const char *const channels[] = {"phone", "phone", "phone", "wechat", "web", "app",
				       "email"};
/* Where an open order stops, by weight. */
static const char *const open_states[] = {"new", "accepted", "dispatched", "dispatched",
					  "in_progress", "in_progress", "in_progress",
					  "waiting", "resolved", "callback"};
static const char *const closed_path[] = {"accepted", "dispatched", "in_progress",
					  "waiting", "in_progress", "resolved", "callback",
					  "closed"};

struct gen {
	struct principal sys, desk; /* desk: the user "bench" */
	int64_t teams[3];
	struct ticket_rec *t;
};

/* The database of bench_gen, with the user "bench" as the desk. */
static int setup(const char *path, struct gen *g)
{
	struct user_rec *u = malloc(sizeof *u);
	int rc = u && bench_open(path, false, &g->sys, g->teams) == 0 ? 0 : -1;

	if (rc == 0 && (rc = users_find(&g->sys, "bench", u)) == 0) {
		g->desk = g->sys;
		g->desk.user_id = u->id;
		snprintf(g->desk.username, sizeof g->desk.username, "%s", u->username);
	}
	free(u);
	return rc;
}

/* The fields a move to state to needs (NULL: none); the caller frees. */
static json_t *move_fields(const struct gen *g, const char *to)
{
	char now[CLOCK_RFC3339_LEN];

	if (!strcmp(to, "dispatched"))
		return bench_next() % 3 ? json_pack("{s:I}", "team_id", (json_int_t)PICK(g->teams))
				  : json_pack("{s:I,s:I}", "team_id", (json_int_t)PICK(g->teams),
					      "assignee_id", (json_int_t)g->desk.user_id);
	if (!strcmp(to, "waiting"))
		return json_pack("{s:s}", "note", "等待客户补充材料");
	if (!strcmp(to, "resolved")) {
		clock_rfc3339(clock_now_ms(), now);
		return !strcmp(g->t->type, "repair")
			? json_pack("{s:s,s:s}", "resolution", "已上门处理，恢复正常", "restored_at", now)
			: json_pack("{s:s}", "resolution", "已向客户解释并处理完毕");
	}
	if (!strcmp(to, "closed"))
		return json_pack("{s:i,s:s}", "rating", 3 + (int)(bench_next() % 3), "rating_comment",
				 "处理及时，满意");
	return NULL;
}

static int move(struct gen *g, const char *to, struct verr *v)
{
	json_t *f = move_fields(g, to);
	int rc = tkt_transition(&g->desk, g->t->id, g->t->version, to, f, g->t, v);

	json_decref(f);
	return rc;
}

/* One order of customer, begun age_ms ago, left in state final. */
static int one(struct gen *g, int64_t customer, int64_t age_ms, const char *final,
	       struct verr *v)
{
	size_t k = bench_next() % (sizeof kinds / sizeof *kinds);
	json_t *f = json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s}", "type", kinds[k].type,
			      "customer_id", (json_int_t)customer, "title", kinds[k].title,
			      "description", "客户来电反映，详情见标题。", "category",
			      kinds[k].category, "priority", PICK(priorities), "channel",
			      PICK(channels));
	int rc;

	if (!strcmp(kinds[k].type, "repair")) {
		json_object_set_new(f, "fault_location", json_string("客户家中入户线路"));
		json_object_set_new(f, "fault_nature", json_string("设备故障"));
	}
	rc = tkt_create(&g->desk, f, g->t, v);
	json_decref(f);
	if (strcmp(final, "new")) {
		/* The closed loop up to final; the pause only on some orders. */
		bool pause = !strcmp(final, "waiting") || bench_next() % 5 == 0;
		for (size_t i = 0; rc == 0 && i < sizeof closed_path / sizeof *closed_path; i++) {
			if (!pause && (i == 3 || i == 4))
				continue;
			rc = move(g, closed_path[i], v);
			if (!strcmp(closed_path[i], final))
				break;
		}
	}
	return rc ? rc : tkt_shift_history(&g->sys, g->t->id, age_ms);
}

/* The highest customer id: bench_gen numbers them from 1 without gaps. */
static int64_t last_customer(const struct principal *sys)
{
	int64_t lo = 0, hi = 1;
	char name[CUST_TEXT_LEN];

	while (customers_visible(sys, hi, name, sizeof name) == 0) {
		lo = hi;
		hi *= 2;
	}
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (customers_visible(sys, mid, name, sizeof name) == 0)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int main(int argc, char **argv)
{
	struct gen g = {.t = malloc(sizeof *g.t)};
	long n = argc > 3 ? atol(argv[3]) : 1000000;
	long open = argc > 4 ? atol(argv[4]) : 100000;
	int64_t customers;

	if (argc < 3 || argc > 5 || strcmp(argv[1], "--db") || n <= 0 || open < 0 || open > n) {
		fprintf(stderr, "usage: bench_tickets_gen --db PATH [N [OPEN]]\n");
		return 2;
	}
	if (sodium_init() < 0 || !g.t)
		return 1;
	log_set_level(LOG_WARN);
	bench_seed(0x2545F4914F6CDD1DULL);
	if (setup(argv[2], &g) != 0)
		return 1;
	if ((customers = last_customer(&g.sys)) <= 0) {
		fprintf(stderr, "bench_tickets_gen: no customers in %s\n", argv[2]);
		return 1;
	}
	bench_seconds();
	for (long i = 0; i < n; i++) {
		struct verr v = {0};
		bool is_open = i >= n - open;
		/* Closed ones over the year before the last ten days, open ones
		 * over those ten days, oldest first. */
		int64_t age = is_open ? 10 * DAY_MS * (n - i) / (open ? open : 1)
				      : 10 * DAY_MS + 355 * DAY_MS * (n - open - i) / (n - open);
		int rc;

		if (bench_batch(i, 2000) != 0)
			return 1;
		rc = one(&g, 1 + (int64_t)(bench_next() % (uint64_t)customers), age,
			 is_open ? PICK(open_states) : "closed", &v);
		if (rc != 0) {
			fprintf(stderr, "bench_tickets_gen: order %ld: %s %s\n", i,
				v.n ? v.item[0].field : gx_strerror(rc), v.n ? v.item[0].message : "");
			return 1;
		}
		bench_progress(i, "orders");
	}
	if (bench_done() != 0)
		return 1;
	printf("{\"bench\":\"tickets_gen\",\"orders\":%ld,\"open\":%ld,\"seconds\":%.1f}\n", n,
	       open, bench_seconds());
	db_release_thread();
	free(g.t);
	return 0;
}
