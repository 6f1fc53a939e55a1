/* imports.c - customer files (CUS-11): POST /api/v1/imports/customers
 * takes a CSV or Excel file as the raw request body (up to 64 MiB) and
 * checks it (dry_run=true) or imports it; GET /api/v1/customers/export
 * streams the customers a search finds as CSV or Excel. */
#include "api/api.h"
#include "api/customer_filters.h"
#include "domain/exports.h"
#include "domain/imports.h"
#include "lib/textenc.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

enum charset { CS_NONE, CS_UTF8, CS_GB18030, CS_OTHER };

/* The media type of a Content-Type header and its charset parameter. */
static int media_type(const char *ct, char *type, size_t cap, enum charset *cs)
{
	const char *p, *semi;
	size_t n;

	*cs = CS_NONE;
	type[0] = '\0';
	if (!ct)
		return -1;
	while (*ct == ' ')
		ct++;
	semi = strchr(ct, ';');
	n = semi ? (size_t)(semi - ct) : strlen(ct);
	while (n && ct[n - 1] == ' ')
		n--;
	if (n >= cap)
		return -1;
	memcpy(type, ct, n);
	type[n] = '\0';
	for (p = semi; p && *p;) {
		char value[32];
		p += strspn(p, "; ");
		size_t len = strcspn(p, ";");
		if (!strncasecmp(p, "charset=", 8)) {
			snprintf(value, sizeof value, "%.*s", (int)(len - 8 < sizeof value ? len - 8 : 0),
				 p + 8);
			char *v = value + (value[0] == '"');
			v[strcspn(v, "\" ")] = '\0';
			*cs = !strcasecmp(v, "utf-8") || !strcasecmp(v, "utf8") ? CS_UTF8
			    : !strcasecmp(v, "gb18030") || !strcasecmp(v, "gbk") ||
				      !strcasecmp(v, "gb2312") ? CS_GB18030 : CS_OTHER;
		}
		p += len;
	}
	return 0;
}

static json_t *issues_json(const struct import_issue *list, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:o,s:s,s:s}", "line",
			list[i].line ? json_integer(list[i].line) : json_null(),
			"column", list[i].column, "message", list[i].message));
	return a;
}

static json_t *result_json(const struct import_result *res)
{
	return json_pack("{s:i,s:i,s:i,s:i,s:o,s:b,s:o,s:b}", "rows", res->rows,
			 "valid", res->valid, "invalid", res->bad_rows, "imported", res->imported,
			 "errors", issues_json(res->errors, res->nerrors),
			 "errors_truncated", res->errors_truncated,
			 "warnings", issues_json(res->warnings, res->nwarnings),
			 "warnings_truncated", res->warnings_truncated);
}

/* The body as UTF-8 CSV text, decoded from GB18030 into *owned when so
 * declared. 0, or -1 with the answer set. */
static int csv_text(struct api_req *r, enum charset cs, const char **text, size_t *len,
		    char **owned)
{
	size_t bad = 0;
	char msg[160];
	int rc;

	*owned = NULL;
	*text = r->body;
	*len = r->body_len;
	if (cs == CS_NONE || cs == CS_UTF8) {
		size_t bom = textenc_utf8_bom(r->body, r->body_len);
		if (!utf8_valid(r->body + bom, r->body_len - bom)) {
			api_error(r, 400, "invalid_utf8",
				  "文件不是有效的 UTF-8 编码。用 Excel 另存的 CSV 通常是"
				  " GB18030（GBK）编码，请选择 GB18030 后重试");
			return -1;
		}
		return 0;
	}
	rc = textenc_gb18030_to_utf8(r->body, r->body_len, owned, len, &bad);
	if (rc == GX_ENOMEM) {
		api_fail(r, rc, NULL);
		return -1;
	}
	if (rc != 0 || !utf8_valid(*owned, *len)) {
		snprintf(msg, sizeof msg, "文件不是有效的 GB18030 编码（第 %zu 字节起无法识别），"
			 "请确认文件的编码", bad + 1);
		api_error(r, 400, "invalid_encoding", msg);
		return -1;
	}
	*text = *owned;
	return 0;
}

static int import_post(struct api_req *r)
{
	struct import_result res;
	enum import_format f;
	enum charset cs;
	char type[128], *owned = NULL;
	const char *text;
	size_t len;
	bool dry_run = false;
	struct verr v = {0};
	int rc;

	if (api_query_bool(r, "dry_run", &dry_run, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (r->body_len == 0)
		return api_error(r, 400, "empty_file", "文件是空的");
	media_type(r->content_type, type, sizeof type, &cs);
	if (!strcasecmp(type, XLSX_TYPE) && cs == CS_NONE) {
		f = IMPORT_XLSX;
		text = r->body;
		len = r->body_len;
	} else if (!strcasecmp(type, "text/csv") && cs != CS_OTHER) {
		f = IMPORT_CSV;
		if (csv_text(r, cs, &text, &len, &owned) != 0)
			return 0;
	} else {
		return api_error(r, 415, "unsupported_media_type",
				 "请上传 CSV（text/csv; charset=utf-8 或 gb18030）或 Excel"
				 "（.xlsx）文件");
	}
	rc = imports_customers(&r->who, f, text, len, dry_run, &res);
	free(owned);
	if (rc == 0) {
		api_json(r, 200, result_json(&res));
	} else if (rc == GX_EINVAL) {
		json_t *body = result_json(&res);
		char msg[128];
		snprintf(msg, sizeof msg, "有 %d 行数据有误，未导入任何客户", res.bad_rows);
		json_object_set_new(body, "error", json_pack("{s:s,s:s}", "code",
			"validation_failed", "message", res.bad_rows ? msg : "文件有误，未导入任何客户"));
		api_json(r, 422, body);
	} else {
		api_fail(r, rc, NULL);
	}
	imports_result_free(&res);
	return 0;
}

static ssize_t export_read(void *ctx, char *buf, size_t cap)
{
	return customers_export_read(ctx, buf, cap);
}

static void export_done(void *ctx)
{
	customers_export_close(ctx);
}

static int export_get(struct api_req *r)
{
	struct customer_search s = {0};
	struct customer_export *x;
	const char *format = api_query(r, "format");
	bool xlsx = format && !strcmp(format, "xlsx");
	struct verr v = {0};
	int rc;

	if (format && !xlsx && strcmp(format, "csv"))
		verr_add(&v, "format", "应为 csv 或 xlsx");
	api_customer_filters(r, &s, &v);
	if (v.n)
		return api_fail(r, GX_EINVAL, &v);
	if ((rc = customers_export_open(&r->who, &s, xlsx ? EXPORT_XLSX : EXPORT_CSV, &x, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_stream(r, xlsx ? XLSX_TYPE : "text/csv; charset=utf-8",
			  xlsx ? "customers.xlsx" : "customers.csv", export_read, export_done, x);
}

const struct api_route api_imports_routes[] = {
	{"POST", "/api/v1/imports/customers", import_post, ROUTE_RAW, API_UPLOAD_MAX},
	{"GET", "/api/v1/customers/export", export_get, 0, 0},
	{0},
};
