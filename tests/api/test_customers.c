/* Customers: create and validation, search, phone lookup, masking and the
 * audit of unmasked reads, scope by team and by owner, versions, history,
 * delete and restore. */
#include "harness.h"

#include <string.h>
#include <time.h>

static http_resp *create_zhang(gx_client *c)
{
	return http_pack(c, "POST", "/api/v1/customers",
			 "{s:s,s:s,s:[s,s],s:s,s:[s,s],s:[s]}", "type", "individual",
			 "name", "张三丰", "phones", "138-0013-8000", "+86 010 8888 6666",
			 "id_number", "110101199003071233", "tags", "宽带", "VIP",
			 "emails", "Zhang.SF@Example.com");
}

static void test_customer_create_normalises_and_reads_back(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = create_zhang(a), *g;

	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "phones.0"), "13800138000");
	assert_string_equal(jstr(r->json, "phones.1"), "01088886666");
	assert_string_equal(jstr(r->json, "emails.0"), "zhang.sf@example.com");
	assert_string_equal(jstr(r->json, "initials"), "zsf");
	assert_string_equal(jstr(r->json, "pinyin"), "zhangsanfeng");
	assert_string_equal(jstr(r->json, "id_number"), "110101199003071233");
	assert_string_equal(jstr(r->json, "tier"), "general");
	assert_int_equal(jint(r->json, "version"), 1);
	char *path = xasprintf("/api/v1/customers/%lld", (long long)jint(r->json, "id"));
	g = http_get(a, path);
	free(path);
	expect_status(g, 200);
	assert_string_equal(jstr(g->json, "name"), "张三丰");
	assert_string_equal(jstr(g->json, "tags.1"), "VIP");
	/* Stored encrypted: the number is not in the database file. */
	assert_false(db_contains(s->db, "110101199003071233"));
}

static void test_customer_validation_names_every_field(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	const char *const bad[] = {"type", "name", "phones", "emails", "id_number",
				   "tier", "birthday", "province", "nickname"};
	size_t before = count_items(a, "/api/v1/customers?limit=500");
	http_resp *r = http_pack(a, "POST", "/api/v1/customers",
		"{s:s,s:s,s:[s],s:[s],s:s,s:s,s:s,s:s,s:s}", "type", "person", "name", "",
		"phones", "12345", "emails", "not-an-email", "id_number", "110101199003071234",
		"tier", "gold", "birthday", "2999-01-01", "province", "35", "nickname", "x");

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_field(r, bad[i]);
	assert_int_equal(count_items(a, "/api/v1/customers?limit=500"), before);
}

static void test_customer_search_by_every_key(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	static const char *const found[] = {
		"zsf", "ZhangS", "zhangsanfeng", "0013", "8888", "%E5%BC%A0%E4%B8%89",
		"110101199003071233", "zhang.sf%40example.com",
	};
	static const char *const missed[] = {"lsf", "9999", "%E6%9D%8E"};

	expect_status(create_zhang(a), 201);
	expect_status(http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:[s]}",
				"type", "corporate", "name", "福州某某科技有限公司",
				"phones", "13912345678"), 201);
	for (size_t i = 0; i < sizeof found / sizeof *found; i++) {
		char *p = xasprintf("/api/v1/customers?q=%s", found[i]);
		http_resp *r = http_get(a, p);
		free(p);
		expect_status(r, 200);
		if (!jstr(r->json, "items.0.name") || strcmp(jstr(r->json, "items.0.name"), "张三丰"))
			fail_msg("q=%s did not find 张三丰: %s", found[i], r->body);
	}
	for (size_t i = 0; i < sizeof missed / sizeof *missed; i++) {
		char *p = xasprintf("/api/v1/customers?q=%s", missed[i]);
		assert_int_equal(count_items(a, p), 0);
		free(p);
	}
	assert_int_equal(count_items(a, "/api/v1/customers?q=fzmm"), 1);
	assert_int_equal(count_items(a, "/api/v1/customers?tag=VIP"), 1);
	assert_int_equal(count_items(a, "/api/v1/customers?type=corporate"), 1);
	expect_field(http_get(a, "/api/v1/customers?q=12"), "q");
	expect_field(http_get(a, "/api/v1/customers?type=alien"), "type");
}

