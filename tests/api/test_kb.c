/* Knowledge base (SVC-5): versions kept and shown to editors only while
 * agents read the current published one, Chinese full-text search (停电
 * inside 计划停电通知), suggestions for a work order by ticket category and
 * text, categories, permissions, and bad input that changes nothing. */
#include "harness.h"

#include <string.h>

/* Category 1 (电力服务) and 2 (通信服务) come with the migration. */
#define CAT_POWER 1
#define CAT_TELECOM 2

/* path with the query parameter key=value URL-encoded; the caller frees. */
static char *with_query(gx_client *c, const char *path, const char *key, const char *value)
{
	char *v = curl_easy_escape(c->curl, value, 0);
	char *out = xasprintf("%s%s%s=%s", path, strchr(path, '?') ? "&" : "?", key, v);

	curl_free(v);
	return out;
}

static http_resp *get_q(gx_client *c, const char *path, const char *key, const char *value)
{
	char *p = with_query(c, path, key, value);
	http_resp *r = http_get(c, p);

	free(p);
	return r;
}

/* A published article; returns its id. */
static json_int_t add_article(gx_client *c, const char *title, const char *body,
			      json_int_t category, const char *status)
{
	http_resp *r = http_pack(c, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:I,s:s}", "title",
				 title, "body", body, "category_id", category, "status", status);

	expect_status(r, 201);
	return jint(r->json, "id");
}

static json_int_t add_tagged(gx_client *c, const char *title, const char *body,
			     const char *tcat, const char *status)
{
	http_resp *r = http_pack(c, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:I,s:s,s:[s]}",
				 "title", title, "body", body, "category_id", (json_int_t)CAT_POWER,
				 "status", status, "ticket_categories", tcat);

	expect_status(r, 201);
	return jint(r->json, "id");
}

static bool has_id(http_resp *r, json_int_t id)
{
	json_t *it;
	size_t i;

	json_array_foreach(jget(r->json, "items"), i, it)
		if (jint(it, "id") == id)
			return true;
	return false;
}

/* The text of the pieces marked as matches, joined with "|". */
static char *marks(json_t *parts)
{
	char buf[512] = "";
	size_t n = 0, i;
	json_t *p;

	json_array_foreach(parts, i, p)
		if (json_is_true(jget(p, "match")))
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "|" : "",
					      jstr(p, "text"));
	return xasprintf("%s", buf);
}

