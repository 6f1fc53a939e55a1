/* Customer import and export (CUS-11): dry runs that list every bad row by
 * line and column, GB18030 files, all-or-nothing imports with history,
 * Excel workbooks both ways, the export's masking and its one audit row,
 * and the same from the command line. */
#include "harness.h"

#include <iconv.h>
#include <string.h>
#include <zip.h>

#include "lib/xlsx.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static http_resp *upload(gx_client *c, const char *query, const char *type,
			 const char *body, size_t len)
{
	char *path = xasprintf("/api/v1/imports/customers%s", query);
	http_opts o = {.method = "POST", .path = path, .body = body, .body_len = len,
		       .content_type = type};
	http_resp *r = http_req(c, &o);

	free(path);
	return r;
}

static http_resp *upload_csv(gx_client *c, const char *query, const char *csv)
{
	return upload(c, query, "text/csv; charset=utf-8", csv, strlen(csv));
}

static size_t count_customers(gx_client *c, const char *query)
{
	char *path = xasprintf("/api/v1/customers?limit=500%s", query);
	http_resp *r = http_get(c, path);

	free(path);
	expect_status(r, 200);
	return json_array_size(jget(r->json, "items"));
}

/* Asserts that the list holds exactly one issue with this line, column and
 * message. */
static void expect_issue(json_t *list, int line, const char *column, const char *message)
{
	json_t *it;
	size_t i;
	int hits = 0;

	json_array_foreach(list, i, it)
		hits += jint(it, "line") == line && !strcmp(jstr(it, "column"), column) &&
			!strcmp(jstr(it, "message"), message);
	if (hits != 1) {
		char *dump = json_dumps(list, JSON_INDENT(1));
		fprintf(stderr, "# want line %d %s %s once in\n%s\n", line, column, message, dump);
		free(dump);
	}
	assert_int_equal(hits, 1);
}

/* BOM, CRLF, a quoted field over two lines, a blank line: the line numbers
 * are the file's physical lines. */
static const char bad_csv[] =
	"\xEF\xBB\xBF类型,名称,电话,备注,生日\r\n"
	"个人,王五,13800000001,\"第一行\r\n第二行\",1990-01-01\r\n"
	"公司,,13800000002,,\r\n"
	"个人,赵六,12345,,\r\n"
	"\r\n"
	"个人,钱七,13800000003,,2999-01-01\r\n"
	"个人,孙八,13800000001,\"他说\"\"好\"\"\",\r\n";

static void test_import_dry_run_lists_bad_rows(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = upload_csv(a, "?dry_run=true", bad_csv);

	expect_status(r, 200);
	assert_int_equal(jint(r->json, "rows"), 5);
	assert_int_equal(jint(r->json, "valid"), 2);
	assert_int_equal(jint(r->json, "imported"), 0);
	assert_int_equal(json_array_size(jget(r->json, "errors")), 3);
	expect_issue(jget(r->json, "errors"), 4, "名称", "必填");
	expect_issue(jget(r->json, "errors"), 5, "电话", "第 1 项不是有效的手机号或固定电话");
	expect_issue(jget(r->json, "errors"), 7, "生日", "应为不晚于今天的日期（YYYY-MM-DD）");
	expect_issue(jget(r->json, "warnings"), 8, "电话", "电话 13800000001 与第 2 行重复");
	assert_int_equal(count_customers(a, ""), 0);

	/* Unknown and duplicate columns are named at line 1. */
	r = upload_csv(a, "?dry_run=true", "类型,名称,昵称,name\n个人,张三,小张,张三\n");
	expect_status(r, 200);
	expect_issue(jget(r->json, "errors"), 1, "昵称", "未知的列“昵称”");
	expect_issue(jget(r->json, "errors"), 1, "name", "列“name”重复出现");
	assert_int_equal(jint(r->json, "valid"), 0);
}

static void test_import_real_run_is_all_or_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = upload_csv(a, "", bad_csv);

	expect_error(r, 422, "validation_failed");
	assert_int_equal(json_array_size(jget(r->json, "errors")), 3);
	expect_issue(jget(r->json, "errors"), 5, "电话", "第 1 项不是有效的手机号或固定电话");
	assert_int_equal(count_customers(a, ""), 0);
	assert_string_equal(srv_own(s, sql_text(s->db, "SELECT count(*) FROM customer_history")), "0");
}