static void test_customer_lookup_by_exact_phone(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r;

	expect_status(create_zhang(a), 201);
	r = http_get(a, "/api/v1/customers/lookup?phone=%2B86%20138%200013%208000");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "items.0.name"), "张三丰");
	assert_int_equal(count_items(a, "/api/v1/customers/lookup?phone=13800138001"), 0);
	/* A fragment is not an exact number. */
	expect_field(http_get(a, "/api/v1/customers/lookup?phone=0013"), "phone");
}

static void test_customer_masking_by_role_and_audit(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r = create_zhang(g), *seen;

	expect_status(r, 201);
	/* The agent's own answer is already masked. */
	assert_string_equal(jstr(r->json, "phones.0"), "138****8000");
	assert_string_equal(jstr(r->json, "id_number"), "110101********1233");
	char *path = xasprintf("/api/v1/customers/%lld", (long long)jint(r->json, "id"));
	seen = http_get(g, path);
	assert_string_equal(jstr(seen->json, "phones.1"), "010****6666");
	assert_int_equal(audit_rows(a, "customer.view_sensitive", "actor", AGENT_USER), 0);
	seen = http_get(a, path);
	free(path);
	assert_string_equal(jstr(seen->json, "phones.0"), "13800138000");
	assert_string_equal(jstr(seen->json, "id_number"), "110101199003071233");
	assert_true(audit_rows(a, "customer.view_sensitive", "actor", ADMIN_USER) > 0);
}

static void test_customer_scope_by_team_and_owner(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t team2 = create_team(a, "客服二组");
	json_int_t am = create_user_in_team(a, "am1", "account_manager", 0);
	create_user_in_team(a, "agent2", "agent", team2);
	create_user_in_team(a, "am2", "account_manager", 0);
	gx_client *g1 = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *g2 = client_signed_in(s, "agent2", "Passw0rd!");
	gx_client *m1 = client_signed_in(s, "am1", "Passw0rd!");
	gx_client *m2 = client_signed_in(s, "am2", "Passw0rd!");
	http_resp *r = create_zhang(g1), *owned;

	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "team.name"), AGENT_TEAM);
	char *path = xasprintf("/api/v1/customers/%lld", (long long)jint(r->json, "id"));
	expect_status(http_get(g1, path), 200);
	expect_error(http_get(g2, path), 404, "not_found");
	expect_error(http_get(m1, path), 404, "not_found");
	assert_int_equal(count_items(g2, "/api/v1/customers"), 0);
	assert_int_equal(count_items(g2, "/api/v1/customers/lookup?phone=13800138000"), 0);
	expect_error(http_pack(g2, "PATCH", path, "{s:i,s:s}", "version", 1, "tier", "vip"),
		     404, "not_found");
	free(path);
	/* An account manager sees their own book only. */
	owned = http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:I}", "type",
			  "individual", "name", "李四", "owner_id", am);
	expect_status(owned, 201);
	assert_int_equal(count_items(m1, "/api/v1/customers"), 1);
	assert_int_equal(count_items(m2, "/api/v1/customers"), 0);
	/* Nobody files a customer where they could not see it. */
	expect_field(http_pack(g1, "POST", "/api/v1/customers", "{s:s,s:s,s:I}", "type",
			       "individual", "name", "王五", "team_id", team2), "team_id");
}

static void test_customer_stale_version_changes_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = create_zhang(a), *u;
	char *path = xasprintf("/api/v1/customers/%lld", (long long)jint(r->json, "id"));

	u = http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 1, "tier", "vip");
	expect_status(u, 200);
	assert_int_equal(jint(u->json, "version"), 2);
	expect_error(http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 1, "tier", "small"),
		     409, "version_conflict");
	assert_string_equal(jstr(http_get(a, path)->json, "tier"), "vip");
	expect_field(http_pack(a, "PATCH", path, "{s:s}", "tier", "small"), "version");
	free(path);
}

