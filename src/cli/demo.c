/* demo.c - `guanxi demo`: teams, users, customers with their contacts and
 * interactions, tasks, work orders (demo_tickets.c) and outbound call lists
 * (demo_outbound.c) a new installation
 * can sign in to and work with right away. Idempotent: what exists already
 * is left as it is. */
#include "cli/cli.h"
#include "cli/demo_kb.h"
#include "cli/demo_cc.h"
#include "cli/demo_outbound.h"
#include "domain/contacts.h"
#include "domain/customers.h"
#include "domain/interactions.h"
#include "domain/tasks.h"
#include "domain/users.h"
#include "lib/clock.h"
#include "store/db.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "Guanxi@2026"

static const struct {
	const char *username, *display_name, *role, *team;
	int level;
} demo_users[] = {
	{"admin", "系统管理员", "admin", NULL, 9},
	{"zhangwei", "张伟", "supervisor", "客服一组", 5},
	{"liuyang", "刘洋", "agent", "客服一组", 2},
	{"wangfang", "王芳", "agent", "客服一组", 1},
	{"lijing", "李静", "supervisor", "客服二组", 5},
	{"chenjie", "陈杰", "agent", "客服二组", 2},
	{"zhaomin", "赵敏", "account_manager", "大客户部", 4},
	{"sunli", "孙丽", "analyst", "质检与分析组", 3},
	{"zhouqiang", "周强", "reviewer", "质检与分析组", 3},
};

/* Moves the demo-only keys "owner" (a username) and "team" (a team name)
 * of one customer line into owner_id and team_id. */
static int resolve_people(const struct principal *sys, json_t *c)
{
	const char *owner = json_string_value(json_object_get(c, "owner"));
	const char *team = json_string_value(json_object_get(c, "team"));
	struct user_rec u;
	struct team_rec t;
	int rc;

	if (owner) {
		if ((rc = users_find(sys, owner, &u)) != 0)
			return rc;
		json_object_set_new(c, "owner_id", json_integer(u.id));
	}
	if (team) {
		if ((rc = teams_ensure(sys, team, &t)) != 0)
			return rc;
		json_object_set_new(c, "team_id", json_integer(t.id));
	}
	json_object_del(c, "owner");
	json_object_del(c, "team");
	return 0;
}

/* The demo user who logged an interaction: the operator acting under
 * that user's name, so the log shows who it was. */
static int acting_as(const struct principal *sys, const char *username,
		     struct principal *out)
{
	struct user_rec u;
	int rc;

	*out = *sys;
	if (!username)
		return 0;
	if ((rc = users_find(sys, username, &u)) != 0)
		return rc;
	out->user_id = u.id;
	out->team_id = u.team_id;
	snprintf(out->username, sizeof out->username, "%s", u.username);
	return 0;
}

/* Creates the demo-only lists "contacts" and "interactions" of customer
 * c (already created as customer_id). An interaction's "days_ago" becomes
 * its time before now, its "contact" (an index into contacts) the
 * contact's id, its "by" the user who logged it. */
static int load_related(const struct principal *sys, int64_t customer_id, json_t *c,
			struct verr *v)
{
	json_t *contacts = json_object_get(c, "contacts"), *it;
	int64_t ids[CONTACTS_PER_CUSTOMER_MAX] = {0};
	struct contact_rec *k = malloc(sizeof *k);
	struct interaction_rec *in = malloc(sizeof *in);
	struct contact_view view;
	size_t i;
	int rc = k && in ? 0 : GX_ENOMEM;

	json_array_foreach(contacts, i, it) {
		if (rc || i >= CONTACTS_PER_CUSTOMER_MAX)
			break;
		if ((rc = contacts_create(sys, customer_id, it, k, &view, v)) == 0)
			ids[i] = k->id;
	}
	json_array_foreach(json_object_get(c, "interactions"), i, it) {
		struct principal by;
		json_int_t contact = json_integer_value(json_object_get(it, "contact"));
		char when[CLOCK_RFC3339_LEN];
		if (rc)
			break;
		clock_rfc3339(clock_now_ms() - (int64_t)(json_number_value(
				      json_object_get(it, "days_ago")) * 86400000.0), when);
		json_object_set_new(it, "occurred_at", json_string(when));
		if (json_object_get(it, "contact") && contact >= 0 &&
		    contact < CONTACTS_PER_CUSTOMER_MAX && ids[contact])
			json_object_set_new(it, "contact_id", json_integer(ids[contact]));
		rc = acting_as(sys, json_string_value(json_object_get(it, "by")), &by);
		json_object_del(it, "days_ago");
		json_object_del(it, "contact");
		json_object_del(it, "by");
		if (rc == 0)
			rc = interactions_create(&by, customer_id, it, in, v);
	}
	free(k);
	free(in);
	return rc;
}