static void test_import_real_run_imports_with_history(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	const char *csv =
		"type,name,phones,emails,id_number,tier,owner,tags,gender,birthday\n"
		"individual,张三丰,138-0013-8000／010 8888 6666,Zhang@Example.com,"
		"110101199003071233,vip,admin,宽带、VIP,男,1990/3/7\n"
		"公司,福州某某科技有限公司,13912345678,,,重点,,,,\n"
		"金融机构,某某银行福州分行,,,,,,,,\n";
	http_resp *r = upload_csv(a, "?dry_run=false", csv), *c, *h;
	json_t *it;
	size_t i;
	int creates = 0;

	expect_status(r, 200);
	assert_int_equal(jint(r->json, "rows"), 3);
	assert_int_equal(jint(r->json, "imported"), 3);
	assert_int_equal(json_array_size(jget(r->json, "errors")), 0);
	assert_int_equal(count_customers(a, ""), 3);
	c = http_get(a, "/api/v1/customers?q=zsf");
	expect_status(c, 200);
	assert_string_equal(jstr(c->json, "items.0.name"), "张三丰");
	assert_string_equal(jstr(c->json, "items.0.phones.1"), "01088886666");
	assert_string_equal(jstr(c->json, "items.0.emails.0"), "zhang@example.com");
	assert_string_equal(jstr(c->json, "items.0.tier"), "vip");
	assert_string_equal(jstr(c->json, "items.0.gender"), "male");
	assert_string_equal(jstr(c->json, "items.0.birthday"), "1990-03-07");
	assert_string_equal(jstr(c->json, "items.0.tags.1"), "VIP");
	assert_string_equal(jstr(c->json, "items.0.owner.display_name"), ADMIN_USER);
	assert_string_equal(jstr(c->json, "items.0.id_number"), "110101199003071233");
	char *path = xasprintf("/api/v1/customers/%lld/history",
			       (long long)jint(c->json, "items.0.id"));
	h = http_get(a, path);
	free(path);
	expect_status(h, 200);
	json_array_foreach(jget(h->json, "items"), i, it) {
		assert_string_equal(jstr(it, "action"), "create");
		assert_string_equal(jstr(it, "actor"), ADMIN_USER);
		creates++;
	}
	assert_true(creates >= 8);
	/* Every column the row filled has its history row. */
	static const char *const filled[] = {"type", "name", "phones", "emails", "id_number",
					     "tier", "owner", "tags", "gender", "birthday"};
	for (size_t k = 0; k < sizeof filled / sizeof *filled; k++) {
		bool found = false;
		json_array_foreach(jget(h->json, "items"), i, it)
			found |= !strcmp(jstr(it, "field"), filled[k]);
		if (!found)
			fail_msg("no history row for %s", filled[k]);
	}
	assert_string_equal(srv_own(s, sql_text(s->db, "SELECT count(DISTINCT customer_id) FROM"
				     " customer_history WHERE action = 'create'")), "3");

	/* The same file again: the people are there already, which warns but
	 * does not stop the import. */
	r = upload_csv(a, "?dry_run=true", csv);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "valid"), 3);
	expect_issue(jget(r->json, "warnings"), 2, "phones", "电话 13800138000 已属于现有客户");
	expect_issue(jget(r->json, "warnings"), 2, "id_number", "证件号码已属于现有客户");
}

/* GB18030 text from UTF-8, as Excel on a Chinese Windows saves a CSV. */
static char *to_gbk(const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t in_left = strlen(utf8), out_left = in_left * 2 + 1;
	char *out = calloc(1, out_left), *src = (char *)utf8, *dst = out;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &src, &in_left, &dst, &out_left) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(dst - out);
	return out;
}

static void test_import_gbk_file(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	size_t len;
	char *gbk = to_gbk("类型,名称,电话,地址\r\n个人,欧阳娜娜,13700000001,福建省福州市鼓楼区\r\n"
			   "公司,厦门鹭岛贸易有限公司,0592-5551234,思明区\r\n", &len);
	http_resp *r;

	srv_own(s, gbk);
	/* Declared UTF-8, it is not: refused with a hint, nothing imported. */
	r = upload(a, "", "text/csv; charset=utf-8", gbk, len);
	expect_error(r, 400, "invalid_utf8");
	assert_non_null(strstr(jstr(r->json, "error.message"), "GB18030"));
	assert_int_equal(count_customers(a, ""), 0);

	r = upload(a, "?dry_run=true", "text/csv; charset=GBK", gbk, len);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "valid"), 2);
	assert_int_equal(count_customers(a, ""), 0);

	r = upload(a, "", "text/csv; charset=gb18030", gbk, len);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "imported"), 2);
	r = http_get(a, "/api/v1/customers?q=%E6%AC%A7%E9%98%B3"); /* 欧阳 */
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "items.0.name"), "欧阳娜娜");
	assert_string_equal(jstr(r->json, "items.0.address"), "福建省福州市鼓楼区");
	assert_string_equal(jstr(r->json, "items.0.pinyin"), "ouyangnana");
}

