#include "domain/imports.h"
#include "domain/custom_fields.h"
#include "domain/customer_columns.h"
#include "domain/customers.h"
#include "lib/csv.h"
#include "lib/textenc.h"
#include "lib/utf8.h"
#include "lib/xlsx.h"
#include "store/accounts.h"
#include "store/custom_fields.h"
#include "store/db.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Phones and ID numbers already seen in the file, with the line each was
 * first seen on: open addressing over malloc'd keys. */
struct seen {
	struct {
		char *key;
		int line;
	} *slot;
	size_t cap, n;
};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The line key was first seen on, or 0 after remembering it for line. */
static int seen_check(struct seen *s, const char *key, int line)
{
	size_t i;

	if (s->n * 2 >= s->cap) {
		struct seen bigger = {.cap = s->cap ? s->cap * 2 : 1024};
		if (!(bigger.slot = calloc(bigger.cap, sizeof *bigger.slot)))
			return 0; /* only a warning is lost */
		for (size_t k = 0; k < s->cap; k++) {
			if (!s->slot[k].key)
				continue;
			for (i = hash(s->slot[k].key) & (bigger.cap - 1); bigger.slot[i].key;
			     i = (i + 1) & (bigger.cap - 1))
				;
			bigger.slot[i] = s->slot[k];
		}
		free(s->slot);
		bigger.n = s->n;
		*s = bigger;
	}
	for (i = hash(key) & (s->cap - 1); s->slot[i].key; i = (i + 1) & (s->cap - 1))
		if (!strcmp(s->slot[i].key, key))
			return s->slot[i].line;
	if ((s->slot[i].key = strdup(key))) {
		s->slot[i].line = line;
		s->n++;
	}
	return 0;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i].key);
	free(s->slot);
}

struct import {
	const struct principal *who;
	struct db *db;
	enum import_format format;
	bool dry_run;
	struct import_result *res;
	bool header_done, header_bad;
	int ncols;             /* columns of the header row */
	/* file column -> enum customer_column, CC__COUNT + k for extension
	 * field defs[k], -1 none */
	int *map;
	char header[CC__COUNT + CFIELD_MAX][64]; /* each column's header as written */
	struct custom_field *defs; /* the extension fields, read once */
	int ndefs;
	struct customer_rec *rec;
	int64_t first_id, last_id; /* of the customers inserted */
	struct seen seen;
};

static void add_issue(struct import_issue **list, int *n, bool *truncated, int line,
		      const char *column, const char *fmt, va_list ap)
{
	struct import_issue *it;

	if (*n >= IMPORT_ISSUES_MAX) {
		*truncated = true;
		return;
	}
	if (!*list && !(*list = calloc(IMPORT_ISSUES_MAX, sizeof **list))) {
		*truncated = true;
		return;
	}
	it = &(*list)[(*n)++];
	it->line = line;
	utf8_copy(it->column, sizeof it->column, column ? column : "");
	vsnprintf(it->message, sizeof it->message, fmt, ap);
}

__attribute__((format(printf, 4, 5)))
static void error_at(struct import *x, int line, const char *column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_issue(&x->res->errors, &x->res->nerrors, &x->res->errors_truncated, line, column,
		  fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 4, 5)))
static void warn_at(struct import *x, int line, const char *column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_issue(&x->res->warnings, &x->res->nwarnings, &x->res->warnings_truncated, line,
		  column, fmt, ap);
	va_end(ap);
}

/* The column's header as the file wrote it, else its Chinese name. */
static const char *header_of(const struct import *x, int col)
{
	if (col < 0)
		return "";
	if (x->header[col][0])
		return x->header[col];
	return col < CC__COUNT ? customer_column_header(col) : x->defs[col - CC__COUNT].label;
}

/* The extension field a header names (its label or key), as a column. */
static int ext_column_find(const struct import *x, const char *h)
{
	for (int k = 0; k < x->ndefs; k++)
		if (x->defs[k].enabled && (!strcmp(x->defs[k].label, h) || !strcmp(x->defs[k].key, h)))
			return CC__COUNT + k;
	return -1;
}