static void test_customer_history_is_kept_and_masked(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r = create_zhang(g), *h;
	json_int_t id = jint(r->json, "id");
	char *path = xasprintf("/api/v1/customers/%lld", (long long)id);
	char *hist = xasprintf("/api/v1/customers/%lld/history", (long long)id);

	expect_status(http_pack(a, "PATCH", path, "{s:i,s:s,s:[s]}", "version", 1,
				"tier", "vip", "phones", "13800138000"), 200);
	h = http_get(g, hist);
	expect_status(h, 200);
	/* Newest first: the update's two fields, then the creation's. */
	json_t *items = jget(h->json, "items");
	bool tier = false, phones = false, created = false;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		const char *f = jstr(it, "field"), *act = jstr(it, "action");
		if (!strcmp(act, "update") && !strcmp(f, "tier"))
			tier = !strcmp(jstr(it, "old"), "general") && !strcmp(jstr(it, "new"), "vip");
		if (!strcmp(act, "update") && !strcmp(f, "phones"))
			phones = !strcmp(jstr(it, "old"), "138****8000, 010****6666") &&
				 !strcmp(jstr(it, "new"), "138****8000") &&
				 !strcmp(jstr(it, "actor"), ADMIN_USER);
		if (!strcmp(act, "create") && !strcmp(f, "name"))
			created = json_is_null(jget(it, "old")) && !strcmp(jstr(it, "new"), "张三丰");
	}
	if (!tier || !phones || !created)
		fail_msg("history incomplete: %s", h->body);
	/* History has no write routes. */
	expect_status(http_do(a, "DELETE", hist, NULL, NULL), 405);
	free(path);
	free(hist);
}

static void test_customer_delete_and_restore(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r = create_zhang(a);
	json_int_t id = jint(r->json, "id");
	char *path = xasprintf("/api/v1/customers/%lld", (long long)id);
	char *del = xasprintf("/api/v1/customers/%lld?version=1", (long long)id);
	char *restore = xasprintf("/api/v1/customers/%lld/restore", (long long)id);

	char *junk = xasprintf("/api/v1/customers/%lld?version=1abc", (long long)id);
	expect_field(http_do(a, "DELETE", junk, NULL, NULL), "version");
	free(junk);
	expect_field(http_get(a, "/api/v1/customers?owner_id=abc"), "owner_id");
	expect_error(http_do(g, "DELETE", del, NULL, NULL), 403, "forbidden");
	expect_status(http_do(a, "DELETE", del, NULL, NULL), 204);
	expect_error(http_get(a, path), 404, "not_found");
	assert_int_equal(count_items(a, "/api/v1/customers?q=zsf"), 0);
	assert_int_equal(count_items(a, "/api/v1/customers/lookup?phone=13800138000"), 0);
	r = http_do(a, "POST", restore, NULL, NULL);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "name"), "张三丰");
	assert_int_equal(count_items(a, "/api/v1/customers?q=zsf"), 1);
	free(path);
	free(del);
	free(restore);
}

static void test_customer_permissions(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user_in_team(a, "analyst1", "analyst", 0);
	gx_client *n = client_signed_in(s, "analyst1", "Passw0rd!");

	expect_status(create_zhang(a), 201);
	/* Analysts read everything, masked, and change nothing. */
	http_resp *r = http_get(n, "/api/v1/customers");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "items.0.phones.0"), "138****8000");
	expect_error(create_zhang(n), 403, "forbidden");
}

/* The key of sealed fields travels with backups: a restore on a fresh
 * path still reads the ID number. */
static void test_customer_id_number_survives_backup_and_restore(void **state)
{
	gx_server *s = state_server(state), *t;
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = create_zhang(a);
	char *file = srv_own(s, server_path(s, "snap.db"));
	char *fresh = srv_own(s, server_path(s, "fresh.db"));
	char *out = NULL, *err = NULL;
	server_opts o = {.db_path = fresh};
	int rc;

	expect_status(r, 201);
	rc = run_cli(s, NULL, &out, &err, (const char *const[]){"backup", "--db", s->db,
								 file, NULL});
	free(out);
	free(err);
	assert_int_equal(rc, 0);
	rc = run_cli(s, NULL, &out, &err, (const char *const[]){"restore", "--db", fresh,
								 file, NULL});
	free(out);
	free(err);
	assert_int_equal(rc, 0);
	t = server_start(&o);
	assert_non_null(t);
	gx_client *b = client_signed_in(t, ADMIN_USER, ADMIN_PASS);
	http_resp *g = http_get(b, "/api/v1/customers?q=110101199003071233");
	expect_status(g, 200);
	assert_string_equal(jstr(g->json, "items.0.id_number"), "110101199003071233");
	server_stop(t);
}