/* A workbook as Excel writes one: shared strings with a rich-text run and
 * a phonetic guide, numbers, a date serial, an inline string, a gap row. */
static char *make_xlsx(gx_server *s, bool bad_row, size_t *len)
{
	static const char strings[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
		"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
		" count=\"7\" uniqueCount=\"7\"><si><t>类型</t></si><si><t>名称</t></si>"
		"<si><t>电话</t></si><si><t>生日</t></si><si><t>标签</t></si>"
		"<si><r><rPr><b/></rPr><t>欧阳</t></r><r><t>娜娜</t></r>"
		"<rPh sb=\"0\" eb=\"2\"><t>オウヤン</t></rPh></si><si><t>个人</t></si></sst>";
	const char *sheet_fmt =
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
		"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		"<sheetData>"
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
		"<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
		"<c r=\"E1\" t=\"s\"><v>4</v></c></row>"
		"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>6</v></c><c r=\"B2\" t=\"s\"><v>5</v></c>"
		"<c r=\"C2\"><v>13800138000</v></c><c r=\"D2\" s=\"1\"><v>32939</v></c>"
		"<c r=\"E2\" t=\"inlineStr\"><is><t>金卡、网银</t></is></c></row>"
		"<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>公司</t></is></c>"
		"<c r=\"B4\" t=\"inlineStr\"><is><t>福州&amp;某某公司</t></is></c></row>"
		"%s</sheetData></worksheet>";
	char *sheet = xasprintf(sheet_fmt, bad_row
		? "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>6</v></c><c r=\"C5\"><v>13800138001</v></c></row>"
		: "");
	char *path = server_path(s, bad_row ? "bad.xlsx" : "good.xlsx");
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);

	assert_non_null(z);
	assert_true(zip_file_add(z, "xl/sharedStrings.xml",
				 zip_source_buffer(z, strings, strlen(strings), 0), 0) >= 0);
	assert_true(zip_file_add(z, "xl/worksheets/sheet1.xml",
				 zip_source_buffer(z, sheet, strlen(sheet), 0), 0) >= 0);
	assert_int_equal(zip_close(z), 0);
	free(sheet);

	FILE *f = fopen(path, "rb");
	char *data = calloc(1, 1 << 16);
	*len = fread(data, 1, 1 << 16, f);
	fclose(f);
	free(path);
	return srv_own(s, data);
}

static void test_import_xlsx(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	size_t len;
	char *bad = make_xlsx(s, true, &len);
	http_resp *r = upload(a, "?dry_run=true", XLSX_TYPE, bad, len);

	expect_status(r, 200);
	assert_int_equal(jint(r->json, "rows"), 3);
	assert_int_equal(jint(r->json, "valid"), 2);
	expect_issue(jget(r->json, "errors"), 5, "名称", "必填");

	char *good = make_xlsx(s, false, &len);
	r = upload(a, "", XLSX_TYPE, good, len);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "imported"), 2);
	r = http_get(a, "/api/v1/customers?q=13800138000");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "items.0.name"), "欧阳娜娜");
	assert_string_equal(jstr(r->json, "items.0.birthday"), "1990-03-07");
	assert_string_equal(jstr(r->json, "items.0.tags.0"), "金卡");
	assert_string_equal(jstr(r->json, "items.0.tags.1"), "网银");
	assert_int_equal(count_customers(a, "&type=corporate"), 1);

	/* Not a workbook at all. */
	r = upload(a, "?dry_run=true", XLSX_TYPE, "PK not really", 13);
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "errors")), 1);
	assert_true(json_is_null(jget(r->json, "errors.0.line")));
}