/* The column of a validation error's field ("phones", "ext.KEY"), or -1. */
static int column_of_field(const struct import *x, const char *field)
{
	if (strncmp(field, "ext.", 4))
		return customer_column_of_field(field);
	for (int k = 0; k < x->ndefs; k++)
		if (!strcmp(x->defs[k].key, field + 4))
			return CC__COUNT + k;
	return -1;
}

/* Cuts spaces (ASCII, no-break, ideographic) off both ends, in place. */
static char *trim(char *s)
{
	size_t n;

	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (!strncmp(s, "\xC2\xA0", 2))
			s += 2;
		else if (!strncmp(s, "\xE3\x80\x80", 3))
			s += 3;
		else
			break;
	}
	for (n = strlen(s); n > 0;) {
		if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')
			n--;
		else if (n >= 2 && !strncmp(s + n - 2, "\xC2\xA0", 2))
			n -= 2;
		else if (n >= 3 && !strncmp(s + n - 3, "\xE3\x80\x80", 3))
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	return s;
}

static int read_header(struct import *x, int line, char **cells, int n)
{
	bool seen_col[CC__COUNT + CFIELD_MAX] = {0};
	int rc;

	x->header_done = true;
	x->ncols = n;
	if (!(x->map = malloc((size_t)n * sizeof *x->map)) ||
	    !(x->defs = malloc(CFIELD_MAX * sizeof *x->defs)))
		return GX_ENOMEM;
	if ((rc = store_cfield_list(x->db, x->defs, CFIELD_MAX, &x->ndefs)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		char *h = trim(cells[i]);
		int c = *h ? customer_column_find(h) : -1;
		if (c < 0 && *h)
			c = ext_column_find(x, h);
		x->map[i] = c;
		if (!*h)
			continue;
		if (c < 0) {
			error_at(x, line, h, "未知的列“%s”", h);
		} else if (seen_col[c]) {
			error_at(x, line, h, "列“%s”重复出现", h);
			x->map[i] = -1;
		} else {
			seen_col[c] = true;
			utf8_copy(x->header[c], sizeof x->header[c], h);
		}
	}
	if (!seen_col[CC_TYPE])
		error_at(x, line, customer_column_header(CC_TYPE), "缺少必填列“类型”");
	if (!seen_col[CC_NAME])
		error_at(x, line, customer_column_header(CC_NAME), "缺少必填列“名称”");
	x->header_bad = x->res->nerrors > 0;
	return 0;
}

/* A list cell split on ; ； ／ 、 , ， and line breaks. */
static json_t *split_list(char *s)
{
	static const char *const seps[] = {";", "\xEF\xBC\x9B", "\xEF\xBC\x8F", "\xE3\x80\x81",
					   ",", "\xEF\xBC\x8C", "\n"};
	json_t *arr = json_array();

	while (*s) {
		size_t cut = strlen(s), skip = 0;
		for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
			char *p = strstr(s, seps[i]);
			if (p && (size_t)(p - s) < cut) {
				cut = (size_t)(p - s);
				skip = strlen(seps[i]);
			}
		}
		char save = s[cut];
		s[cut] = '\0';
		char *item = trim(s);
		if (*item)
			json_array_append_new(arr, json_string(item));
		s[cut] = save;
		s += cut + skip;
	}
	return arr;
}

/* A date as people type it (1990/3/7, 1990.03.07, 1990年3月7日) or as an
 * Excel serial number, into YYYY-MM-DD; anything else is left for the
 * birthday rule to refuse. */
static void normalise_date(const struct import *x, char *s, size_t cap)
{
	long part[3] = {0};
	const char *p = s;
	int i;

	if (x->format == IMPORT_XLSX && xlsx_serial_date(s, s) && cap >= 11)
		return;
	for (i = 0; i < 3; i++) {
		int digits = 0;
		for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
			part[i] = part[i] * 10 + (*p - '0');
		if (!digits || (i == 0 && digits != 4))
			return;
		if (i < 2) {
			if (*p == '-' || *p == '/' || *p == '.')
				p++;
			else if (!strncmp(p, "年", 3) || !strncmp(p, "月", 3))
				p += 3;
			else
				return;
		}
	}
	if (!strncmp(p, "日", 3))
		p += 3;
	if (*p || part[1] > 12 || part[2] > 31)
		return;
	snprintf(s, cap, "%04d-%02d-%02d", (int)part[0] % 10000, (int)part[1] % 100,
		 (int)part[2] % 100);
}