static void test_kb_versions_kept_for_editors_agents_see_current(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	json_int_t id = add_article(a, "信用卡挂失流程", "拨打热线，验证身份后立即挂失。", CAT_TELECOM + 1,
				    "published");
	char *path = xasprintf("/api/v1/kb/articles/%lld", (long long)id);
	char *versions = xasprintf("%s/versions", path);
	char *v1 = xasprintf("%s/versions/1", path);
	http_resp *r;

	/* A supervisor edits: version 2, with its author. */
	r = http_pack(sup, "PATCH", path, "{s:i,s:s,s:s}", "version", 1, "body",
		      "拨打热线或在手机银行中挂失，挂失后 24 小时内可补卡。", "answer", "已为您办理挂失。");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "version"), 2);
	assert_string_equal(jstr(r->json, "author.display_name"), SUP_USER);

	/* The agent reads the current version only. */
	r = http_get(g, path);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "version"), 2);
	assert_non_null(strstr(jstr(r->json, "body"), "手机银行"));
	assert_string_equal(jstr(r->json, "answer"), "已为您办理挂失。");
	expect_error(http_get(g, versions), 403, "forbidden");
	expect_error(http_get(g, v1), 403, "forbidden");

	/* Editors list every version, newest first, and open the old one. */
	r = http_get(sup, versions);
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 2);
	assert_int_equal(jint(r->json, "items.0.version"), 2);
	assert_int_equal(jint(r->json, "items.1.version"), 1);
	assert_string_equal(jstr(r->json, "items.1.author.display_name"), ADMIN_USER);
	assert_null(jget(r->json, "items.0.body"));
	r = http_get(a, v1);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "body"), "拨打热线，验证身份后立即挂失。");
	assert_string_equal(jstr(r->json, "answer"), "");
	expect_error(http_get(a, "/api/v1/kb/articles/999/versions/1"), 404, "not_found");
	char *v9 = xasprintf("%s/versions/9", path);
	expect_error(http_get(a, v9), 404, "not_found");
	free(v9);

	/* A change based on version 1 is stale and changes nothing. */
	r = http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 1, "title", "旧版本上的修改");
	expect_error(r, 409, "version_conflict");
	assert_string_equal(jstr(http_get(g, path)->json, "title"), "信用卡挂失流程");

	/* Archiving is a version too; the agent no longer sees the article
	 * but still sees the others. */
	json_int_t other = add_article(a, "补卡流程", "携带身份证到网点补办。", CAT_TELECOM + 1,
				       "published");
	r = http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 2, "status", "archived");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "version"), 3);
	expect_error(http_get(g, path), 404, "not_found");
	r = http_get(g, "/api/v1/kb/articles");
	expect_status(r, 200);
	assert_true(has_id(r, other));
	assert_false(has_id(r, id));
	assert_true(has_id(http_get(a, "/api/v1/kb/articles"), id));
	assert_int_equal(json_array_size(jget(http_get(a, versions)->json, "items")), 3);

	/* Deleting takes the versions along. */
	char *del = xasprintf("%s?version=3", path);
	expect_status(http_do(a, "DELETE", del, NULL, NULL), 204);
	expect_error(http_get(a, path), 404, "not_found");
	expect_error(http_get(a, versions), 404, "not_found");
	free(del);
	free(path);
	free(versions);
	free(v1);
}

static void test_kb_chinese_search_finds_two_character_words(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t notice = add_article(a, "计划停电通知",
		"因线路检修，本周六 8:00–18:00 城东片区计划停电。<b>请提前做好准备</b>。",
		CAT_POWER, "published");
	json_int_t body_only = add_article(a, "电费账单说明",
		"账单中的分时电价……遇到停电时，电费按实际用电量计算。", CAT_POWER, "published");
	json_int_t broadband = add_article(a, "宽带故障排查",
		"光猫 LOS 灯红色闪烁：检查光纤是否弯折，重启光猫。", CAT_TELECOM, "published");
	json_int_t draft = add_article(a, "停电补偿办法（草稿）", "停电超过 24 小时的补偿标准。",
				       CAT_POWER, "draft");
	http_resp *r;
	char *m;

	/* 停电 inside 计划停电通知; a title match ranks above a body match. */
	r = get_q(g, "/api/v1/kb/search", "q", "停电");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 2);
	assert_int_equal(jint(r->json, "items.0.id"), notice);
	assert_int_equal(jint(r->json, "items.1.id"), body_only);
	assert_false(has_id(r, draft));
	m = marks(jget(r->json, "items.0.title_marked"));
	assert_string_equal(m, "停电");
	free(m);
	m = marks(jget(r->json, "items.1.snippet"));
	assert_string_equal(m, "停电");
	free(m);
	/* Article text comes back as text pieces, never as markup. */
	m = marks(jget(r->json, "items.0.snippet"));
	assert_string_equal(m, "停电");
	free(m);
	assert_non_null(strstr(r->body, "<b>请提前做好准备</b>"));

	/* Editors find the draft too. */
	assert_true(has_id(get_q(a, "/api/v1/kb/search", "q", "停电"), draft));

	/* Every word must occur; words of letters match without case. */
	r = get_q(g, "/api/v1/kb/search", "q", "停电 城东");
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_int_equal(jint(r->json, "items.0.id"), notice);
	r = get_q(g, "/api/v1/kb/search", "q", "los 光猫");
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_int_equal(jint(r->json, "items.0.id"), broadband);
	r = get_q(g, "/api/v1/kb/search", "q", "停电宽带");
	assert_int_equal(json_array_size(jget(r->json, "items")), 0);

	/* One character finds it anywhere, also at the end of a word. */
	r = get_q(g, "/api/v1/kb/search", "q", "猫");
	assert_true(has_id(r, broadband));
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);

	/* The category filter covers subcategories. */
	r = http_pack(a, "POST", "/api/v1/kb/categories", "{s:s,s:I}", "name", "停电公告",
		      "parent_id", (json_int_t)CAT_POWER);
	expect_status(r, 201);
	json_int_t sub = jint(r->json, "id");
	char *path = xasprintf("/api/v1/kb/articles/%lld", (long long)notice);
	expect_status(http_pack(a, "PATCH", path, "{s:i,s:I}", "version", 1, "category_id", sub),
		      200);
	free(path);
	path = xasprintf("/api/v1/kb/search?category=%d", CAT_POWER);
	r = get_q(g, path, "q", "停电");
	assert_int_equal(json_array_size(jget(r->json, "items")), 2);
	free(path);
	path = xasprintf("/api/v1/kb/search?category=%d", CAT_TELECOM);
	r = get_q(g, path, "q", "停电");
	assert_int_equal(json_array_size(jget(r->json, "items")), 0);
	free(path);
	/* The index follows every version: the old title no longer matches. */
	path = xasprintf("/api/v1/kb/articles/%lld", (long long)broadband);
	expect_status(http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 1, "title", "光纤入户故障"),
		      200);
	free(path);
	assert_false(has_id(get_q(g, "/api/v1/kb/search", "q", "宽带"), broadband));
	assert_true(has_id(get_q(g, "/api/v1/kb/search", "q", "入户"), broadband));

	/* Nothing searchable, or a bad limit or category: 422. */
	expect_field(get_q(g, "/api/v1/kb/search", "q", "，。！"), "q");
	expect_field(http_get(g, "/api/v1/kb/search"), "q");
	expect_field(get_q(g, "/api/v1/kb/search?limit=0", "q", "停电"), "limit");
	expect_field(get_q(g, "/api/v1/kb/search?category=999", "q", "停电"), "category");
	expect_field(get_q(g, "/api/v1/kb/search?category=abc", "q", "停电"), "category");
	expect_error(get_q(g, "/api/v1/kb/search?status=draft", "q", "停电"), 403, "forbidden");
}

