/* Customer records, second part: the three-level profile and its masking,
 * extension fields, maker-checker review, likely duplicates and merging. */
#include "harness.h"

#include <string.h>

static json_int_t create_customer(gx_client *c, const char *fmt_extra_name,
				  const char *phone)
{
	http_resp *r = http_pack(c, "POST", "/api/v1/customers", "{s:s,s:s,s:[s]}",
				 "type", "individual", "name", fmt_extra_name, "phones", phone);
	expect_status(r, 201);
	return jint(r->json, "id");
}

static http_resp *get_customer(gx_client *c, json_int_t id)
{
	char *p = xasprintf("/api/v1/customers/%lld", (long long)id);
	http_resp *r = http_get(c, p);
	free(p);
	return r;
}

/* The history of a customer has a row of field with new value (NULL: any). */
static bool history_has(gx_client *c, json_int_t id, const char *field, const char *new_value)
{
	char *p = xasprintf("/api/v1/customers/%lld/history?limit=500", (long long)id);
	http_resp *r = http_get(c, p);
	json_t *it;
	size_t i;

	free(p);
	expect_status(r, 200);
	json_array_foreach(jget(r->json, "items"), i, it)
		if (!strcmp(jstr(it, "field"), field) &&
		    (!new_value || (jstr(it, "new") && !strcmp(jstr(it, "new"), new_value))))
			return true;
	return false;
}

/* The audit log has a row of action about target. */
static void test_profile_subjective_fields_are_masked(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *agent = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r = http_pack(agent, "POST", "/api/v1/customers",
		"{s:s,s:s,s:[s],s:s,s:s,s:s,s:s}", "type", "individual", "name", "王秀英",
		"phones", "13700001111", "education", "bachelor", "preferences", "喜欢短信通知",
		"religion", "佛教", "care_notes", "上周母亲住院，语气放缓");
	json_int_t id;

	expect_status(r, 201);
	id = jint(r->json, "id");
	/* The agent entered it but may not read it back. */
	assert_string_equal(jstr(r->json, "preferences"), "******");
	assert_true(json_is_true(jget(r->json, "profile_masked")));
	assert_string_equal(jstr(r->json, "care_notes"), "上周母亲住院，语气放缓");
	assert_string_equal(jstr(r->json, "education"), "bachelor");
	r = get_customer(a, id);
	assert_string_equal(jstr(r->json, "preferences"), "喜欢短信通知");
	assert_string_equal(jstr(r->json, "religion"), "佛教");
	assert_true(json_is_false(jget(r->json, "profile_masked")));
	/* History masks them for the agent too. */
	char *p = xasprintf("/api/v1/customers/%lld/history?limit=100", (long long)id);
	r = http_get(agent, p);
	free(p);
	json_t *it;
	size_t i;
	bool seen = false;
	json_array_foreach(jget(r->json, "items"), i, it)
		if (!strcmp(jstr(it, "field"), "religion")) {
			assert_string_equal(jstr(it, "new"), "******");
			seen = true;
		}
	assert_true(seen);
	expect_field(http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:s}", "type",
			       "individual", "name", "甲", "education", "kindergarten"),
		     "education");

	/* Subjective data alone is sensitive: reading it unmasked is audited. */
	r = http_pack(agent, "POST", "/api/v1/customers", "{s:s,s:s,s:s,s:s,s:s,s:s}",
		      "type", "individual", "name", "郑十", "habits", "晚上九点后勿扰",
		      "province", "350000", "city", "350100", "district", "350102");
	expect_status(r, 201);
	id = jint(r->json, "id");
	p = xasprintf("customer:%lld", (long long)id);
	assert_int_equal(audit_rows(a, "customer.view_sensitive", "target", p), 0);
	assert_string_equal(jstr(get_customer(a, id)->json, "habits"), "晚上九点后勿扰");
	assert_true(audit_rows(a, "customer.view_sensitive", "target", p) > 0);
	free(p);

	/* The region filter takes a province, city or district code. */
	assert_int_equal(count_items(a, "/api/v1/customers?region=350100"), 1);
	assert_int_equal(count_items(a, "/api/v1/customers?region=350102"), 1);
	assert_int_equal(count_items(a, "/api/v1/customers?region=110000"), 0);
	expect_field(http_get(a, "/api/v1/customers?region=35"), "region");
	expect_field(http_get(a, "/api/v1/customers?tag=tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"), "tag");
}

