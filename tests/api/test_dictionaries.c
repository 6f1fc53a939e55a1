/* Dictionaries (CUS-4) and regions (GB/T 2260): the seeded lists, their
 * maintenance by administrators only, the ticket-category tree, browsing
 * regions, and the region codes of customers checked and named. */
#include "harness.h"

#include <string.h>

/* The item of that code in a list answer, or NULL. */
static json_t *find_code(http_resp *r, const char *code)
{
	json_t *it;
	size_t i;

	json_array_foreach(jget(r->json, "items"), i, it)
		if (!strcmp(jstr(it, "code"), code))
			return it;
	return NULL;
}

static bool has_label(http_resp *r, const char *label)
{
	json_t *it;
	size_t i;

	json_array_foreach(jget(r->json, "items"), i, it)
		if (!strcmp(jstr(it, "label"), label))
			return true;
	return false;
}

static void test_dictionaries_seeded_for_everyone(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	static const char *const industries[] = {"金融", "电信", "电力", "房地产", "物流",
						 "汽车", "制造", "政府", "教育", "医疗"};
	static const char *const salutations[] = {"先生", "女士", "经理", "总监", "老师"};
	http_resp *r = http_get(g, "/api/v1/dictionaries");
	json_t *it;
	size_t i;
	bool tree = false;

	expect_status(r, 200);
	json_array_foreach(jget(r->json, "items"), i, it)
		if (!strcmp(jstr(it, "kind"), "ticket_category"))
			tree = json_is_true(jget(it, "tree")) && !strcmp(jstr(it, "label"), "工单分类");
	assert_true(tree);
	r = http_get(g, "/api/v1/dictionaries/industry");
	expect_status(r, 200);
	for (size_t k = 0; k < sizeof industries / sizeof *industries; k++)
		if (!has_label(r, industries[k]))
			fail_msg("industry %s missing: %s", industries[k], r->body);
	r = http_get(g, "/api/v1/dictionaries/salutation");
	for (size_t k = 0; k < sizeof salutations / sizeof *salutations; k++)
		assert_true(has_label(r, salutations[k]));
	for (const char *const *kind = (const char *const[]){"job_title", "department",
			"customer_source", NULL}; *kind; kind++) {
		char *path = xasprintf("/api/v1/dictionaries/%s", *kind);
		assert_true(count_items(g, path) > 3);
		free(path);
	}
	r = http_get(g, "/api/v1/dictionaries/ticket_category");
	assert_string_equal(jstr(find_code(r, "complaint.billing"), "parent_code"), "complaint");
	expect_error(http_get(g, "/api/v1/dictionaries/weather"), 404, "not_found");
	expect_error(http_get(client_new(s), "/api/v1/dictionaries/industry"), 401,
		     "unauthenticated");
}

static void test_dictionary_create_change_disable_delete(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r;

	r = http_pack(a, "POST", "/api/v1/dictionaries/industry", "{s:s,s:s,s:i}", "code",
		      "agriculture", "label", "农业", "sort", 5);
	expect_status(r, 201);
	assert_true(json_is_true(jget(r->json, "enabled")));
	/* sort 5 puts it first */
	r = http_get(g, "/api/v1/dictionaries/industry");
	assert_string_equal(jstr(r->json, "items.0.label"), "农业");
	assert_true(audit_rows(a, "dictionary.create", "target",
			       "dictionary:industry/agriculture") > 0);

	r = http_pack(a, "PATCH", "/api/v1/dictionaries/industry/agriculture", "{s:s}", "label",
		      "农林牧渔");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "label"), "农林牧渔");
	expect_field(http_pack(a, "PATCH", "/api/v1/dictionaries/industry/agriculture", "{s:s}",
			       "code", "farm"), "code");

	/* Disabled items leave the list people pick from but stay listed
	 * for administrators who ask. */
	expect_status(http_pack(a, "PATCH", "/api/v1/dictionaries/industry/agriculture", "{s:b}",
				"enabled", 0), 200);
	assert_false(has_label(http_get(g, "/api/v1/dictionaries/industry"), "农林牧渔"));
	r = http_get(a, "/api/v1/dictionaries/industry?include_disabled=true");
	assert_true(json_is_false(jget(find_code(r, "agriculture"), "enabled")));
	expect_field(http_get(a, "/api/v1/dictionaries/industry?include_disabled=yes"),
		     "include_disabled");

	r = http_pack(a, "POST", "/api/v1/dictionaries/industry", "{s:s,s:s}", "code",
		      "agriculture", "label", "农业二");
	expect_error(r, 409, "conflict");
	assert_string_equal(jstr(r->json, "error.fields.code"), "编码 agriculture 已存在");
	expect_status(http_do(a, "DELETE", "/api/v1/dictionaries/industry/agriculture", NULL,
			      NULL), 204);
	assert_null(find_code(http_get(a, "/api/v1/dictionaries/industry?include_disabled=true"),
			      "agriculture"));
	expect_error(http_do(a, "DELETE", "/api/v1/dictionaries/industry/agriculture", NULL,
			     NULL), 404, "not_found");
	expect_error(http_pack(a, "PATCH", "/api/v1/dictionaries/industry/nothing", "{s:s}",
			       "label", "无"), 404, "not_found");
	expect_error(http_pack(a, "POST", "/api/v1/dictionaries/weather", "{s:s,s:s}", "code",
			       "sunny", "label", "晴"), 404, "not_found");
}