/* Loads customers from a JSON-lines file unless there are some already. */
static int load_customers(const struct principal *sys, const char *path, int *loaded)
{
	struct customer_search none = {.limit = 1};
	struct customer_rec *rec = malloc(sizeof *rec);
	struct customer_view *view = malloc(sizeof *view);
	struct verr v = {0};
	char *line = NULL;
	size_t cap = 0;
	int n = 0, lineno = 0, rc = 0;
	FILE *f = NULL;

	*loaded = 0;
	if (!rec || !view || (rc = customers_list(sys, &none, rec, view, &n, &v)) != 0 || n)
		goto out;
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "guanxi demo: cannot open %s\n", path);
		rc = GX_ENOTFOUND;
		goto out;
	}
	db_fast_load(db_get());
	while (getline(&line, &cap, f) > 0) {
		json_t *c = json_loads(line, 0, NULL), *related = json_object();
		lineno++;
		memset(&v, 0, sizeof v);
		rc = c ? resolve_people(sys, c) : GX_EINVAL;
		/* Contacts and interactions are made once the customer exists. */
		if (rc == 0) {
			json_object_set(related, "contacts", json_object_get(c, "contacts"));
			json_object_set(related, "interactions", json_object_get(c, "interactions"));
			json_object_del(c, "contacts");
			json_object_del(c, "interactions");
			rc = customers_create(sys, c, rec, view, &v);
		}
		if (rc == 0)
			rc = load_related(sys, rec->id, related, &v);
		json_decref(c);
		json_decref(related);
		if (rc != 0) {
			fprintf(stderr, "guanxi demo: %s line %d: %s %s\n", path, lineno,
				v.n ? v.item[0].field : "", v.n ? v.item[0].message : gx_strerror(rc));
			goto out;
		}
		(*loaded)++;
	}
out:
	if (f)
		fclose(f);
	free(line);
	free(rec);
	free(view);
	return rc;
}

#define HOUR_MS (3600LL * 1000)

/* Tasks between the demo users, due relative to now (due_hours 0: no due
 * date; negative: already overdue). customer: link the creator's n-th
 * visible customer (0: none), when demo customers are loaded. */
static const struct {
	const char *creator, *assignee, *title, *priority;
	int due_hours, customer;
} demo_tasks[] = {
	{"zhangwei", "liuyang", "回访投诉客户，确认宽带故障已修复", "urgent", -26, 1},
	{"zhangwei", "liuyang", "核对本月话费争议账单并回复客户", "high", 4, 2},
	{"zhangwei", "wangfang", "整理上周满意度回访记录", "normal", -3, 0},
	{"zhangwei", "wangfang", "联系客户确认上门维修时间", "high", 20, 3},
	{"liuyang", "liuyang", "给客户补寄增值税发票", "low", 72, 4},
	{"lijing", "chenjie", "跟进新装宽带的开户资料", "normal", -50, 1},
	{"lijing", "chenjie", "电话回访 VIP 客户，了解续约意向", "urgent", 2, 2},
	{"chenjie", "lijing", "申请调整下周排班", "low", 30, 0},
	{"zhaomin", "zhaomin", "拜访大客户，沟通年度续约方案", "high", 48, 1},
	{"zhaomin", "zhaomin", "准备季度客户经营分析报告", "normal", -5, 0},
	{"admin", "zhangwei", "检查客服一组本周任务完成情况", "normal", 120, 0},
	{"sunli", "sunli", "汇总本月投诉分类数据", "normal", 0, 0},
	{"zhouqiang", "zhouqiang", "复核本周新建客户资料", "low", 0, 0},
};

int demo_as_user(const struct principal *sys, const char *username, struct principal *out)
{
	struct user_rec *u = malloc(sizeof *u);
	int rc = u ? users_find(sys, username, u) : GX_ENOMEM;

	if (rc == 0) {
		memset(out, 0, sizeof *out);
		out->user_id = u->id;
		snprintf(out->username, sizeof out->username, "%s", u->username);
		out->team_id = u->team_id;
		out->level = u->level;
		out->perms = perm_mask(u->permissions);
		snprintf(out->ip, sizeof out->ip, "local");
	}
	free(u);
	return rc;
}