/* An extension value into fields.ext, as text: cfield_apply checks it
 * against its definition (numbers and dates from text included). */
static void put_ext(struct import *x, json_t *fields, const struct custom_field *f,
		    const char *value)
{
	json_t *ext = json_object_get(fields, "ext");
	char date[32];

	if (!ext)
		json_object_set_new(fields, "ext", ext = json_object());
	if (!strcmp(f->kind, "date")) {
		snprintf(date, sizeof date, "%s", value);
		normalise_date(x, date, sizeof date);
		value = date;
	}
	json_object_set_new(ext, f->key, json_string(value));
}

/* One cell into the customer fields object; an owner that is not a user is
 * an error of its own (into v). */
static void put_cell(struct import *x, json_t *fields, int col, char *value, struct verr *v)
{
	struct user_rec u;

	/* An export writes '=1 for a cell starting with = + - @ so that a
	 * spreadsheet does not run it as a formula; read it back as written. */
	if (value[0] == '\'' && value[1] && strchr(FORMULA_START, value[1]))
		value++;
	if (col >= CC__COUNT) {
		put_ext(x, fields, &x->defs[col - CC__COUNT], value);
	} else if (customer_column_is_list(col)) {
		json_object_set_new(fields, customer_column_field(col), split_list(value));
	} else if (col == CC_OWNER) {
		if (store_user_by_name(x->db, value, &u) == 0)
			json_object_set_new(fields, "owner_id", json_integer(u.id));
		else
			verr_add(v, "owner_id", "用户“%s”不存在", value);
	} else if (col == CC_BIRTHDAY) {
		char date[32];
		snprintf(date, sizeof date, "%s", value);
		normalise_date(x, date, sizeof date);
		json_object_set_new(fields, "birthday", json_string(date));
	} else {
		json_object_set_new(fields, customer_column_field(col),
				    json_string(customer_column_value(col, value)));
	}
}

/* Warnings for phone numbers and an ID number seen before in the file or
 * already held by a customer. */
static int warn_duplicates(struct import *x, int line, const struct customer_rec *c)
{
	char key[64];
	int first, rc;

	for (int i = 0; i < c->nphones; i++) {
		snprintf(key, sizeof key, "p%s", c->phones[i]);
		if ((first = seen_check(&x->seen, key, line))) {
			warn_at(x, line, header_of(x, CC_PHONES), "电话 %s 与第 %d 行重复",
				c->phones[i], first);
			continue;
		}
		if ((rc = store_customer_phone_taken(x->db, c->phones[i])) < 0)
			return rc;
		if (rc)
			warn_at(x, line, header_of(x, CC_PHONES), "电话 %s 已属于现有客户",
				c->phones[i]);
	}
	if (!c->id_number_sealed[0])
		return 0;
	key[0] = 'i';
	for (int i = 0; i < SECRET_INDEX_LEN && 2 * i + 2 < (int)sizeof key; i++)
		snprintf(key + 1 + 2 * i, 3, "%02x", c->id_number_index[i]);
	if ((first = seen_check(&x->seen, key, line))) {
		warn_at(x, line, header_of(x, CC_ID_NUMBER), "证件号码与第 %d 行重复", first);
		return 0;
	}
	if ((rc = store_customer_id_taken(x->db, c->id_number_index)) < 0)
		return rc;
	if (rc)
		warn_at(x, line, header_of(x, CC_ID_NUMBER), "证件号码已属于现有客户");
	return 0;
}

