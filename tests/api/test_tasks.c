/* Tasks (SAL-2): create and validation, assignment to disabled or unknown
 * users, "my tasks" with the overdue ones first as the test clock moves,
 * cursor paging, versions, who sees and changes which task, completion,
 * deletion, the home-page counts and permissions. */
#include "harness.h"

#include <string.h>
#include <time.h>

/* ms as "2026-11-22T08:00:00Z"; the caller frees. */
static char *iso(long long ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[32];

	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	return xasprintf("%s", buf);
}

/* A task titled title, due at due_ms (0: no due date); returns its id. */
static json_int_t add_task(gx_client *c, const char *title, long long due_ms)
{
	char *due = due_ms ? iso(due_ms) : NULL;
	http_resp *r = due
		? http_pack(c, "POST", "/api/v1/tasks", "{s:s,s:s}", "title", title, "due_at", due)
		: http_pack(c, "POST", "/api/v1/tasks", "{s:s}", "title", title);

	free(due);
	expect_status(r, 201);
	return jint(r->json, "id");
}

static char *task_path(json_int_t id)
{
	return xasprintf("/api/v1/tasks/%lld", (long long)id);
}

/* The titles of a list page joined by ",", for comparing orders. */
static char *titles(http_resp *r)
{
	char *out = xasprintf("%s", "");
	json_t *it;
	size_t i;

	json_array_foreach(jget(r->json, "items"), i, it) {
		char *next = xasprintf("%s%s%s", out, i ? "," : "", jstr(it, "title"));
		free(out);
		out = next;
	}
	return out;
}

static void expect_titles(gx_client *c, const char *path, const char *want)
{
	http_resp *r = http_get(c, path);
	char *got;

	expect_status(r, 200);
	got = titles(r);
	if (strcmp(got, want) != 0) {
		char *msg = xasprintf("%s: got [%s], want [%s]", path, got, want);
		free(got);
		fail_msg("%s", msg);
	}
	free(got);
}

static void test_task_create_defaults_and_reads_back(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t me = jint(http_get(g, "/api/v1/users/me")->json, "id");
	http_resp *c = http_pack(g, "POST", "/api/v1/customers", "{s:s,s:s}", "type",
				 "individual", "name", "张先生");
	json_int_t order = new_ticket(g, jint(c->json, "id"), "repair", "宽带无法上网");
	http_resp *r = http_pack(g, "POST", "/api/v1/tasks", "{s:s,s:s,s:s,s:I}",
				 "title", "回访张先生", "description", "确认宽带已修复\n并记录满意度",
				 "priority", "urgent", "ticket_id", order);

	expect_status(r, 201);
	assert_int_equal(jint(r->json, "assignee.id"), me);
	assert_int_equal(jint(r->json, "created_by.id"), me);
	assert_string_equal(jstr(r->json, "status"), "open");
	assert_string_equal(jstr(r->json, "priority"), "urgent");
	assert_true(json_is_null(jget(r->json, "due_at")));
	assert_true(json_is_false(jget(r->json, "overdue")));
	assert_int_equal(jint(r->json, "ticket_id"), order);
	/* An order that does not exist is no link. */
	expect_field(http_pack(g, "POST", "/api/v1/tasks", "{s:s,s:I}", "title", "x", "ticket_id",
			       order + 1000), "ticket_id");
	assert_true(json_is_null(jget(r->json, "customer")));
	assert_int_equal(jint(r->json, "version"), 1);
	char *path = task_path(jint(r->json, "id"));
	http_resp *back = http_get(g, path);
	free(path);
	expect_status(back, 200);
	assert_string_equal(jstr(back->json, "description"), "确认宽带已修复\n并记录满意度");
	/* Without a priority a task is normal. */
	r = http_pack(g, "POST", "/api/v1/tasks", "{s:s}", "title", "整理资料");
	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "priority"), "normal");
}