static void test_kb_suggest_by_ticket_category_and_text(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t exact = add_tagged(a, "停电故障报修受理", "受理停电报修时，先确认是否为计划停电。",
				      "repair.power", "published");
	json_int_t parent = add_tagged(a, "报修工单通用流程", "记录故障地点、故障现象，派单给维修班组。",
				       "repair", "published");
	json_int_t text_only = add_article(a, "小区突然停电怎么办",
		"先看邻居家是否也停电，再查看电表箱空开。", CAT_POWER, "published");
	json_int_t other = add_tagged(a, "宽带新装流程", "预约上门安装。", "service.open",
				      "published");
	json_int_t draft = add_tagged(a, "停电故障（草稿）", "草稿", "repair.power", "draft");
	http_resp *r;

	/* Category alone: the category's own articles before its parent's. */
	r = http_get(g, "/api/v1/kb/suggest?category=repair.power");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 2);
	assert_int_equal(jint(r->json, "items.0.id"), exact);
	assert_int_equal(jint(r->json, "items.1.id"), parent);

	/* Category and the order's text: what matches both comes first, and
	 * an article that only shares words is suggested too. */
	r = get_q(g, "/api/v1/kb/suggest?category=repair.power", "text",
		  "客户来电：小区突然停电，询问何时恢复");
	expect_status(r, 200);
	assert_true(json_array_size(jget(r->json, "items")) >= 3);
	assert_int_equal(jint(r->json, "items.0.id"), exact);
	assert_true(has_id(r, text_only));
	assert_true(has_id(r, parent));
	assert_false(has_id(r, other));
	assert_false(has_id(r, draft));

	/* Text alone. */
	r = get_q(g, "/api/v1/kb/suggest?limit=1", "text", "小区突然停电");
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_int_equal(jint(r->json, "items.0.id"), text_only);
	char *m = marks(jget(r->json, "items.0.title_marked"));
	assert_non_null(strstr(m, "停电"));
	free(m);

	expect_field(http_get(g, "/api/v1/kb/suggest?category=no.such"), "category");
	expect_field(http_get(g, "/api/v1/kb/suggest"), "text");
	expect_field(http_get(g, "/api/v1/kb/suggest?category=repair&limit=99"), "limit");
}

