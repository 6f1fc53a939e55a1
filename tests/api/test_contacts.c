/* Contacts, interactions, the customer timeline and the vCard export:
 * create/read/change/delete with versions, field validation, individual
 * customers refused, scope and masking by role, contact changes in the
 * customer's history, the interaction log, timeline order and paging. */
#include "harness.h"

#include <string.h>
#include <time.h>

static json_int_t new_customer(gx_client *c, const char *type, const char *name)
{
	http_resp *r = http_pack(c, "POST", "/api/v1/customers", "{s:s,s:s}", "type", type,
				 "name", name);
	expect_status(r, 201);
	return jint(r->json, "id");
}

static http_resp *add_contact(gx_client *c, json_int_t customer, const char *name)
{
	char *path = xasprintf("/api/v1/customers/%lld/contacts", (long long)customer);
	http_resp *r = http_pack(c, "POST", path, "{s:s,s:s,s:s,s:s,s:[s,s],s:s,s:s,s:s}",
				 "name", name, "title", "采购总监", "department", "采购部",
				 "salutation", "先生", "phones", "138 0013 8000",
				 "+86 0591-8765 4321", "email", "Wang.Qiang@Example.COM",
				 "decision_role", "decision_maker", "remarks", "周三下午方便");
	free(path);
	return r;
}

/* The history row of this contact, action and field, or NULL. */
static json_t *history_row(json_t *items, const char *contact, const char *action,
			   const char *field)
{
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it)
		if (jstr(it, "contact.name") && !strcmp(jstr(it, "contact.name"), contact) &&
		    !strcmp(jstr(it, "action"), action) && !strcmp(jstr(it, "field"), field))
			return it;
	return NULL;
}

static char *time_ago(long long seconds)
{
	time_t t = time(NULL) - seconds;
	struct tm tm;
	char buf[32];

	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	return xasprintf("%s", buf);
}

static void test_contact_crud_with_history(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t cust = new_customer(a, "corporate", "福州闽江科技有限公司");
	http_resp *r = add_contact(a, cust, "王强"), *u, *h;

	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "phones.0"), "13800138000");
	assert_string_equal(jstr(r->json, "phones.1"), "059187654321");
	assert_string_equal(jstr(r->json, "email"), "wang.qiang@example.com");
	assert_string_equal(jstr(r->json, "decision_role"), "decision_maker");
	assert_int_equal(jint(r->json, "customer_id"), cust);
	assert_int_equal(jint(r->json, "version"), 1);
	char *one = xasprintf("/api/v1/contacts/%lld", (long long)jint(r->json, "id"));
	char *list = xasprintf("/api/v1/customers/%lld/contacts", (long long)cust);
	char *hist = xasprintf("/api/v1/customers/%lld/history?limit=500", (long long)cust);
	assert_int_equal(count_items(a, list), 1);
	assert_string_equal(jstr(http_get(a, one)->json, "title"), "采购总监");

	u = http_pack(a, "PATCH", one, "{s:i,s:s,s:s}", "version", 1, "title", "副总经理",
		      "decision_role", "influencer");
	expect_status(u, 200);
	assert_int_equal(jint(u->json, "version"), 2);
	assert_string_equal(jstr(http_get(a, one)->json, "title"), "副总经理");

	h = http_get(a, hist);
	expect_status(h, 200);
	json_t *created = history_row(jget(h->json, "items"), "王强", "create", "title");
	json_t *changed = history_row(jget(h->json, "items"), "王强", "update", "title");
	if (!created || !changed || !json_is_null(jget(created, "old")) ||
	    strcmp(jstr(changed, "old"), "采购总监") || strcmp(jstr(changed, "new"), "副总经理"))
		fail_msg("contact history missing: %s", h->body);
	assert_non_null(history_row(jget(h->json, "items"), "王强", "update", "decision_role"));
	/* Only what changed is recorded. */
	assert_null(history_row(jget(h->json, "items"), "王强", "update", "department"));

	char *del = xasprintf("%s?version=2", one);
	expect_status(http_do(a, "DELETE", del, NULL, NULL), 204);
	expect_error(http_get(a, one), 404, "not_found");
	assert_int_equal(count_items(a, list), 0);
	h = http_get(a, hist);
	json_t *gone = history_row(jget(h->json, "items"), "王强", "delete", "name");
	if (!gone || strcmp(jstr(gone, "old"), "王强") || !json_is_null(jget(gone, "new")))
		fail_msg("delete not in history: %s", h->body);
	free(one);
	free(list);
	free(hist);
	free(del);
}