static void test_task_validation_names_every_field(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	const char *const bad[] = {"title", "priority", "due_at", "assignee_id", "customer_id",
				   "ticket_id", "status", "nickname"};
	char long_title[400];
	size_t len = 0;
	http_resp *r;

	/* 101 characters of 3 bytes each. */
	for (int i = 0; i < 101; i++)
		len += (size_t)snprintf(long_title + len, sizeof long_title - len, "任");
	r = http_pack(g, "POST", "/api/v1/tasks", "{s:s,s:s,s:s,s:s,s:I,s:i,s:s,s:s}",
		      "title", long_title, "priority", "asap", "due_at", "明天下午",
		      "assignee_id", "me", "customer_id", (json_int_t)999999, "ticket_id", 0,
		      "status", "done", "nickname", "x");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_field(r, bad[i]);
	expect_field(http_pack(g, "POST", "/api/v1/tasks", "{s:s}", "description", "无标题"),
		     "title");
	expect_field(http_pack(g, "POST", "/api/v1/tasks", "{s:s}", "title", "   "), "title");
	expect_field(http_pack(g, "POST", "/api/v1/tasks", "{s:s}", "title", "a\x01" "b"),
		     "title");
	expect_field(http_pack(g, "POST", "/api/v1/tasks", "{s:i}", "title", 5), "title");
	/* Nothing was created by any of them. */
	assert_int_equal(count_items(g, "/api/v1/tasks?status=all"), 0);
}

static void test_task_assign_to_disabled_or_unknown_user(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t gone = create_user_in_team(a, "leaver", "agent", 0);
	json_int_t ok = create_user_in_team(a, "stayer", "agent", 0);
	char *upath = xasprintf("/api/v1/users/%lld", (long long)gone);
	http_resp *r;

	expect_status(http_pack(a, "PATCH", upath, "{s:i,s:b}", "version", 1, "disabled", 1), 200);
	free(upath);
	r = http_pack(a, "POST", "/api/v1/tasks", "{s:s,s:I}", "title", "交接", "assignee_id", gone);
	expect_field(r, "assignee_id");
	expect_field(http_pack(a, "POST", "/api/v1/tasks", "{s:s,s:I}", "title", "交接",
			       "assignee_id", (json_int_t)987654), "assignee_id");
	assert_int_equal(count_items(a, "/api/v1/tasks?view=all&status=all"), 0);
	/* Reassigning to them is refused too, and changes nothing. */
	r = http_pack(a, "POST", "/api/v1/tasks", "{s:s,s:I}", "title", "交接", "assignee_id", ok);
	expect_status(r, 201);
	char *path = task_path(jint(r->json, "id"));
	expect_field(http_pack(a, "PATCH", path, "{s:i,s:I}", "version", 1, "assignee_id", gone),
		     "assignee_id");
	assert_int_equal(jint(http_get(a, path)->json, "assignee.id"), ok);
	free(path);
	/* Only enabled users are offered for assignment. */
	r = http_get(a, "/api/v1/tasks/assignees?q=leaver");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 0);
	assert_int_equal(count_items(a, "/api/v1/tasks/assignees?q=stayer"), 1);
	expect_field(http_get(a, "/api/v1/tasks/assignees?q=sssssssssssssssssssssssssssssssssssssssssssssssssss"), "q");
}

/* Overdue tasks come first, oldest due first, then the rest by due date,
 * then those without one; which are overdue follows the server clock. */