static void test_import_body_types_and_limits(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	size_t cap = 3 * 1024 * 1024, len = 0;
	char *big = srv_own(s, malloc(cap));
	http_resp *r;
	int rows = 0;

	expect_error(upload(a, "", "application/json", "{}", 2), 415, "unsupported_media_type");
	expect_error(upload(a, "", "text/csv; charset=latin1", "a", 1), 415,
		     "unsupported_media_type");
	expect_error(upload(a, "", "text/csv", "", 0), 400, "empty_file");
	expect_field(upload_csv(a, "?dry_run=maybe", "类型,名称\n"), "dry_run");
	/* Agents may create customers one by one, not import them. */
	expect_error(upload_csv(g, "?dry_run=true", "类型,名称\n个人,张三\n"), 403, "forbidden");

	/* Over 2 MiB: past the 1 MiB of every other route, within the
	 * import's limit. */
	len = (size_t)snprintf(big, cap, "类型,名称,电话\n");
	while (len < 2 * 1024 * 1024 + 100)
		len += (size_t)snprintf(big + len, cap - len, "个人,客户%d,139%08d\n", rows, rows),
			rows++;
	r = upload(a, "?dry_run=true", "text/csv", big, len);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "rows"), rows);
	assert_int_equal(jint(r->json, "valid"), rows);
	http_opts o = {.method = "POST", .path = "/api/v1/customers", .body = big, .body_len = len};
	expect_error(http_req(a, &o), 413, "payload_too_large");
}

static void seed(gx_client *a)
{
	expect_status(upload_csv(a, "",
		"类型,名称,电话,证件号码,备注\n"
		"个人,张三丰,13800138000,110101199003071233,=1+1\n"
		"个人,李四,13912345678,,\"有,逗号\"\n"), 200);
}

static void test_export_csv_masking_and_one_audit_row(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *an;
	http_resp *r;
	int before;

	seed(a);
	expect_status(http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s,s:s}", "type",
				"individual", "name", "王五", "remarks", "\t=HYPERLINK(\"http://x\")"),
		      201);
	create_user(a, "analyst1", "Analyst@12345", "analyst");
	an = client_signed_in(s, "analyst1", "Analyst@12345");

	/* Masked for a reader without customer.read_sensitive, no audit. */
	before = audit_rows(a, "customer.view_sensitive", "target", NULL);
	r = http_get(an, "/api/v1/customers/export?format=csv");
	assert_int_equal(r->status, 200);
	assert_string_equal(resp_header(r, "Content-Type"), "text/csv; charset=utf-8");
	assert_non_null(strstr(resp_header(r, "Content-Disposition"), "customers.csv"));
	assert_memory_equal(r->body, "\xEF\xBB\xBF类型,名称,电话,邮箱,证件号码,", 3 + 29);
	assert_non_null(strstr(r->body, "138****8000"));
	assert_null(strstr(r->body, "13800138000"));
	assert_non_null(strstr(r->body, "110101********1233"));
	assert_non_null(strstr(r->body, "\"有,逗号\""));
	assert_non_null(strstr(r->body, ",'=1+1,"));
	/* A tab before a formula does not get it past the guard. */
	assert_non_null(strstr(r->body, "\"'\t=HYPERLINK("));
	assert_non_null(strstr(r->body, "\r\n"));
	assert_int_equal(audit_rows(a, "customer.view_sensitive", "target", NULL), before);

	/* Unmasked for admin, with exactly one audit row for the export. */
	r = http_get(a, "/api/v1/customers/export?format=csv");
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "13800138000"));
	assert_non_null(strstr(r->body, "110101199003071233"));
	assert_int_equal(audit_rows(a, "customer.view_sensitive", "target", NULL), before + 1);
	assert_int_equal(audit_rows(a, "customer.view_sensitive", "target", "customers:export"), 1);

	/* The list's filters apply. */
	r = http_get(a, "/api/v1/customers/export?q=%E6%9D%8E"); /* 李 */
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "李四"));
	assert_null(strstr(r->body, "张三丰"));
	expect_field(http_get(a, "/api/v1/customers/export?format=pdf"), "format");
	expect_field(http_get(a, "/api/v1/customers/export?type=person"), "type");
	/* Agents do not export. */
	expect_error(http_get(g, "/api/v1/customers/export"), 403, "forbidden");
}

/* Profile and extension fields are columns like the built-in ones: an
 * import validates and stores them, an export writes them back (the
 * subjective profile masked for readers without read_sensitive). */