static void test_contact_validation_and_individuals(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t cust = new_customer(a, "government", "福州市数据管理局");
	json_int_t person = new_customer(a, "individual", "张三");
	const char *const bad[] = {"name", "phones", "email", "decision_role", "nickname",
				   "remarks"};
	char *path = xasprintf("/api/v1/customers/%lld/contacts", (long long)cust);
	char *ppath = xasprintf("/api/v1/customers/%lld/contacts", (long long)person);
	http_resp *r = http_pack(a, "POST", path, "{s:s,s:[s],s:s,s:s,s:s,s:i}", "name", "  ",
				 "phones", "12345", "email", "not-an-email",
				 "decision_role", "boss", "nickname", "x", "remarks", 5);

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_field(r, bad[i]);
	expect_field(http_pack(a, "POST", path, "{s:s}", "title", "处长"), "name");
	assert_int_equal(count_items(a, path), 0);
	/* An individual has no contacts. */
	r = add_contact(a, person, "李四");
	expect_field(r, "customer");
	assert_int_equal(count_items(a, ppath), 0);
	/* A good contact after all that. */
	expect_status(add_contact(a, cust, "陈处长"), 201);
	free(path);
	free(ppath);
}

static void test_contact_stale_version(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t cust = new_customer(a, "financial", "海峡银行");
	http_resp *r = add_contact(a, cust, "林经理");
	char *one = xasprintf("/api/v1/contacts/%lld", (long long)jint(r->json, "id"));
	char *del = xasprintf("%s?version=1", one);

	expect_status(http_pack(a, "PATCH", one, "{s:i,s:s}", "version", 1, "title", "行长"), 200);
	expect_error(http_pack(a, "PATCH", one, "{s:i,s:s}", "version", 1, "title", "柜员"),
		     409, "version_conflict");
	expect_error(http_do(a, "DELETE", del, NULL, NULL), 409, "version_conflict");
	assert_string_equal(jstr(http_get(a, one)->json, "title"), "行长");
	expect_field(http_pack(a, "PATCH", one, "{s:s}", "title", "柜员"), "version");
	free(one);
	free(del);
}

static void test_contact_scope_and_masking(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *t = http_pack(a, "POST", "/api/v1/teams", "{s:s}", "name", "客服二组");
	create_user_in_team(a, "agent2", "agent", jint(t->json, "id"));
	create_user_in_team(a, "analyst1", "analyst", 0);
	gx_client *g1 = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *g2 = client_signed_in(s, "agent2", "Passw0rd!");
	gx_client *n = client_signed_in(s, "analyst1", "Passw0rd!");
	json_int_t cust = new_customer(g1, "corporate", "厦门鹭岛物流有限公司");
	http_resp *r = add_contact(g1, cust, "黄敏");
	char *one = xasprintf("/api/v1/contacts/%lld", (long long)jint(r->json, "id"));
	char *list = xasprintf("/api/v1/customers/%lld/contacts", (long long)cust);
	char *vcf = xasprintf("/api/v1/customers/%lld/contacts.vcf", (long long)cust);

	expect_status(r, 201);
	/* The agent's own answer is already masked. */
	assert_string_equal(jstr(r->json, "phones.0"), "138****8000");
	assert_string_equal(jstr(http_get(g1, list)->json, "items.0.phones.1"), "059*****4321");
	/* Another team's agent does not know the customer or the contact. */
	expect_error(http_get(g2, one), 404, "not_found");
	expect_error(http_get(g2, list), 404, "not_found");
	expect_error(http_get(g2, vcf), 404, "not_found");
	expect_error(http_pack(g2, "PATCH", one, "{s:i,s:s}", "version", 1, "title", "x"),
		     404, "not_found");
	expect_error(add_contact(g2, cust, "赵六"), 404, "not_found");
	/* Analysts read (masked) and change nothing. */
	assert_string_equal(jstr(http_get(n, one)->json, "phones.0"), "138****8000");
	expect_error(add_contact(n, cust, "赵六"), 403, "forbidden");
	/* Masked reads are not audited; an unmasked one is. */
	assert_int_equal(audit_rows(a, "customer.view_sensitive", "actor", AGENT_USER), 0);
	int before = audit_rows(a, "customer.view_sensitive", "actor", ADMIN_USER);
	assert_string_equal(jstr(http_get(a, list)->json, "items.0.phones.0"), "13800138000");
	assert_int_equal(audit_rows(a, "customer.view_sensitive", "actor", ADMIN_USER), before + 1);
	free(one);
	free(list);
	free(vcf);
}