static void test_extension_fields_validated_stored_searched(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *agent = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r;
	json_int_t id, fid;

	expect_error(http_pack(agent, "POST", "/api/v1/custom-fields", "{s:s,s:s,s:s,s:[s]}",
			       "key", "contract_no", "label", "合同编号", "kind", "text",
			       "applies_to", "corporate"), 403, "forbidden");
	r = http_pack(a, "POST", "/api/v1/custom-fields", "{s:s,s:s,s:s,s:[s],s:b}",
		      "key", "contract_no", "label", "合同编号", "kind", "text",
		      "applies_to", "corporate", "searchable", 1);
	expect_status(r, 201);
	fid = jint(r->json, "id");
	expect_status(http_pack(a, "POST", "/api/v1/custom-fields", "{s:s,s:s,s:s,s:[s]}",
				"key", "employees", "label", "员工人数", "kind", "number",
				"applies_to", "corporate"), 201);
	expect_status(http_pack(a, "POST", "/api/v1/custom-fields", "{s:s,s:s,s:s,s:[s,s],s:[s],s:b}",
				"key", "scale", "label", "企业规模", "kind", "choice",
				"choices", "大型", "中小型", "applies_to", "corporate",
				"required", 1), 201);
	expect_field(http_pack(a, "POST", "/api/v1/custom-fields", "{s:s,s:s,s:s,s:[s]}",
			       "key", "Bad Key", "label", "x", "kind", "colour",
			       "applies_to", "martian"), "key");
	r = http_pack(a, "POST", "/api/v1/custom-fields", "{s:s,s:s,s:s,s:[s]}",
		      "key", "contract_no", "label", "重复", "kind", "text",
		      "applies_to", "corporate");
	expect_error(r, 409, "conflict");
	assert_non_null(jstr(r->json, "error.fields.key"));

	/* Required, kinds, choices, unknown keys. */
	r = http_pack(agent, "POST", "/api/v1/customers", "{s:s,s:s,s:{s:s,s:s}}",
		      "type", "corporate", "name", "闽江物流有限公司",
		      "ext", "employees", "很多", "nope", "x");
	expect_field(r, "ext.scale");
	expect_field(r, "ext.employees");
	expect_field(r, "ext.nope");
	r = http_pack(agent, "POST", "/api/v1/customers", "{s:s,s:s,s:{s:s,s:i,s:s}}",
		      "type", "corporate", "name", "闽江物流有限公司",
		      "ext", "contract_no", "HT-2026-001", "employees", 320, "scale", "大型");
	expect_status(r, 201);
	id = jint(r->json, "id");
	assert_int_equal(jint(r->json, "ext.employees"), 320);
	/* An individual has no such fields. */
	expect_field(http_pack(agent, "POST", "/api/v1/customers", "{s:s,s:s,s:{s:s}}",
			       "type", "individual", "name", "李四", "ext", "contract_no", "X"),
		     "ext.contract_no");
	assert_int_equal(count_items(agent, "/api/v1/customers?ext_field=contract_no&ext_value=HT-2026-001"), 1);
	assert_int_equal(count_items(agent, "/api/v1/customers?ext_field=contract_no&ext_value=HT-2026-002"), 0);

	/* A change is history, and the index follows it. */
	char *p = xasprintf("/api/v1/customers/%lld", (long long)id);
	r = http_pack(agent, "PATCH", p, "{s:i,s:{s:s}}", "version", 1, "ext",
		      "contract_no", "HT-2026-002");
	free(p);
	expect_status(r, 200);
	assert_true(history_has(agent, id, "ext.contract_no", "HT-2026-002"));
	assert_int_equal(count_items(agent, "/api/v1/customers?ext_field=contract_no&ext_value=HT-2026-002"), 1);
	assert_int_equal(count_items(agent, "/api/v1/customers?ext_field=contract_no&ext_value=HT-2026-001"), 0);

	/* No longer searchable: the index is emptied. */
	p = xasprintf("/api/v1/custom-fields/%lld", (long long)fid);
	expect_status(http_pack(a, "PATCH", p, "{s:i,s:b}", "version", 1, "searchable", 0), 200);
	expect_error(http_pack(a, "PATCH", p, "{s:i,s:b}", "version", 1, "searchable", 1), 409,
		     "version_conflict");
	free(p);
	assert_int_equal(count_items(agent, "/api/v1/customers?ext_field=contract_no&ext_value=HT-2026-002"), 0);
	r = http_get(agent, "/api/v1/custom-fields");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
}