static void test_import_export_profile_and_extension_fields(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *an;
	const char *head = "类型,名称,电话,学历,偏好,关怀备注,合同编号,授信额度,签约日期\n";
	char *csv;
	http_resp *r;

	expect_status(http_pack(a, "POST", "/api/v1/custom-fields", "{s:s,s:s,s:s,s:[s],s:b}",
				"key", "contract_no", "label", "合同编号", "kind", "text",
				"applies_to", "individual", "searchable", 1), 201);
	expect_status(http_pack(a, "POST", "/api/v1/custom-fields", "{s:s,s:s,s:s,s:[s]}",
				"key", "credit_limit", "label", "授信额度", "kind", "number",
				"applies_to", "individual"), 201);
	expect_status(http_pack(a, "POST", "/api/v1/custom-fields", "{s:s,s:s,s:s,s:[s]}",
				"key", "sign_date", "label", "签约日期", "kind", "date",
				"applies_to", "individual"), 201);

	/* A bad value is reported under its column's header. */
	csv = xasprintf("%s个人,王五,13600001111,本科,,,HT-002,很多,2024/3/1\n"
			"个人,赵六,13600002222,博士,,,HT-003,10,2024-02-30\n", head);
	r = upload_csv(a, "?dry_run=true", csv);
	free(csv);
	expect_status(r, 200);
	expect_issue(jget(r->json, "errors"), 2, "授信额度", "应为数字");
	expect_issue(jget(r->json, "errors"), 3, "签约日期", "应为日期（YYYY-MM-DD）");

	csv = xasprintf("%s个人,王五,13600001111,本科,喜欢安静,生日送花,HT-001,50000,2024/3/1\n",
			head);
	r = upload_csv(a, "", csv);
	free(csv);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "imported"), 1);
	r = http_get(a, "/api/v1/customers?ext_field=contract_no&ext_value=HT-001");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "items.0.name"), "王五");
	assert_string_equal(jstr(r->json, "items.0.education"), "bachelor");
	assert_string_equal(jstr(r->json, "items.0.preferences"), "喜欢安静");
	assert_string_equal(jstr(r->json, "items.0.care_notes"), "生日送花");
	assert_int_equal(jint(r->json, "items.0.ext.credit_limit"), 50000);
	assert_string_equal(jstr(r->json, "items.0.ext.sign_date"), "2024-03-01");

	r = http_get(a, "/api/v1/customers/export?format=csv");
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, ",学历,偏好,忌讳,习惯,宗教信仰,关怀备注,合同编号,授信额度,签约日期\r\n"));
	assert_non_null(strstr(r->body, ",本科,喜欢安静,,,,生日送花,HT-001,50000,2024-03-01\r\n"));

	create_user(a, "analyst1", "Analyst@12345", "analyst");
	an = client_signed_in(s, "analyst1", "Analyst@12345");
	r = http_get(an, "/api/v1/customers/export?format=csv");
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, ",本科,******,,,,生日送花,HT-001,50000,2024-03-01\r\n"));
	assert_null(strstr(r->body, "喜欢安静"));
}

/* Several chunks of a streamed answer: every row arrives once, in order. */
static void test_export_many_rows_streams_every_row(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	size_t cap = 1 << 20, len;
	char *csv = srv_own(s, malloc(cap));
	const int n = 5000;
	http_resp *r;

	len = (size_t)snprintf(csv, cap, "类型,名称,电话,地址\n");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(csv + len, cap - len,
					"个人,客户%05d,137%08d,福建省福州市鼓楼区五四路%d号\n", i, i, i);
	r = upload(a, "", "text/csv", csv, len);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "imported"), n);
	r = http_get(a, "/api/v1/customers/export");
	assert_int_equal(r->status, 200);
	assert_true(r->body_len > 4 * 65536);
	int lines = 0, expect = n - 1;
	for (char *p = r->body, *nl; (nl = strstr(p, "\r\n")); p = nl + 2, lines++) {
		if (lines == 0)
			continue;
		char want[64];
		snprintf(want, sizeof want, "个人,客户%05d,137%08d,", expect, expect);
		assert_memory_equal(p, want, strlen(want));
		expect--;
	}
	assert_int_equal(lines, n + 1);
}

struct sheet {
	int rows;
	char cells[8][20][64];
};

static int collect(void *ctx, int line, char **cells, int n)
{
	struct sheet *sh = ctx;

	(void)line;
	for (int i = 0; i < n && i < 20 && sh->rows < 8; i++)
		snprintf(sh->cells[sh->rows][i], 64, "%s", cells[i]);
	sh->rows++;
	return 0;
}