/* A birthday may be today's date in Beijing at any hour, never tomorrow. */
static void test_customer_birthday_today_in_beijing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	time_t now = time(NULL) + 8 * 3600, tomorrow = now + 24 * 3600;
	char today_s[16], tomorrow_s[16];
	struct tm tm;

	strftime(today_s, sizeof today_s, "%Y-%m-%d", gmtime_r(&now, &tm));
	strftime(tomorrow_s, sizeof tomorrow_s, "%Y-%m-%d", gmtime_r(&tomorrow, &tm));
	expect_status(http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:s}", "type",
				"individual", "name", "新生", "birthday", today_s), 201);
	expect_field(http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:s}", "type",
			       "individual", "name", "未来", "birthday", tomorrow_s), "birthday");
}

/* The names of a list page in order, joined by spaces; *next its cursor. */
static char *page_names(gx_client *c, const char *path, char **next)
{
	http_resp *r = http_get(c, path);
	char *names = xasprintf("%s", "");
	json_t *it;
	size_t i;

	expect_status(r, 200);
	json_array_foreach(jget(r->json, "items"), i, it) {
		char *more = xasprintf("%s%s%s", names, i ? " " : "", jstr(it, "name"));
		free(names);
		names = more;
	}
	*next = json_is_string(jget(r->json, "next")) ?
		xasprintf("%s", jstr(r->json, "next")) : NULL;
	return names;
}

/* Lists sort by creation either way, by last change, or by name in pinyin
 * order; every order pages with its cursor without skipping anyone. */
static void test_customer_list_sorting(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	static const char *const names[] = {"王五", "李四", "Alice", "张三"};
	int64_t li_id = 0;
	char *next, *names_seen, *p;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		http_resp *r = http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s}",
					 "type", "individual", "name", names[i]);
		expect_status(r, 201);
		if (i == 1)
			li_id = jint(r->json, "id");
	}
	/* A later millisecond than every creation, so the order is certain. */
	clock_advance(s, 1000);
	p = xasprintf("/api/v1/customers/%lld", (long long)li_id);
	expect_status(http_pack(a, "PATCH", p, "{s:i,s:s}", "version", 1, "tier", "vip"), 200);
	free(p);

	names_seen = page_names(a, "/api/v1/customers", &next);
	assert_string_equal(names_seen, "张三 Alice 李四 王五");
	free(names_seen);
	names_seen = page_names(a, "/api/v1/customers?sort=oldest", &next);
	assert_string_equal(names_seen, "王五 李四 Alice 张三");
	free(names_seen);
	names_seen = page_names(a, "/api/v1/customers?sort=updated&limit=1", &next);
	assert_string_equal(names_seen, "李四");
	free(names_seen);
	assert_non_null(next);
	free(next);

	/* By name: Alice, lisi, wangwu, zhangsan, two to a page. */
	names_seen = page_names(a, "/api/v1/customers?sort=name&limit=2", &next);
	assert_string_equal(names_seen, "Alice 李四");
	free(names_seen);
	assert_non_null(next);
	p = xasprintf("/api/v1/customers?sort=name&limit=2&after=%s", next);
	free(next);
	names_seen = page_names(a, p, &next);
	free(p);
	assert_string_equal(names_seen, "王五 张三");
	free(names_seen);
	assert_null(next);

	/* A filter applies in any order. */
	names_seen = page_names(a, "/api/v1/customers?sort=name&tier=vip", &next);
	assert_string_equal(names_seen, "李四");
	free(names_seen);
	expect_field(http_get(a, "/api/v1/customers?sort=price"), "sort");
}

int run_customers_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_customer_create_normalises_and_reads_back,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_validation_names_every_field,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_search_by_every_key,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_list_sorting,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_lookup_by_exact_phone,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_masking_by_role_and_audit,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_scope_by_team_and_owner,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_stale_version_changes_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_history_is_kept_and_masked,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_delete_and_restore,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_permissions,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_id_number_survives_backup_and_restore,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_birthday_today_in_beijing,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("customers", tests, NULL, NULL);
}