static void test_interactions_log(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t cust = new_customer(g, "corporate", "泉州石狮服装有限公司");
	json_int_t other = new_customer(a, "corporate", "漳州水仙花卉有限公司");
	json_int_t contact = jint(add_contact(a, cust, "蔡总")->json, "id");
	json_int_t stranger = jint(add_contact(a, other, "许总")->json, "id");
	char *path = xasprintf("/api/v1/customers/%lld/interactions", (long long)cust);
	char *old = time_ago(3 * 86400), *older = time_ago(10 * 86400);
	char long_summary[2100];
	http_resp *r;

	memset(long_summary, 'x', 2001);
	long_summary[2001] = '\0';
	json_int_t order = new_ticket(g, cust, "service", "专线续约");
	json_int_t theirs = new_ticket(a, other, "service", "花卉配送");

	r = http_pack(g, "POST", path, "{s:s,s:s,s:s,s:s,s:s,s:I,s:I}", "channel", "visit",
		      "direction", "outbound", "occurred_at", old, "participants", "刘洋、蔡总",
		      "summary", "上门拜访，确认明年的专线续约意向", "contact_id", contact,
		      "ticket_id", order);
	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "contact.name"), "蔡总");
	assert_int_equal(jint(r->json, "ticket_id"), order);
	/* Another customer's order is no link for this one. */
	expect_field(http_pack(g, "POST", path, "{s:s,s:s,s:s,s:I}", "channel", "phone",
			       "direction", "inbound", "summary", "x", "ticket_id", theirs),
		     "ticket_id");
	assert_string_equal(jstr(r->json, "created_by.display_name"), AGENT_USER);
	json_int_t visit = jint(r->json, "id");
	expect_status(http_pack(g, "POST", path, "{s:s,s:s,s:s,s:s}", "channel", "wechat",
				"direction", "inbound", "occurred_at", older, "summary",
				"客户微信询问账单"), 201);
	expect_status(http_pack(g, "POST", path, "{s:s,s:s,s:s}", "channel", "phone",
				"direction", "inbound", "summary", "来电催发票"), 201);

	/* Bad input changes nothing. */
	expect_field(http_pack(g, "POST", path, "{s:s,s:s,s:s,s:I}", "channel", "phone",
			       "direction", "inbound", "summary", "x", "contact_id", stranger),
		     "contact_id");
	r = http_pack(g, "POST", path, "{s:s,s:s,s:s}", "channel", "fax", "direction", "sideways",
		      "summary", long_summary);
	expect_field(r, "channel");
	expect_field(r, "direction");
	expect_field(r, "summary");
	expect_field(http_pack(g, "POST", path, "{s:s,s:s}", "channel", "sms", "direction",
			       "inbound"), "summary");
	expect_field(http_pack(g, "POST", path, "{s:s,s:s,s:s,s:s}", "channel", "sms",
			       "direction", "inbound", "summary", "x", "occurred_at",
			       "2999-01-01T00:00:00Z"), "occurred_at");
	expect_field(http_pack(g, "POST", path, "{s:s,s:s,s:s,s:s}", "channel", "sms",
			       "direction", "inbound", "summary", "x", "occurred_at", "昨天"),
		     "occurred_at");

	/* Newest first by when it happened. */
	r = http_get(g, path);
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
	assert_string_equal(jstr(r->json, "items.0.channel"), "phone");
	assert_string_equal(jstr(r->json, "items.1.channel"), "visit");
	assert_string_equal(jstr(r->json, "items.2.channel"), "wechat");
	r = http_get(g, srv_own(s, xasprintf("%s?limit=2", path)));
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 2);
	char *page2 = xasprintf("%s?limit=2&after=%s", path, jstr(r->json, "next"));
	r = http_get(g, page2);
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_string_equal(jstr(r->json, "items.0.channel"), "wechat");
	assert_true(json_is_null(jget(r->json, "next")));

	/* A log: no edit; deleting needs customer.delete and is kept in history. */
	char *one = xasprintf("/api/v1/interactions/%lld", (long long)visit);
	expect_status(http_get(g, one), 200);
	expect_status(http_pack(a, "PATCH", one, "{s:s}", "summary", "改写"), 405);
	expect_error(http_do(g, "DELETE", one, NULL, NULL), 403, "forbidden");
	expect_status(http_do(a, "DELETE", one, NULL, NULL), 204);
	expect_error(http_get(a, one), 404, "not_found");
	char *hist = xasprintf("/api/v1/customers/%lld/history", (long long)cust);
	r = http_get(a, hist);
	if (strcmp(jstr(r->json, "items.0.field"), "interaction") ||
	    strcmp(jstr(r->json, "items.0.action"), "delete") ||
	    !strstr(jstr(r->json, "items.0.old"), "专线续约"))
		fail_msg("deleted interaction not in history: %s", r->body);
	free(path);
	free(old);
	free(older);
	free(page2);
	free(one);
	free(hist);
}