static http_resp *review(gx_client *c, json_int_t id, json_int_t version, const char *decision,
			 const char *comment)
{
	char *p = xasprintf("/api/v1/customers/%lld/review", (long long)id);
	http_resp *r = comment
		? http_pack(c, "POST", p, "{s:I,s:s,s:s}", "version", version, "decision",
			    decision, "comment", comment)
		: http_pack(c, "POST", p, "{s:I,s:s}", "version", version, "decision", decision);
	free(p);
	return r;
}

/* 409: the record is not in a state that allows this, named by field. */
static void expect_refused(http_resp *r, const char *field)
{
	char *path = xasprintf("error.fields.%s", field);

	expect_error(r, 409, "conflict");
	if (!jstr(r->json, path))
		fail_msg("no message for %s: %s", field, r->body);
	free(path);
}

static void test_review_two_steps_by_others_than_the_author(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *agent = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *sup;
	http_resp *r;
	json_int_t id, mine;

	create_user_in_team(a, "checker", "reviewer", 0);
	sup = client_signed_in(s, "checker", "Passw0rd!");

	/* Off by default: records are not waiting. */
	id = create_customer(agent, "赵六", "13600002222");
	assert_string_equal(jstr(get_customer(agent, id)->json, "review.state"), "none");
	expect_error(http_pack(agent, "PATCH", "/api/v1/settings", "{s:b}", "customer.review", 1),
		     403, "forbidden");
	expect_field(http_pack(a, "PATCH", "/api/v1/settings", "{s:s}", "customer.review", "yes"),
		     "customer.review");
	r = http_pack(a, "PATCH", "/api/v1/settings", "{s:b}", "customer.review", 1);
	expect_status(r, 200);
	assert_true(json_is_true(json_object_get(r->json, "customer.review")));

	id = create_customer(agent, "钱七", "13600003333");
	r = get_customer(sup, id);
	assert_string_equal(jstr(r->json, "review.state"), "pending_first");
	assert_int_equal(count_items(sup, "/api/v1/customers?review=pending_first"), 1);
	expect_error(review(agent, id, 1, "approve", NULL), 403, "forbidden");
	expect_field(review(sup, id, 1, "reject", NULL), "comment");
	expect_error(review(sup, id, 7, "approve", NULL), 409, "version_conflict");

	r = review(sup, id, 1, "approve", NULL);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "review.state"), "pending_second");
	assert_string_equal(jstr(r->json, "review.first_reviewer.display_name"), "checker");
	assert_true(is_rfc3339_ms(jstr(r->json, "review.first_reviewed_at")));
	/* One person may not give both reviews. */
	expect_refused(review(sup, id, 2, "approve", NULL), "decision");
	r = review(a, id, 2, "approve", NULL);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "review.state"), "approved");
	assert_string_equal(jstr(r->json, "review.second_reviewer.display_name"), ADMIN_USER);
	expect_refused(review(sup, id, 3, "approve", NULL), "review_state");
	assert_true(history_has(sup, id, "review_state", "approved"));

	/* The author may not review; a reject keeps its reason; a change
	 * starts the review again. */
	mine = create_customer(a, "孙八", "13600004444");
	expect_refused(review(a, mine, 1, "approve", NULL), "decision");
	r = review(sup, mine, 1, "reject", "电话号码与身份证不符");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "review.state"), "rejected");
	assert_string_equal(jstr(r->json, "review.comment"), "电话号码与身份证不符");
	char *p = xasprintf("/api/v1/customers/%lld", (long long)mine);
	r = http_pack(a, "PATCH", p, "{s:i,s:[s]}", "version", 2, "phones", "13600005555");
	free(p);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "review.state"), "pending_first");
	assert_true(json_is_null(jget(r->json, "review.first_reviewer")));
}

static http_resp *duplicates(gx_client *c, const char *fmt, ...)
{
	va_list ap;
	http_resp *r;

	va_start(ap, fmt);
	r = http_vpack(c, "POST", "/api/v1/customers/duplicates", fmt, ap);
	va_end(ap);
	expect_status(r, 200);
	return r;
}

