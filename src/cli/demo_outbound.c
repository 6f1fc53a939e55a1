/* demo_outbound.c - the outbound call lists of `guanxi demo`: a callback
 * list and a satisfaction survey over demo customers, arrears reminders
 * and an outage notice from pasted numbers, each worked for a round or two
 * by the demo agents so that entries are in every state, with attempts,
 * retries waiting and appointments to call back. */
#include "cli/demo_outbound.h"
#include "cli/demo_kb.h"
#include "domain/cc_outbound.h"
#include "domain/customers.h"
#include "lib/clock.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE_MS (60LL * 1000)
#define DAY_MS (24LL * 60 * MINUTE_MS)

static const struct {
	const char *owner, *name, *kind, *team, *from, *to, *description;
	int customers, lines, work_percent;
	const char *agents[2];
} lists[] = {
	{"zhangwei", "宽带报修回访（本月）", "callback", "客服一组", "09:00", "20:00",
	 "报修工单结单后 3 天内回访，确认故障已排除", 24, 0, 70, {"liuyang", "wangfang"}},
	{"zhangwei", "年度客户满意度调查", "survey", NULL, "09:00", "20:00",
	 "按 1-5 分记录总体满意度，并记录客户意见", 30, 0, 50, {"liuyang", "wangfang"}},
	{"lijing", "电费欠费提醒", "arrears", "客服二组", "09:00", "18:00",
	 "欠费超过 30 天的用户，提醒缴费并告知停电风险", 0, 18, 60, {"chenjie", "chenjie"}},
	{"lijing", "计划停电通知（朝阳片区）", "outage", NULL, "08:00", "21:00",
	 "周六 8:00-16:00 线路检修停电，逐户电话告知", 0, 12, 80, {"chenjie", "liuyang"}},
};

/* Results of the first round, in turn; the second round ends most. */
static const char *const first_round[] = {"success", "no_answer", "success", "busy",
					  "callback_later", "refused", "unreachable", "success",
					  "no_answer", "wrong_number"};
static const char *const second_round[] = {"success", "no_answer", "success", "busy"};

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
				       "徐", "孙", "马", "朱", "胡", "郭"};
static const char *const given[] = {"建国", "秀英", "伟", "芳", "敏", "静", "磊", "洋", "艳",
				    "勇", "军", "杰", "娟", "涛", "明", "超"};

static int report(const char *what, int rc, const struct verr *v)
{
	fprintf(stderr, "guanxi demo: outbound %s: %s %s\n", what, v->n ? v->item[0].field : "",
		v->n ? v->item[0].message : gx_strerror(rc));
	return rc;
}

/* {"customer_ids": [...]}: the first n customers who may see, from id
 * first on. */
static json_t *customer_ids(const struct principal *who, int64_t first, int n)
{
	json_t *ids = json_array();
	char name[CUST_TEXT_LEN];

	for (int64_t id = first; id < first + 2000 && (int)json_array_size(ids) < n; id++)
		if (customers_visible(who, id, name, sizeof name) == 0)
			json_array_append_new(ids, json_integer(id));
	return json_pack("{s:o}", "customer_ids", ids);
}

/* {"lines": "name,phone\n..."}: n made-up people with mobile numbers. */
static json_t *pasted_lines(int n, int seed)
{
	char *text = calloc((size_t)n, 64);
	size_t used = 0;
	json_t *body;

	if (!text)
		return NULL;
	for (int i = 0; i < n; i++) {
		int k = seed + i * 7;
		used += (size_t)snprintf(text + used, (size_t)n * 64 - used, "%s%s,139%08d\n",
					 surnames[k % 16], given[(k / 3) % 16], 10020000 + k * 131);
	}
	body = json_pack("{s:s}", "lines", text);
	free(text);
	return body;
}

static int make_list(const struct principal *sys, size_t i, struct principal *owner,
		     struct ob_list *l)
{
	struct ob_counts counts;
	struct verr v = {0};
	json_t *f;
	int rc;

	if ((rc = demo_as_user(sys, lists[i].owner, owner)) != 0)
		return rc;
	f = json_pack("{s:s,s:s,s:s,s:s,s:s}", "name", lists[i].name, "kind", lists[i].kind,
		      "call_from", lists[i].from, "call_to", lists[i].to, "description",
		      lists[i].description);
	if (lists[i].team)
		json_object_set_new(f, "team_id", json_integer(owner->team_id));
	rc = ob_list_create(owner, f, l, &counts, &v);
	json_decref(f);
	return rc ? report(lists[i].name, rc, &v) : 0;
}