/* (at, kind, id) of the item is strictly before that of prev, newest first. */
static bool before(json_t *prev, json_t *it)
{
	long long pa = rfc3339_ms(jstr(prev, "at")), ia = rfc3339_ms(jstr(it, "at"));
	int k = strcmp(jstr(it, "kind"), jstr(prev, "kind"));

	if (ia != pa)
		return ia < pa;
	if (k)
		return k < 0;
	return jint(it, "id") < jint(prev, "id");
}

static void test_timeline_order_and_paging(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t cust = new_customer(a, "corporate", "莆田木兰鞋业有限公司");
	char *ipath = xasprintf("/api/v1/customers/%lld/interactions", (long long)cust);
	char *tpath = xasprintf("/api/v1/customers/%lld/timeline", (long long)cust);
	char *long_ago = time_ago(30 * 86400);
	json_t *all = json_array(), *it, *prev = NULL;
	char *after = NULL;
	size_t i;
	http_resp *r;

	/* Before the customer existed in Guanxi: last in the timeline. */
	expect_status(http_pack(a, "POST", ipath, "{s:s,s:s,s:s,s:s}", "channel", "meeting",
				"direction", "outbound", "occurred_at", long_ago, "summary",
				"展会上第一次见面"), 201);
	clock_advance(s, MS_MINUTE);
	expect_status(add_contact(a, cust, "郑总"), 201);
	clock_advance(s, MS_MINUTE);
	expect_status(http_pack(a, "POST", ipath, "{s:s,s:s,s:s}", "channel", "email",
				"direction", "inbound", "summary", "发来询价单"), 201);

	r = http_get(a, srv_own(s, xasprintf("%s?limit=500", tpath)));
	expect_status(r, 200);
	size_t total = json_array_size(jget(r->json, "items"));
	assert_true(total > 5);
	assert_string_equal(jstr(r->json, "items.0.kind"), "interaction");
	assert_string_equal(jstr(r->json, "items.0.summary"), "发来询价单");
	assert_string_equal(jstr(r->json, "items.1.kind"), "change");
	assert_string_equal(jstr(r->json, "items.1.contact.name"), "郑总");
	it = jget(r->json, "items");
	assert_string_equal(jstr(json_array_get(it, total - 1), "summary"), "展会上第一次见面");

	/* Pages of 2 give the same entries in the same order, none twice. */
	for (int pages = 0; pages < 100; pages++) {
		char *p = after ? xasprintf("%s?limit=2&after=%s", tpath, after)
				: xasprintf("%s?limit=2", tpath);
		r = http_get(a, p);
		free(p);
		expect_status(r, 200);
		json_array_foreach(jget(r->json, "items"), i, it)
			json_array_append(all, it);
		free(after);
		after = jstr(r->json, "next") ? xasprintf("%s", jstr(r->json, "next")) : NULL;
		if (!after)
			break;
	}
	assert_int_equal(json_array_size(all), total);
	json_array_foreach(all, i, it) {
		if (prev && !before(prev, it))
			fail_msg("timeline out of order at %zu", i);
		prev = it;
	}
	expect_field(http_get(a, srv_own(s, xasprintf("%s?after=12.x", tpath))), "after");
	expect_field(http_get(a, srv_own(s, xasprintf("%s?limit=0", tpath))), "limit");
	json_decref(all);
	free(ipath);
	free(tpath);
	free(long_ago);
}