static void test_my_tasks_overdue_first_as_the_clock_moves(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	long long now = server_now(s);
	http_resp *r;

	add_task(g, "无期限", 0);
	add_task(g, "三天后", now + 3 * MS_DAY);
	add_task(g, "两小时后", now + 2 * MS_HOUR);
	add_task(g, "一小时后", now + 1 * MS_HOUR);
	add_task(g, "昨天到期", now - MS_DAY);
	add_task(a, "别人的任务", now - 2 * MS_DAY);
	expect_titles(g, "/api/v1/tasks", "昨天到期,一小时后,两小时后,三天后,无期限");
	r = http_get(g, "/api/v1/tasks");
	assert_true(json_is_true(jget(r->json, "items.0.overdue")));
	assert_true(json_is_false(jget(r->json, "items.1.overdue")));
	assert_true(json_is_false(jget(r->json, "items.4.overdue")));

	clock_advance(s, 90 * MS_MINUTE);
	r = http_get(g, "/api/v1/tasks");
	assert_true(json_is_true(jget(r->json, "items.1.overdue")));
	assert_true(json_is_false(jget(r->json, "items.2.overdue")));
	r = http_get(g, "/api/v1/tasks/summary");
	assert_int_equal(jint(r->json, "open"), 5);
	assert_int_equal(jint(r->json, "overdue"), 2);

	/* Days later (the old session has expired by then). */
	clock_advance(s, 4 * MS_DAY);
	g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	r = http_get(g, "/api/v1/tasks/summary");
	assert_int_equal(jint(r->json, "overdue"), 4);
	r = http_get(g, "/api/v1/tasks");
	assert_true(json_is_true(jget(r->json, "items.3.overdue")));
	/* A task without a due date is never overdue. */
	assert_true(json_is_false(jget(r->json, "items.4.overdue")));
}

/* Page by page with limit=2 gives the same order as one page. */
static void test_my_tasks_cursor_paging(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	long long now = server_now(s);
	const char *const want[] = {"甲", "乙", "丙", "丁", "戊"};
	size_t seen = 0;
	char *path = xasprintf("%s", "/api/v1/tasks?limit=2");

	add_task(g, "丁", 0);
	add_task(g, "丙", now + MS_DAY);
	add_task(g, "甲", now - MS_DAY);
	add_task(g, "戊", 0);
	add_task(g, "乙", now + MS_HOUR);
	while (path) {
		http_resp *r = http_get(g, path);
		json_t *it;
		size_t i;
		expect_status(r, 200);
		json_array_foreach(jget(r->json, "items"), i, it) {
			assert_true(seen < 5);
			assert_string_equal(jstr(it, "title"), want[seen++]);
		}
		free(path);
		path = jstr(r->json, "next")
			? xasprintf("/api/v1/tasks?limit=2&after=%s", jstr(r->json, "next")) : NULL;
	}
	assert_int_equal(seen, 5);
	expect_field(http_get(g, "/api/v1/tasks?after=12x"), "after");
	expect_field(http_get(g, "/api/v1/tasks?limit=0"), "limit");
	expect_field(http_get(g, "/api/v1/tasks?status=later"), "status");
	expect_field(http_get(g, "/api/v1/tasks?view=everyone"), "view");
}

static void test_task_stale_version_changes_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	char *path = task_path(add_task(g, "核对账单", 0));
	http_resp *r;

	r = http_pack(g, "PATCH", path, "{s:i,s:s,s:s}", "version", 1, "priority", "high",
		      "due_at", "2030-01-02T09:30:00+08:00");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "version"), 2);
	assert_string_equal(jstr(r->json, "due_at"), "2030-01-02T01:30:00.000Z");
	expect_error(http_pack(g, "PATCH", path, "{s:i,s:s}", "version", 1, "priority", "low"),
		     409, "version_conflict");
	assert_string_equal(jstr(http_get(g, path)->json, "priority"), "high");
	expect_field(http_pack(g, "PATCH", path, "{s:s}", "priority", "low"), "version");
	/* Bad fields in a change leave the task as it was. */
	expect_field(http_pack(g, "PATCH", path, "{s:i,s:s,s:s}", "version", 2, "title", "",
			       "priority", "low"), "title");
	assert_string_equal(jstr(http_get(g, path)->json, "priority"), "high");
	/* The due date can be removed again. */
	r = http_pack(g, "PATCH", path, "{s:i,s:n}", "version", 2, "due_at");
	expect_status(r, 200);
	assert_true(json_is_null(jget(r->json, "due_at")));
	free(path);
}

/* Without task.manage a user sees the tasks assigned to or made by them;
 * the assignee works on a task, its author deletes it. */