static int fill_list(const struct principal *owner, size_t i, const struct ob_list *l)
{
	struct ob_import *got = malloc(sizeof *got);
	struct verr v = {0};
	json_t *body = lists[i].customers ? customer_ids(owner, 1 + (int64_t)i * 40,
							 lists[i].customers)
					  : pasted_lines(lists[i].lines, (int)i * 5);
	int rc = body && got ? ob_add_entries(owner, l->id, body, got, &v) : GX_ENOMEM;

	json_decref(body);
	free(got);
	return rc ? report(lists[i].name, rc, &v) : 0;
}

/* Up to max claims on list by the two agents in turn, each ended with the
 * next result of results (nres of them). */
static int work(struct principal *agents, const struct ob_list *l, const char *const *results,
		int nres, int max)
{
	struct ob_entry *e = malloc(sizeof *e);
	struct ob_none why;
	int rc = e ? 0 : GX_ENOMEM;

	for (int k = 0; rc == 0 && k < max; k++) {
		struct verr v = {0};
		json_t *f;
		if ((rc = ob_next(&agents[k % 2], l->id, e, &why, &v)) != 0 || !e->id)
			break;
		f = json_pack("{s:s,s:s}", "result", results[k % nres], "note",
			      !strcmp(results[k % nres], "success") ? "已告知，客户表示清楚" : "");
		if (!strcmp(results[k % nres], "callback_later")) {
			char at[CLOCK_RFC3339_LEN];
			clock_rfc3339(clock_now_ms() + DAY_MS, at);
			json_object_set_new(f, "callback_at", json_string(at));
			json_object_set_new(f, "note", json_string("客户在开会，约明天同一时间再打"));
		}
		rc = ob_result(&agents[k % 2], e->id, f, e, &v);
		json_decref(f);
		if (rc)
			report(l->name, rc, &v);
	}
	free(e);
	return rc;
}

/* Moves the clock into the list's calling hours, if it is outside. */
static void into_hours(const struct ob_list *l)
{
	int64_t now = clock_now_ms();

	clock_advance(ob_window_next(now, l->call_from, l->call_to) - now);
}

static int one_list(const struct principal *sys, size_t i, int64_t started_ms)
{
	struct principal owner, agents[2];
	struct ob_list *l = malloc(sizeof *l);
	int total = lists[i].customers + lists[i].lines, rc;
	int64_t shift;

	if (!l)
		return GX_ENOMEM;
	if ((rc = make_list(sys, i, &owner, l)) != 0 || (rc = fill_list(&owner, i, l)) != 0 ||
	    (rc = demo_as_user(sys, lists[i].agents[0], &agents[0])) != 0 ||
	    (rc = demo_as_user(sys, lists[i].agents[1], &agents[1])) != 0)
		goto out;
	into_hours(l);
	if ((rc = work(agents, l, first_round, 10, total * lists[i].work_percent / 100)) != 0)
		goto out;
	clock_advance((int64_t)l->retry_minutes * MINUTE_MS);
	into_hours(l);
	if ((rc = work(agents, l, second_round, 4, total / 3)) != 0)
		goto out;
	/* Whole days back, so that the times of day stay in the hours. */
	shift = (clock_now_ms() - started_ms + DAY_MS) / DAY_MS * DAY_MS;
	rc = ob_shift_history(sys, l->id, shift);
out:
	free(l);
	return rc;
}

int demo_outbound(const struct principal *sys, int64_t started_ms, int *loaded)
{
	struct ob_list *any = malloc(sizeof *any);
	struct ob_counts counts;
	struct verr v = {0};
	int n = 0, rc;

	*loaded = 0;
	if (!any)
		return GX_ENOMEM;
	if ((rc = ob_lists(sys, NULL, 0, 1, any, &counts, &n, &v)) != 0 || n)
		goto out;
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		if ((rc = one_list(sys, i, started_ms)) != 0)
			goto out;
		(*loaded)++;
	}
out:
	free(any);
	return rc;
}