static void test_dictionary_validation_changes_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	size_t before = count_items(a, "/api/v1/dictionaries/salutation?include_disabled=true");
	http_resp *r;

	r = http_pack(a, "POST", "/api/v1/dictionaries/salutation", "{s:s,s:s,s:i,s:s,s:s}",
		      "code", "Bad Code", "label", "", "sort", -1, "parent_code", "mr",
		      "colour", "red");
	expect_field(r, "code");
	expect_field(r, "label");
	expect_field(r, "sort");
	expect_field(r, "colour");
	expect_field(http_pack(a, "POST", "/api/v1/dictionaries/salutation", "{s:s,s:s,s:s}",
			       "code", "sir", "label", "阁下", "parent_code", "mr"), "parent_code");
	expect_field(http_pack(a, "POST", "/api/v1/dictionaries/salutation", "{s:s}", "label",
			       "阁下"), "code");
	expect_field(http_pack(a, "POST", "/api/v1/dictionaries/salutation", "{s:s,s:i}",
			       "code", "sir", "label", 3), "label");
	expect_field(http_pack(a, "POST", "/api/v1/dictionaries/salutation", "{s:s,s:s}",
			       "code", "sir", "label", "   "), "label");
	/* The same label twice at one level would be ambiguous. */
	expect_field(http_pack(a, "POST", "/api/v1/dictionaries/salutation", "{s:s,s:s}",
			       "code", "mister", "label", "先生"), "label");
	expect_field(http_pack(a, "PATCH", "/api/v1/dictionaries/salutation/mr", "{s:s}",
			       "enabled", "no"), "enabled");
	assert_int_equal(count_items(a, "/api/v1/dictionaries/salutation?include_disabled=true"),
			 before);
	assert_true(json_is_true(jget(http_get(a, "/api/v1/dictionaries/salutation")->json,
				      "items.0.enabled")));
}

static void test_dictionary_changes_need_dictionary_manage(void **state)
{
	gx_server *s = state_server(state);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);

	expect_error(http_pack(g, "POST", "/api/v1/dictionaries/industry", "{s:s,s:s}", "code",
			       "mining", "label", "采矿"), 403, "forbidden");
	expect_error(http_pack(sup, "POST", "/api/v1/dictionaries/industry", "{s:s,s:s}", "code",
			       "mining", "label", "采矿"), 403, "forbidden");
	expect_error(http_pack(g, "PATCH", "/api/v1/dictionaries/industry/finance", "{s:s}",
			       "label", "银行"), 403, "forbidden");
	expect_error(http_do(g, "DELETE", "/api/v1/dictionaries/industry/finance", NULL, NULL),
		     403, "forbidden");
	http_resp *r = http_get(g, "/api/v1/dictionaries/industry");
	assert_true(has_label(r, "金融"));
	assert_false(has_label(r, "采矿"));
}

static void test_ticket_categories_form_a_tree(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	const char *base = "/api/v1/dictionaries/ticket_category";
	http_resp *r;

	r = http_pack(a, "POST", base, "{s:s,s:s,s:s}", "code", "complaint.noise", "label",
		      "噪音扰民", "parent_code", "complaint");
	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "parent_code"), "complaint");
	/* A third level under the new item. */
	expect_status(http_pack(a, "POST", base, "{s:s,s:s,s:s}", "code", "complaint.noise.night",
				"label", "夜间施工", "parent_code", "complaint.noise"), 201);
	expect_field(http_pack(a, "POST", base, "{s:s,s:s,s:s}", "code", "orphan", "label", "孤儿",
			       "parent_code", "nowhere"), "parent_code");
	/* Labels repeat freely under different parents, not under one. */
	expect_status(http_pack(a, "POST", base, "{s:s,s:s,s:s}", "code", "repair.other",
				"label", "其他", "parent_code", "repair"), 201);
	expect_status(http_pack(a, "POST", base, "{s:s,s:s,s:s}", "code", "inquiry.other",
				"label", "其他", "parent_code", "inquiry"), 201);
	expect_field(http_pack(a, "POST", base, "{s:s,s:s,s:s}", "code", "inquiry.misc",
			       "label", "其他", "parent_code", "inquiry"), "label");
	/* No cycles: an item cannot go under itself or its descendants. */
	expect_field(http_pack(a, "PATCH", "/api/v1/dictionaries/ticket_category/complaint",
			       "{s:s}", "parent_code", "complaint.noise.night"), "parent_code");
	expect_field(http_pack(a, "PATCH", "/api/v1/dictionaries/ticket_category/complaint",
			       "{s:s}", "parent_code", "complaint"), "parent_code");
	assert_true(json_is_null(jget(find_code(http_get(a, base), "complaint"), "parent_code")));
	/* Moving to the top level and back. */
	r = http_pack(a, "PATCH", "/api/v1/dictionaries/ticket_category/complaint.noise", "{s:n}",
		      "parent_code");
	expect_status(r, 200);
	assert_true(json_is_null(jget(r->json, "parent_code")));
	/* A parent with children stays until they are gone. */
	expect_error(http_do(a, "DELETE", "/api/v1/dictionaries/ticket_category/complaint.noise",
			     NULL, NULL), 409, "has_children");
	expect_status(http_do(a, "DELETE",
			      "/api/v1/dictionaries/ticket_category/complaint.noise.night", NULL,
			      NULL), 204);
	expect_status(http_do(a, "DELETE", "/api/v1/dictionaries/ticket_category/complaint.noise",
			      NULL, NULL), 204);
}