static void test_duplicates_warn_by_phone_id_and_name(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t team2 = create_team(a, "客服二组");
	gx_client *other;
	http_resp *r;

	create_user_in_team(a, "agent2", "agent", team2);
	other = client_signed_in(s, "agent2", "Passw0rd!");
	expect_status(http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:[s],s:s,s:s}",
				"type", "individual", "name", "张三", "phones", "13800138000",
				"id_number", "110101199003071233", "company", "福建电信"), 201);
	expect_status(http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s}",
				"type", "corporate", "name", "福州某某科技有限公司"), 201);

	r = duplicates(a, "{s:s,s:s,s:[s]}", "type", "individual", "name", "张珊",
		       "phones", "138-0013-8000");
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_string_equal(jstr(r->json, "items.0.name"), "张三");
	assert_string_equal(jstr(r->json, "items.0.reasons.0"), "phone");
	r = duplicates(a, "{s:s,s:s,s:s}", "type", "individual", "name", "某人",
		       "id_number", "110101199003071233");
	assert_string_equal(jstr(r->json, "items.0.reasons.0"), "id_number");
	r = duplicates(a, "{s:s,s:s,s:s}", "type", "individual", "name", "张三",
		       "company", "福建电信");
	assert_string_equal(jstr(r->json, "items.0.reasons.0"), "name_company");
	r = duplicates(a, "{s:s,s:s}", "type", "corporate", "name", "福州某某科技有限公司");
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	r = duplicates(a, "{s:s,s:s,s:[s]}", "type", "individual", "name", "王五",
		       "phones", "13900000000");
	assert_int_equal(json_array_size(jget(r->json, "items")), 0);
	/* Out of the reader's scope: counted, not named. */
	r = duplicates(other, "{s:s,s:s,s:[s]}", "type", "individual", "name", "张珊",
		       "phones", "13800138000");
	assert_int_equal(json_array_size(jget(r->json, "items")), 0);
	assert_int_equal(jint(r->json, "hidden"), 1);
}

static void test_merge_keeps_everything_in_one_record(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *agent = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r;
	json_int_t keep, gone;
	char *path;

	r = http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:[s],s:[s],s:s}",
		      "type", "individual", "name", "周九", "phones", "13500001111",
		      "tags", "宽带", "remarks", "老客户");
	expect_status(r, 201);
	keep = jint(r->json, "id");
	r = http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:[s],s:[s],s:[s],s:s,s:s}",
		      "type", "individual", "name", "周九", "phones", "13500002222",
		      "emails", "zhou9@example.com", "tags", "VIP", "company", "福州港务",
		      "remarks", "投诉过两次");
	expect_status(r, 201);
	gone = jint(r->json, "id");
	path = xasprintf("/api/v1/customers/%lld", (long long)gone);
	expect_status(http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 1, "address",
				"鼓楼区五四路 1 号"), 200);
	free(path);
	path = xasprintf("/api/v1/customers/%lld/interactions", (long long)gone);
	expect_status(http_pack(a, "POST", path, "{s:s,s:s,s:s}", "channel", "phone",
				"direction", "inbound", "summary", "来电咨询宽带续费"), 201);
	free(path);

	path = xasprintf("/api/v1/customers/%lld/merge", (long long)keep);
	expect_error(http_pack(agent, "POST", path, "{s:i,s:I}", "version", 1, "from",
			       (json_int_t)gone), 403, "forbidden");
	expect_field(http_pack(a, "POST", path, "{s:i,s:I}", "version", 1, "from",
			       (json_int_t)keep), "from");
	expect_error(http_pack(a, "POST", path, "{s:i,s:I}", "version", 9, "from",
			       (json_int_t)gone), 409, "version_conflict");
	assert_int_equal(get_customer(a, gone)->status, 200);
	r = http_pack(a, "POST", path, "{s:i,s:I}", "version", 1, "from", (json_int_t)gone);
	free(path);
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "phones")), 2);
	assert_string_equal(jstr(r->json, "emails.0"), "zhou9@example.com");
	assert_true(jarray_has_str(jget(r->json, "tags"), "VIP"));
	assert_true(jarray_has_str(jget(r->json, "tags"), "宽带"));
	assert_string_equal(jstr(r->json, "company"), "福州港务");
	assert_string_equal(jstr(r->json, "address"), "鼓楼区五四路 1 号");
	assert_non_null(strstr(jstr(r->json, "remarks"), "投诉过两次"));
	assert_non_null(strstr(jstr(r->json, "remarks"), "老客户"));

	/* Its interactions came along. */
	path = xasprintf("/api/v1/customers/%lld/interactions", (long long)keep);
	r = http_get(a, path);
	free(path);
	assert_string_equal(jstr(r->json, "items.0.summary"), "来电咨询宽带续费");
	/* The other is gone; its number now finds the one kept. */
	expect_error(get_customer(a, gone), 404, "not_found");
	r = http_get(a, "/api/v1/customers/lookup?phone=13500002222");
	assert_int_equal(jint(r->json, "items.0.id"), keep);
	/* Both histories record the merge, and the kept one shows the other's. */
	assert_true(history_has(a, keep, "merged_from", NULL));
	assert_true(history_has(a, keep, "address", "鼓楼区五四路 1 号"));
	char *h = xasprintf("/api/v1/customers/%lld/history?limit=500", (long long)keep);
	r = http_get(a, h);
	free(h);
	json_t *it;
	size_t i;
	bool theirs = false;
	json_array_foreach(jget(r->json, "items"), i, it)
		theirs |= jint(it, "customer_id") == gone && !strcmp(jstr(it, "field"), "merged_into");
	assert_true(theirs);
}