static void test_export_xlsx_reads_back(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	struct sheet *sh = (struct sheet *)srv_own(s, calloc(1, sizeof *sh));
	char err[160] = "";
	http_resp *r, *back;

	seed(a);
	r = http_get(a, "/api/v1/customers/export?format=xlsx");
	assert_int_equal(r->status, 200);
	assert_string_equal(resp_header(r, "Content-Type"), XLSX_TYPE);
	assert_int_equal(xlsx_read(r->body, r->body_len, collect, sh, err, sizeof err), 0);
	assert_int_equal(sh->rows, 3);
	assert_string_equal(sh->cells[0][0], "类型");
	assert_string_equal(sh->cells[0][19], "负责人");
	assert_string_equal(sh->cells[1][1], "李四"); /* newest first */
	assert_string_equal(sh->cells[1][18], "有,逗号");
	assert_string_equal(sh->cells[2][0], "个人");
	assert_string_equal(sh->cells[2][2], "13800138000");
	assert_string_equal(sh->cells[2][4], "110101199003071233");
	assert_string_equal(sh->cells[2][18], "=1+1");

	/* And the workbook imports again. */
	back = upload(a, "?dry_run=true", XLSX_TYPE, r->body, r->body_len);
	expect_status(back, 200);
	assert_int_equal(jint(back->json, "valid"), 2);
	assert_int_equal(json_array_size(jget(back->json, "errors")), 0);
	expect_issue(jget(back->json, "warnings"), 3, "证件号码", "证件号码已属于现有客户");
}

static void test_cli_import_and_export(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	char *csv = server_path(s, "in.csv"), *out_csv = server_path(s, "out.csv");
	char *out_xlsx = server_path(s, "out.xlsx"), *out = NULL, *err = NULL;
	FILE *f = fopen(csv, "w");
	int rc;

	srv_own(s, csv);
	srv_own(s, out_csv);
	srv_own(s, out_xlsx);
	fputs("类型,名称,电话\n个人,周九,13600000009\n个人,吴十,bad\n", f);
	fclose(f);
	const char *const dry[] = {"import", "customers", csv, "--db", s->db, "--dry-run", NULL};
	rc = run_cli(s, NULL, &out, &err, dry);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(err, "line 3, column 电话"));
	assert_non_null(strstr(out, "2 rows, 1 valid"));
	free(out);
	free(err);
	assert_int_equal(count_customers(a, ""), 0);

	f = fopen(csv, "w");
	fputs("类型,名称,电话\n个人,周九,13600000009\n", f);
	fclose(f);
	const char *const real[] = {"import", "customers", csv, "--db", s->db, NULL};
	rc = run_cli(s, NULL, &out, &err, real);
	assert_int_equal(rc, 0);
	free(out);
	free(err);
	assert_int_equal(count_customers(a, ""), 1);
	assert_string_equal(srv_own(s, sql_text(s->db, "SELECT DISTINCT actor FROM customer_history")), "cli");

	const char *const exp_csv[] = {"export", "customers", out_csv, "--db", s->db, NULL};
	const char *const exp_xlsx[] = {"export", "customers", out_xlsx, "--db", s->db, NULL};
	assert_int_equal(run_cli(s, NULL, &out, &err, exp_csv), 0);
	free(out);
	free(err);
	assert_int_equal(run_cli(s, NULL, &out, &err, exp_xlsx), 0);
	free(out);
	free(err);
	char line[512] = "";
	f = fopen(out_csv, "r");
	assert_non_null(fgets(line, sizeof line, f));
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_non_null(strstr(line, "个人,周九,13600000009"));
	/* The workbook reads back with the same row. */
	static char book[1 << 20];
	struct sheet *sh = (struct sheet *)srv_own(s, calloc(1, sizeof *sh));
	char why[160];
	f = fopen(out_xlsx, "rb");
	size_t len = fread(book, 1, sizeof book, f);
	fclose(f);
	assert_true(len > 0 && len < sizeof book);
	assert_int_equal(xlsx_read(book, len, collect, sh, why, sizeof why), 0);
	assert_string_equal(sh->cells[0][0], "类型");
	assert_string_equal(sh->cells[1][1], "周九");
	assert_string_equal(sh->cells[1][2], "13600000009");
}

int run_imports_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_dry_run_lists_bad_rows,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_import_real_run_is_all_or_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_import_real_run_imports_with_history,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_import_gbk_file,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_import_xlsx,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_import_body_types_and_limits,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_export_csv_masking_and_one_audit_row,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_import_export_profile_and_extension_fields,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_export_many_rows_streams_every_row,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_export_xlsx_reads_back,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_cli_import_and_export,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("imports", tests, NULL, NULL);
}