static void test_kb_permissions(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = add_article(a, "权限测试文章", "正文", CAT_POWER, "published");
	char *path = xasprintf("/api/v1/kb/articles/%lld", (long long)id);
	char *del = xasprintf("%s?version=1", path);

	expect_error(http_pack(g, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:i}", "title", "x",
			       "body", "y", "category_id", CAT_POWER), 403, "forbidden");
	expect_error(http_pack(g, "PATCH", path, "{s:i,s:s}", "version", 1, "title", "改"), 403,
		     "forbidden");
	expect_error(http_do(g, "DELETE", del, NULL, NULL), 403, "forbidden");
	expect_error(http_pack(g, "POST", "/api/v1/kb/categories", "{s:s}", "name", "新分类"), 403,
		     "forbidden");
	expect_error(http_get(g, "/api/v1/kb/articles?status=draft"), 403, "forbidden");
	/* Agents read published articles and the category tree. */
	expect_status(http_get(g, path), 200);
	expect_status(http_get(g, "/api/v1/kb/categories"), 200);
	expect_error(http_get(client_new(s), "/api/v1/kb/search?q=x"), 401, "unauthenticated");
	expect_error(http_get(client_new(s), path), 401, "unauthenticated");
	free(path);
	free(del);
}

static size_t article_count(gx_client *a)
{
	http_resp *r = http_get(a, "/api/v1/kb/articles?limit=500");

	expect_status(r, 200);
	return json_array_size(jget(r->json, "items"));
}

static void test_kb_bad_input_changes_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = add_article(a, "原标题", "原正文", CAT_POWER, "published");
	char *path = xasprintf("/api/v1/kb/articles/%lld", (long long)id);
	size_t before = article_count(a);
	http_resp *r;

	r = http_pack(a, "POST", "/api/v1/kb/articles", "{s:i,s:s,s:i}", "title", 5, "body", "x",
		      "category_id", CAT_POWER);
	expect_field(r, "title");
	assert_string_equal(jstr(r->json, "error.fields.title"), "应为字符串");
	r = http_pack(a, "POST", "/api/v1/kb/articles", "{s:s}", "body", "只有正文");
	expect_field(r, "title");
	expect_field(r, "category_id");
	expect_field(http_pack(a, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:i,s:s}", "title", "t",
			       "body", "b", "category_id", CAT_POWER, "color", "red"), "color");
	expect_field(http_pack(a, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:i,s:s}", "title", "t",
			       "body", "b", "category_id", CAT_POWER, "status", "live"), "status");
	r = http_pack(a, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:i}", "title", "t", "body", "b",
		      "category_id", 999);
	expect_field(r, "category_id");
	assert_string_equal(jstr(r->json, "error.fields.category_id"), "分类不存在");
	expect_field(http_pack(a, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:i,s:[s]}", "title",
			       "t", "body", "b", "category_id", CAT_POWER, "ticket_categories",
			       "no.such"), "ticket_categories");
	expect_field(http_pack(a, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:i,s:[s,s]}", "title",
			       "t", "body", "b", "category_id", CAT_POWER, "tags", "停电", "停电"),
		     "tags");
	expect_field(http_pack(a, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:i}", "title", "  ",
			       "body", "b", "category_id", CAT_POWER), "title");
	expect_field(http_pack(a, "POST", "/api/v1/kb/articles", "{s:s,s:s,s:i,s:i}", "title", "t",
			       "body", "b", "category_id", CAT_POWER, "version", 1), "version");
	assert_int_equal(article_count(a), before);

	/* A change needs the version it is based on, and valid fields. */
	expect_field(http_pack(a, "PATCH", path, "{s:s}", "title", "新标题"), "version");
	expect_field(http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 1, "body", ""), "body");
	expect_field(http_pack(a, "PATCH", path, "{s:i,s:b}", "version", 1, "tags", 1), "tags");
	r = http_get(a, path);
	assert_string_equal(jstr(r->json, "title"), "原标题");
	assert_int_equal(jint(r->json, "version"), 1);
	expect_field(http_do(a, "DELETE", path, NULL, NULL), "version");
	expect_error(http_get(a, "/api/v1/kb/articles/1/versions/x"), 404, "not_found");
	free(path);
}