/* The id of the n-th customer (by id) that who may see, 0 if none. */
static int64_t nth_customer(const struct principal *who, int n)
{
	char name[CUST_TEXT_LEN];

	for (int64_t id = 1, seen = 0; id <= 5000; id++)
		if (customers_visible(who, id, name, sizeof name) == 0 && ++seen == n)
			return id;
	return 0;
}

/* Creates the demo tasks unless there are tasks already. */
static int load_tasks(const struct principal *sys, int *loaded)
{
	struct task_search any = {.view = "all", .status = "all", .limit = 1};
	struct task_rec *t = malloc(sizeof *t);
	struct principal creator, assignee;
	struct verr v = {0};
	int n = 0, rc = GX_ENOMEM;

	*loaded = 0;
	if (!t || (rc = tasks_list(sys, &any, t, &n, &v)) != 0 || n)
		goto out;
	for (size_t i = 0; i < sizeof demo_tasks / sizeof *demo_tasks; i++) {
		json_t *f;
		if ((rc = demo_as_user(sys, demo_tasks[i].creator, &creator)) != 0 ||
		    (rc = demo_as_user(sys, demo_tasks[i].assignee, &assignee)) != 0)
			goto out;
		f = json_pack("{s:s,s:s,s:I}", "title", demo_tasks[i].title, "priority",
			      demo_tasks[i].priority, "assignee_id", (json_int_t)assignee.user_id);
		if (demo_tasks[i].due_hours) {
			char due[CLOCK_RFC3339_LEN];
			clock_rfc3339(clock_now_ms() + demo_tasks[i].due_hours * HOUR_MS, due);
			json_object_set_new(f, "due_at", json_string(due));
		}
		int64_t customer = demo_tasks[i].customer
			? nth_customer(&creator, demo_tasks[i].customer) : 0;
		if (customer)
			json_object_set_new(f, "customer_id", json_integer(customer));
		memset(&v, 0, sizeof v);
		rc = tasks_create(&creator, f, t, &v);
		json_decref(f);
		if (rc != 0) {
			fprintf(stderr, "guanxi demo: task \"%s\": %s %s\n", demo_tasks[i].title,
				v.n ? v.item[0].field : "", v.n ? v.item[0].message : gx_strerror(rc));
			goto out;
		}
		(*loaded)++;
	}
out:
	free(t);
	return rc;
}

int cli_demo(struct cli_opts *o)
{
	struct principal sys;
	int created = 0;
	/* Before the work orders move this process's clock on. */
	int64_t started = clock_now_ms();

	if (cli_open_db(o, true) != 0)
		return 1;
	principal_system(&sys);
	for (size_t i = 0; i < sizeof demo_users / sizeof *demo_users; i++) {
		struct user_input in = {0};
		struct user_rec u;
		struct team_rec t;
		struct verr v = {0};
		int rc;

		if (users_find(&sys, demo_users[i].username, &u) == 0)
			continue;
		in.username = demo_users[i].username;
		in.display_name = demo_users[i].display_name;
		in.password = DEMO_PASSWORD;
		in.roles[in.nroles++] = demo_users[i].role;
		in.has_level = true;
		in.level = demo_users[i].level;
		if (demo_users[i].team) {
			if ((rc = teams_ensure(&sys, demo_users[i].team, &t)) != 0)
				goto fail;
			in.has_team = true;
			in.team_id = t.id;
		}
		if ((rc = users_create(&sys, &in, &u, &v)) != 0)
			goto fail;
		created++;
		continue;
fail:
		fprintf(stderr, "guanxi demo: %s: %s\n", demo_users[i].username,
			v.n ? v.item[0].message : gx_strerror(rc));
		db_release_thread();
		return 1;
	}
	int customers = 0;
	if (o->customers && load_customers(&sys, o->customers, &customers) != 0) {
		db_release_thread();
		return 1;
	}
	int tasks = 0;
	if (load_tasks(&sys, &tasks) != 0) {
		db_release_thread();
		return 1;
	}
	int tickets = 0, articles = 0, call_lists = 0, calls = 0;
	if (demo_tickets(&sys, &tickets) != 0 || demo_kb_load(&sys, &articles) != 0 ||
	    demo_cc(&sys, started, &calls) != 0 || demo_outbound(&sys, started, &call_lists) != 0) {
		db_release_thread();
		return 1;
	}
	printf("demo data ready: %d users, %d customers, %d tasks, %d work orders, %d"
	       " knowledge-base articles, %d calls and %d outbound call lists created; every demo"
	       " user's password is %s\n", created, customers, tasks, tickets, articles, calls,
	       call_lists, DEMO_PASSWORD);
	db_release_thread();
	return 0;
}