/* Every physical line of a vCard ends in CRLF and has at most 75 octets. */
static void expect_folded(const char *body)
{
	for (const char *p = body; *p;) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			fail_msg("line without CRLF: %s", p);
		if (eol - p > 75)
			fail_msg("line of %d octets: %.*s", (int)(eol - p), (int)(eol - p), p);
		p = eol + 2;
	}
}

static void test_vcard_export(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t cust = new_customer(g, "corporate", "福建三明钢铁集团");
	char *path = xasprintf("/api/v1/customers/%lld/contacts", (long long)cust);
	char *vcf = xasprintf("/api/v1/customers/%lld/contacts.vcf", (long long)cust);
	http_resp *r;

	expect_status(add_contact(g, cust, "欧阳明"), 201);
	expect_status(http_pack(g, "POST", path, "{s:s,s:s,s:s}", "name", "吴芳",
				"title", "财务部经理", "remarks",
				"喜欢喝茶; 不要在周一打电话, 谢谢\n第二行：长长长长长长长长长长长长"
				"长长长长长长长长长长长长长长长长长长长长长长长长长长"), 201);
	r = http_get(g, vcf);
	assert_int_equal(r->status, 200);
	assert_string_equal(resp_header(r, "Content-Type"), "text/vcard; charset=utf-8");
	assert_non_null(strstr(resp_header(r, "Content-Disposition"), "attachment;"));
	assert_non_null(strstr(resp_header(r, "Content-Disposition"), ".vcf"));
	expect_folded(r->body);
	/* Unfolded, the properties read back whole. */
	char *flat = xasprintf("%s", r->body);
	char *w = flat;
	for (const char *p = r->body; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		*w++ = *p;
	}
	*w = '\0';
	const char *const want[] = {
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:欧阳明\r\nN:欧阳;明;;先生;\r\n",
		"ORG:福建三明钢铁集团;采购部\r\n", "TITLE:采购总监\r\n", "ROLE:决策人\r\n",
		"TEL;TYPE=CELL:138****8000\r\n", "TEL;TYPE=WORK,VOICE:059*****4321\r\n",
		"EMAIL;TYPE=INTERNET:wang.qiang@example.com\r\n",
		"FN:吴芳\r\nN:吴;芳;;;\r\n",
		"NOTE:喜欢喝茶\\; 不要在周一打电话\\, 谢谢\\n第二行：长长",
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (!strstr(flat, want[i]))
			fail_msg("vCard lacks %s:\n%s", want[i], flat);
	int cards = 0;
	for (const char *p = flat; (p = strstr(p, "END:VCARD\r\n")); p++)
		cards++;
	assert_int_equal(cards, 2);
	free(flat);
	assert_int_equal(audit_rows(a, "customer.view_sensitive", "actor", AGENT_USER), 0);
	/* Unmasked for a reader who may see phones, and audited. */
	int seen = audit_rows(a, "customer.view_sensitive", "actor", ADMIN_USER);
	r = http_get(a, vcf);
	assert_non_null(strstr(r->body, "TEL;TYPE=CELL:13800138000\r\n"));
	assert_int_equal(audit_rows(a, "customer.view_sensitive", "actor", ADMIN_USER), seen + 1);
	free(path);
	free(vcf);
}

int run_contacts_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_contact_crud_with_history,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_contact_validation_and_individuals,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_contact_stale_version,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_contact_scope_and_masking,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_interactions_log,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_timeline_order_and_paging,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_vcard_export,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("contacts", tests, NULL, NULL);
}