static int import_row(struct import *x, int line, char **cells, int n)
{
	json_t *fields = json_object();
	struct verr v = {0};
	bool bad = false;
	int rc = 0;

	for (int i = 0; i < n; i++) {
		char *value = trim(cells[i]);
		if (!*value)
			continue;
		if (i >= x->ncols || x->map[i] < 0) {
			error_at(x, line, "", "第 %d 列有内容，但表头中没有这一列", i + 1);
			bad = true;
			continue;
		}
		put_cell(x, fields, x->map[i], value, &v);
	}
	if (customers_prepare_new(x->db, x->who, fields, x->rec, &v) != 0 || bad) {
		for (size_t i = 0; i < v.n; i++)
			error_at(x, line, header_of(x, column_of_field(x, v.item[i].field)),
				 "%s", v.item[i].message);
		x->res->bad_rows++;
		goto out;
	}
	x->res->valid++;
	if ((rc = warn_duplicates(x, line, x->rec)) != 0)
		goto out;
	/* After the first bad row nothing will be kept: checking goes on so
	 * that every bad row is reported, inserting stops. */
	if (!x->dry_run && !x->res->bad_rows &&
	    (rc = customers_insert(x->db, x->who, x->rec, true)) == 0) {
		if (!x->first_id)
			x->first_id = x->rec->id;
		x->last_id = x->rec->id;
	}
out:
	json_decref(fields);
	return rc;
}

static int on_row(void *ctx, int line, char **cells, int n)
{
	struct import *x = ctx;

	if (!x->header_done)
		return read_header(x, line, cells, n);
	x->res->rows++;
	return x->header_bad ? 0 : import_row(x, line, cells, n);
}

/* Reads the whole file through on_row; file-level problems are errors. */
static int read_file(struct import *x, const char *data, size_t len)
{
	char why[160] = "";
	int bad_line = 0, rc;

	if (x->format == IMPORT_XLSX) {
		rc = xlsx_read(data, len, on_row, x, why, sizeof why);
		if (rc == GX_EINVAL)
			error_at(x, 0, "", "%s", why);
	} else {
		size_t bom = textenc_utf8_bom(data, len);
		rc = csv_read(data + bom, len - bom, on_row, x, &bad_line);
		if (rc == GX_EINVAL)
			error_at(x, bad_line, "", "第 %d 行开始的带引号字段没有结束引号", bad_line);
	}
	if (rc == 0 && !x->header_done)
		error_at(x, 0, "", "文件是空的：第一行应为表头（类型、名称……）");
	return rc == GX_EINVAL ? 0 : rc;
}

int imports_customers(const struct principal *who, enum import_format f,
		      const char *data, size_t len, bool dry_run,
		      struct import_result *res)
{
	struct import x = {.who = who, .format = f, .dry_run = dry_run, .res = res};
	int rc;

	memset(res, 0, sizeof *res);
	if (!(x.db = principal_db(who, PERM_CUSTOMER_IMPORT, &rc)) ||
	    !principal_db(who, PERM_CUSTOMER_WRITE, &rc))
		return rc;
	if (!(x.rec = malloc(sizeof *x.rec)))
		return GX_ENOMEM;
	/* A dry run reads one snapshot; a real run holds the write lock from
	 * the first check to the commit, so what was checked is what lands. */
	if ((rc = db_begin(x.db, !dry_run)) != 0 || (rc = db_skip_checks(x.db, true)) != 0)
		goto out;
	rc = read_file(&x, data, len);
	if (rc == 0 && res->nerrors)
		rc = dry_run ? 0 : GX_EINVAL;
	if (rc == 0 && !dry_run && x.first_id)
		rc = customers_insert_finish(x.db, x.first_id, x.last_id);
	if (rc == 0 && !dry_run && (rc = db_commit(x.db)) == 0)
		res->imported = res->valid;
	db_rollback(x.db);
out:
	db_skip_checks(x.db, false);
	free(x.rec);
	free(x.map);
	free(x.defs);
	seen_free(&x.seen);
	return rc;
}

void imports_result_free(struct import_result *res)
{
	free(res->errors);
	free(res->warnings);
	res->errors = res->warnings = NULL;
}