static void test_kb_categories_tree(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r;

	r = http_pack(a, "POST", "/api/v1/kb/categories", "{s:s,s:I,s:i}", "name", "宽带",
		      "parent_id", (json_int_t)CAT_TELECOM, "sort", 5);
	expect_status(r, 201);
	json_int_t broadband = jint(r->json, "id");
	assert_int_equal(jint(r->json, "parent_id"), CAT_TELECOM);
	r = http_pack(a, "POST", "/api/v1/kb/categories", "{s:s,s:I}", "name", "光纤",
		      "parent_id", broadband);
	expect_status(r, 201);
	json_int_t fibre = jint(r->json, "id");
	char *bpath = xasprintf("/api/v1/kb/categories/%lld", (long long)broadband);
	char *fpath = xasprintf("/api/v1/kb/categories/%lld", (long long)fibre);

	/* Names are unique among siblings; no cycles. */
	r = http_pack(a, "POST", "/api/v1/kb/categories", "{s:s,s:I}", "name", "光纤",
		      "parent_id", broadband);
	expect_field(r, "name");
	expect_status(http_pack(a, "POST", "/api/v1/kb/categories", "{s:s}", "name", "光纤"), 201);
	expect_field(http_pack(a, "PATCH", bpath, "{s:i,s:I}", "version", 1, "parent_id", fibre),
		     "parent_id");
	expect_field(http_pack(a, "PATCH", bpath, "{s:i,s:I}", "version", 1, "parent_id", 999),
		     "parent_id");
	expect_field(http_pack(a, "POST", "/api/v1/kb/categories", "{s:s}", "name", ""), "name");

	r = http_pack(a, "PATCH", bpath, "{s:i,s:s}", "version", 1, "name", "宽带与光纤");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "version"), 2);
	expect_error(http_pack(a, "PATCH", bpath, "{s:i,s:s}", "version", 1, "name", "旧"), 409,
		     "version_conflict");

	/* In use: it holds a subcategory; then an article. */
	char *del = xasprintf("%s?version=2", bpath);
	expect_error(http_do(a, "DELETE", del, NULL, NULL), 409, "category_in_use");
	json_int_t art = add_article(a, "光纤文章", "正文", fibre, "draft");
	char *fdel = xasprintf("%s?version=1", fpath);
	expect_error(http_do(a, "DELETE", fdel, NULL, NULL), 409, "category_in_use");
	char *adel = xasprintf("/api/v1/kb/articles/%lld?version=1", (long long)art);
	expect_status(http_do(a, "DELETE", adel, NULL, NULL), 204);
	expect_status(http_do(a, "DELETE", fdel, NULL, NULL), 204);
	expect_status(http_do(a, "DELETE", del, NULL, NULL), 204);
	r = http_get(a, "/api/v1/kb/categories");
	assert_false(has_id(r, broadband));
	assert_true(has_id(r, CAT_TELECOM));
	free(bpath);
	free(fpath);
	free(del);
	free(fdel);
	free(adel);
}

int run_kb_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kb_versions_kept_for_editors_agents_see_current,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_kb_chinese_search_finds_two_character_words,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_kb_suggest_by_ticket_category_and_text,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test(test_kb_permissions),
		cmocka_unit_test_setup_teardown(test_kb_bad_input_changes_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_kb_categories_tree,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("kb", tests, gx_group_setup, gx_group_teardown);
}