/* The history pages newest first: every change once, in the order made. */
static void test_history_pages_newest_first(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = create_customer(a, "陈历史", "13900000011");
	char *path = xasprintf("/api/v1/customers/%lld", (long long)id), *p;
	int want = 5, got = 0;

	for (int v = 1; v <= 5; v++) {
		char remarks[32];
		snprintf(remarks, sizeof remarks, "第%d次", v);
		expect_status(http_pack(a, "PATCH", path, "{s:i,s:s}", "version", v,
					"remarks", remarks), 200);
	}
	p = xasprintf("%s/history?limit=2", path);
	while (p) {
		http_resp *r = http_get(a, p);
		json_t *it;
		size_t i;

		free(p);
		p = NULL;
		expect_status(r, 200);
		json_array_foreach(jget(r->json, "items"), i, it) {
			char expect[32];
			if (strcmp(jstr(it, "field"), "remarks"))
				continue;
			snprintf(expect, sizeof expect, "第%d次", want--);
			assert_string_equal(jstr(it, "new"), expect);
			got++;
		}
		if (jstr(r->json, "next"))
			p = xasprintf("%s/history?limit=2&after=%s", path, jstr(r->json, "next"));
	}
	free(path);
	assert_int_equal(got, 5);
}

static void test_prefix_search_pages_in_key_order(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	const char *const names[] = {"张三", "张三丰", "张三", "李四"};
	const char *const order[] = {"张三", "张三", "张三丰"};
	json_int_t seen[3];
	char *p;
	http_resp *r;
	size_t got = 0;

	for (size_t i = 0; i < 4; i++)
		create_customer(a, names[i], i == 3 ? "13900000004" : "13900000001");
	p = xasprintf("/api/v1/customers?q=%s&limit=2", "%E5%BC%A0%E4%B8%89");
	for (int page = 0; p && page < 3; page++) {
		json_t *it;
		size_t i;
		r = http_get(a, p);
		free(p);
		p = NULL;
		expect_status(r, 200);
		json_array_foreach(jget(r->json, "items"), i, it) {
			assert_true(got < 3);
			assert_string_equal(jstr(it, "name"), order[got]);
			for (size_t k = 0; k < got; k++)
				assert_true(seen[k] != jint(it, "id"));
			seen[got++] = jint(it, "id");
		}
		if (jstr(r->json, "next")) {
			char *cur = curl_easy_escape(NULL, jstr(r->json, "next"), 0);
			p = xasprintf("/api/v1/customers?q=%s&limit=2&after=%s", "%E5%BC%A0%E4%B8%89", cur);
			curl_free(cur);
		}
	}
	free(p);
	assert_int_equal(got, 3);
	/* The same by pinyin initials; a malformed cursor is refused. */
	assert_int_equal(count_items(a, "/api/v1/customers?q=zs"), 3);
	expect_field(http_get(a, "/api/v1/customers?q=zs&after=x.zs"), "after");
}

int run_customer_records_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_profile_subjective_fields_are_masked,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_extension_fields_validated_stored_searched,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_review_two_steps_by_others_than_the_author,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_warn_by_phone_id_and_name,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_merge_keeps_everything_in_one_record,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_prefix_search_pages_in_key_order,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_history_pages_newest_first,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("customer_records", tests, NULL, NULL);
}