static void test_regions_browse_and_path(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r;

	r = http_get(g, "/api/v1/regions");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 31);
	assert_string_equal(jstr(find_code(r, "440000"), "name"), "广东省");
	r = http_get(g, "/api/v1/regions?parent=440000");
	assert_string_equal(jstr(find_code(r, "440300"), "name"), "深圳市");
	assert_true(json_is_false(jget(find_code(r, "440300"), "leaf")));
	r = http_get(g, "/api/v1/regions?parent=440300");
	json_t *nanshan = find_code(r, "440305");
	assert_non_null(nanshan);
	assert_true(json_is_true(jget(nanshan, "leaf")));
	r = http_get(g, "/api/v1/regions/440305");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "full_name"), "广东省 深圳市 南山区");
	assert_string_equal(jstr(r->json, "path.0.name"), "广东省");
	assert_string_equal(jstr(r->json, "path.2.code"), "440305");
	/* A municipality is not named twice. */
	assert_string_equal(jstr(http_get(g, "/api/v1/regions/110105")->json, "full_name"),
			    "北京市 朝阳区");
	expect_error(http_get(g, "/api/v1/regions/999999"), 404, "not_found");
	expect_error(http_get(g, "/api/v1/regions/44"), 404, "not_found");
	expect_field(http_get(g, "/api/v1/regions?parent=abc"), "parent");
	expect_field(http_get(g, "/api/v1/regions?parent=990000"), "parent");
	expect_error(http_get(client_new(s), "/api/v1/regions"), 401, "unauthenticated");
}

static http_resp *customer_at(gx_client *c, const char *province, const char *city,
			      const char *district)
{
	return http_pack(c, "POST", "/api/v1/customers", "{s:s,s:s,s:s,s:s,s:s}", "type",
			 "individual", "name", "区划测试", "province", province, "city", city,
			 "district", district);
}

static void test_customer_region_codes_checked_and_named(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = customer_at(a, "440000", "440300", "440305");

	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "region_names"), "广东省 深圳市 南山区");
	char *path = xasprintf("/api/v1/customers/%lld", (long long)jint(r->json, "id"));
	assert_string_equal(jstr(http_get(a, path)->json, "region_names"), "广东省 深圳市 南山区");
	assert_string_equal(jstr(http_get(a, "/api/v1/customers")->json, "items.0.region_names"),
			    "广东省 深圳市 南山区");

	/* Each bad combination is refused with the field that is wrong. */
	expect_field(customer_at(a, "110000", "440300", ""), "city");
	expect_field(customer_at(a, "440000", "440300", "110105"), "district");
	expect_field(customer_at(a, "990000", "", ""), "province");
	expect_field(customer_at(a, "440300", "", ""), "province");
	expect_field(customer_at(a, "440000", "", "440305"), "city");
	expect_field(customer_at(a, "", "440300", ""), "province");
	r = customer_at(a, "440000", "440399", "");
	expect_field(r, "city");
	assert_non_null(strstr(jstr(r->json, "error.fields.city"), "不是有效的城市"));
	assert_int_equal(count_items(a, "/api/v1/customers"), 1);

	/* A province alone is named by itself; a change is checked too. */
	r = http_pack(a, "PATCH", path, "{s:i,s:s,s:s,s:s}", "version", 1, "province", "110000",
		      "city", "", "district", "");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "region_names"), "北京市");
	expect_field(http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 2, "city", "440300"),
		     "city");
	assert_string_equal(jstr(http_get(a, path)->json, "city"), "");
	free(path);
}

int run_dictionaries_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dictionaries_seeded_for_everyone),
		cmocka_unit_test_setup_teardown(test_dictionary_create_change_disable_delete,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_dictionary_validation_changes_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test(test_dictionary_changes_need_dictionary_manage),
		cmocka_unit_test_setup_teardown(test_ticket_categories_form_a_tree,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test(test_regions_browse_and_path),
		cmocka_unit_test_setup_teardown(test_customer_region_codes_checked_and_named,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("dictionaries", tests, gx_group_setup,
					   gx_group_teardown);
}