static void test_task_scope_between_users(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t other = create_user_in_team(a, "agent2", "agent", 0);
	gx_client *g1 = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *g2 = client_signed_in(s, "agent2", "Passw0rd!");
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	char *mine = task_path(add_task(g1, "我自己的", 0));
	http_resp *r;

	expect_error(http_get(g2, mine), 404, "not_found");
	expect_error(http_pack(g2, "PATCH", mine, "{s:i,s:s}", "version", 1, "title", "改"),
		     404, "not_found");
	char *complete = xasprintf("%s/complete", mine);
	expect_error(http_do(g2, "POST", complete, NULL, NULL), 404, "not_found");
	free(complete);
	assert_int_equal(count_items(g2, "/api/v1/tasks?status=all"), 0);
	/* A supervisor (task.manage) sees and changes everyone's tasks. */
	expect_status(http_get(sup, mine), 200);
	assert_int_equal(count_items(sup, "/api/v1/tasks?view=all"), 1);
	expect_status(http_pack(sup, "PATCH", mine, "{s:i,s:s}", "version", 1, "priority", "high"),
		      200);
	expect_field(http_get(g1, "/api/v1/tasks?view=all"), "view");

	/* Assigned to agent2 by agent1: in agent2's list and agent1's "created". */
	r = http_pack(g1, "POST", "/api/v1/tasks", "{s:s,s:I}", "title", "请协助回访",
		      "assignee_id", other);
	expect_status(r, 201);
	char *shared = task_path(jint(r->json, "id"));
	expect_titles(g2, "/api/v1/tasks", "请协助回访");
	expect_titles(g1, "/api/v1/tasks?view=created", "我自己的,请协助回访");
	expect_titles(g1, "/api/v1/tasks", "我自己的");
	char *del = xasprintf("%s?version=1", shared);
	expect_error(http_do(g2, "DELETE", del, NULL, NULL), 403, "forbidden");
	complete = xasprintf("%s/complete", shared);
	expect_status(http_do(g2, "POST", complete, NULL, NULL), 200);
	free(complete);
	free(del);
	del = xasprintf("%s?version=2", shared);
	expect_status(http_do(g1, "DELETE", del, NULL, NULL), 204);
	expect_error(http_get(g1, shared), 404, "not_found");
	free(del);
	free(shared);
	free(mine);
}

/* A linked customer must be one the creator may see; the customer view
 * lists that customer's tasks. */
static void test_task_customer_link_follows_customer_scope(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *t = http_pack(a, "POST", "/api/v1/teams", "{s:s}", "name", "客服二组");
	expect_status(t, 201);
	json_int_t team2 = jint(t->json, "id");
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *own = http_pack(g, "POST", "/api/v1/customers", "{s:s,s:s}", "type",
				   "individual", "name", "张三丰");
	http_resp *far = http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:I}", "type",
				   "individual", "name", "李四", "team_id", team2);
	expect_status(own, 201);
	expect_status(far, 201);
	json_int_t own_id = jint(own->json, "id"), far_id = jint(far->json, "id");

	expect_field(http_pack(g, "POST", "/api/v1/tasks", "{s:s,s:I}", "title", "回访",
			       "customer_id", far_id), "customer_id");
	http_resp *r = http_pack(g, "POST", "/api/v1/tasks", "{s:s,s:I}", "title", "回访",
				 "customer_id", own_id);
	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "customer.name"), "张三丰");
	expect_status(http_pack(a, "POST", "/api/v1/tasks", "{s:s,s:I}", "title", "别的客户",
				"customer_id", far_id), 201);
	char *list = xasprintf("/api/v1/tasks?view=customer&customer_id=%lld", (long long)own_id);
	expect_titles(g, list, "回访");
	expect_titles(a, list, "回访");
	free(list);
	list = xasprintf("/api/v1/tasks?view=customer&customer_id=%lld", (long long)far_id);
	expect_field(http_get(g, list), "customer_id");
	expect_titles(a, list, "别的客户");
	free(list);
	expect_field(http_get(g, "/api/v1/tasks?view=customer"), "customer_id");
}

static void test_task_complete_and_reopen(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	long long now = server_now(s);
	json_int_t id = add_task(g, "逾期未办", now - MS_HOUR);
	char *path = task_path(id), *done = xasprintf("%s/complete", path);
	http_resp *r;

	assert_true(json_is_true(jget(http_get(g, path)->json, "overdue")));
	r = http_do(g, "POST", done, NULL, NULL);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "status"), "done");
	assert_true(is_rfc3339_ms(jstr(r->json, "completed_at")));
	/* Done is never overdue, and leaves "my tasks". */
	assert_true(json_is_false(jget(r->json, "overdue")));
	assert_int_equal(count_items(g, "/api/v1/tasks"), 0);
	expect_titles(g, "/api/v1/tasks?status=done", "逾期未办");
	assert_int_equal(jint(http_get(g, "/api/v1/tasks/summary")->json, "overdue"), 0);
	expect_error(http_do(g, "POST", done, NULL, NULL), 409, "task_closed");
	/* Reopened, it is open and overdue again. */
	r = http_pack(g, "PATCH", path, "{s:i,s:s}", "version", 2, "status", "open");
	expect_status(r, 200);
	assert_true(json_is_null(jget(r->json, "completed_at")));
	assert_true(json_is_true(jget(r->json, "overdue")));
	expect_field(http_pack(g, "PATCH", path, "{s:i,s:s}", "version", 3, "status", "closed"),
		     "status");
	free(done);
	free(path);
}

static void test_task_delete_needs_current_version(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	char *path = task_path(add_task(g, "临时", 0));
	char *stale = xasprintf("%s?version=2", path), *cur = xasprintf("%s?version=1", path);

	expect_field(http_do(g, "DELETE", path, NULL, NULL), "version");
	expect_error(http_do(g, "DELETE", stale, NULL, NULL), 409, "version_conflict");
	expect_status(http_get(g, path), 200);
	expect_status(http_do(g, "DELETE", cur, NULL, NULL), 204);
	expect_error(http_do(g, "DELETE", cur, NULL, NULL), 404, "not_found");
	free(stale);
	free(cur);
	free(path);
}

/* Tasks need task.read / task.write; taking them from a role shuts its
 * users out. */
static void test_task_permissions(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user_in_team(a, "rev1", "reviewer", 0);
	gx_client *rv = client_signed_in(s, "rev1", "Passw0rd!");

	expect_status(http_pack(rv, "POST", "/api/v1/tasks", "{s:s}", "title", "复核"), 201);
	expect_status(http_pack(a, "PUT", "/api/v1/roles/reviewer/permissions", "{s:[s,s]}",
				"permissions", "customer.read", "task.read"), 200);
	expect_error(http_pack(rv, "POST", "/api/v1/tasks", "{s:s}", "title", "再复核"), 403,
		     "forbidden");
	expect_error(http_get(rv, "/api/v1/tasks/assignees"), 403, "forbidden");
	assert_int_equal(count_items(rv, "/api/v1/tasks"), 1);
	expect_status(http_pack(a, "PUT", "/api/v1/roles/reviewer/permissions", "{s:[s]}",
				"permissions", "customer.read"), 200);
	expect_error(http_get(rv, "/api/v1/tasks"), 403, "forbidden");
	expect_error(http_get(rv, "/api/v1/tasks/summary"), 403, "forbidden");
	expect_error(http_get(client_new(s), "/api/v1/tasks"), 401, "unauthenticated");
}

int run_tasks_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_task_create_defaults_and_reads_back,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_task_validation_names_every_field,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_task_assign_to_disabled_or_unknown_user,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_my_tasks_overdue_first_as_the_clock_moves,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_my_tasks_cursor_paging,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_task_stale_version_changes_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_task_scope_between_users,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_task_customer_link_follows_customer_scope,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_task_complete_and_reopen,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_task_delete_needs_current_version,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_task_permissions,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("tasks", tests, NULL, NULL);
}
