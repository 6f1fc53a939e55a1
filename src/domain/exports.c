#include "domain/exports.h"
#include "domain/audit.h"
#include "domain/custom_fields.h"
#include "domain/customer_columns.h"
#include "lib/csv.h"
#include "lib/xlsx.h"
#include "store/accounts.h"
#include "store/custom_fields.h"
#include "store/db.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OWNER_CACHE 64
#define CSV_CHUNK 65536
#define EXT_TEXT_LEN 256 /* a text value is at most 200 characters */
#define MASKED "******"

struct customer_export {
	struct principal who;
	enum export_format format;
	struct db *db; /* the export's own connection */
	struct customer_cursor *cur;
	struct customer_rec *rec;
	struct customer_view view;
	bool header_done, done;
	/* the extension fields of customers, after the built-in columns */
	struct custom_field *defs;
	int ndefs, ncols;
	/* the current row */
	const char *cells[CC__COUNT + CFIELD_MAX];
	char ext[CFIELD_MAX][EXT_TEXT_LEN];
	char phones[CUST_PHONES_MAX * (CUST_PHONE_LEN + 1)];
	char emails[CUST_EMAILS_MAX * (CUST_EMAIL_LEN + 1)];
	char tags[CUST_TAGS_MAX * (CUST_TAG_LEN + 1)];
	/* owner id -> username, users being few */
	struct {
		int64_t id;
		char username[USERNAME_MAX];
	} owners[OWNER_CACHE];
	int nowners;
	/* CSV: produced and not yet read */
	char *out;
	size_t len, pos, cap;
	/* Excel: the finished workbook */
	int fd;
};

static const char *owner_username(struct customer_export *x, int64_t id)
{
	struct user_rec u;

	if (!id)
		return "";
	for (int i = 0; i < x->nowners; i++)
		if (x->owners[i].id == id)
			return x->owners[i].username;
	if (store_user_get(x->db, id, &u) != 0)
		return "";
	int slot = x->nowners < OWNER_CACHE ? x->nowners++ : (int)(id % OWNER_CACHE);
	x->owners[slot].id = id;
	snprintf(x->owners[slot].username, sizeof x->owners[slot].username, "%s", u.username);
	return x->owners[slot].username;
}

static const char *join(char *out, size_t cap, const char *items, size_t item_len, int n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? ";" : "",
					items + (size_t)i * item_len);
	return out;
}

/* The cells of the extension columns from the customer's stored values. */
static void ext_cells(struct customer_export *x, const struct customer_rec *c)
{
	json_t *vals = x->ndefs && strcmp(c->ext, "{}") ? json_loads(c->ext, 0, NULL) : NULL;

	for (int k = 0; k < x->ndefs; k++) {
		cfield_value_text(json_object_get(vals, x->defs[k].key), x->ext[k], EXT_TEXT_LEN);
		x->cells[CC__COUNT + k] = x->ext[k];
	}
	json_decref(vals);
}

/* A subjective profile value as this reader may see it. */
static const char *subjective(const struct customer_export *x, const char *value)
{
	return x->view.subjective_masked && *value ? MASKED : value;
}

/* The next row of cells: the header first, then one per customer. */
static int next_row(void *ctx, const char *const **cells)
{
	struct customer_export *x = ctx;
	struct customer_rec *c = x->rec;
	int rc;

	*cells = x->cells;
	if (!x->header_done) {
		x->header_done = true;
		for (int i = 0; i < CC__COUNT; i++)
			x->cells[i] = customer_column_header(i);
		for (int k = 0; k < x->ndefs; k++)
			x->cells[CC__COUNT + k] = x->defs[k].label;
		return 1;
	}
	if ((rc = store_customer_cursor_next(x->cur, c)) <= 0)
		return rc;
	customers_view(&x->who, c, &x->view);
	x->cells[CC_TYPE] = customer_column_label(CC_TYPE, c->type);
	x->cells[CC_NAME] = c->name;
	x->cells[CC_PHONES] = join(x->phones, sizeof x->phones, x->view.phones[0],
				   CUST_PHONE_LEN, x->view.nphones);
	x->cells[CC_EMAILS] = join(x->emails, sizeof x->emails, c->emails[0], CUST_EMAIL_LEN,
				   c->nemails);
	x->cells[CC_ID_NUMBER] = x->view.id_number;
	x->cells[CC_COMPANY] = c->company;
	x->cells[CC_INDUSTRY] = c->industry;
	x->cells[CC_SOURCE] = c->source;
	x->cells[CC_GENDER] = customer_column_label(CC_GENDER, c->gender);
	x->cells[CC_BIRTHDAY] = c->birthday;
	x->cells[CC_CREDIT_GRADE] = customer_column_label(CC_CREDIT_GRADE, c->credit_grade);
	x->cells[CC_TIER] = customer_column_label(CC_TIER, c->tier);
	x->cells[CC_STAGE] = customer_column_label(CC_STAGE, c->lifecycle_stage);
	x->cells[CC_PROVINCE] = c->province;
	x->cells[CC_CITY] = c->city;
	x->cells[CC_DISTRICT] = c->district;
	x->cells[CC_ADDRESS] = c->address;
	x->cells[CC_TAGS] = join(x->tags, sizeof x->tags, c->tags[0], CUST_TAG_LEN, c->ntags);
	x->cells[CC_REMARKS] = c->remarks;
	x->cells[CC_OWNER] = owner_username(x, c->owner_id);
	x->cells[CC_EDUCATION] = customer_column_label(CC_EDUCATION, c->education);
	x->cells[CC_PREFERENCES] = subjective(x, c->preferences);
	x->cells[CC_DISLIKES] = subjective(x, c->dislikes);
	x->cells[CC_HABITS] = subjective(x, c->habits);
	x->cells[CC_RELIGION] = subjective(x, c->religion);
	x->cells[CC_CARE_NOTES] = c->care_notes;
	ext_cells(x, c);
	return 1;
}

static int grow(struct customer_export *x, size_t need)
{
	if (x->len + need <= x->cap)
		return 0;
	size_t cap = x->cap ? x->cap : CSV_CHUNK * 2;
	while (cap < x->len + need)
		cap *= 2;
	char *p = realloc(x->out, cap);
	if (!p)
		return GX_ENOMEM;
	x->out = p;
	x->cap = cap;
	return 0;
}

/* Appends one CSV line. A cell starting with = + - or @ gets a leading
 * apostrophe so a spreadsheet shows it instead of running it as a formula
 * (an import takes the apostrophe off again). */
static int csv_line(struct customer_export *x, const char *const *cells)
{
	size_t need = 3;
	int rc;

	for (int i = 0; i < x->ncols; i++)
		need += strlen(cells[i]) * 2 + 4;
	if ((rc = grow(x, need)) != 0)
		return rc;
	for (int i = 0; i < x->ncols; i++) {
		char guarded[CUST_REMARKS_LEN + 2];
		const char *s = cells[i];
		if (*s && strchr(FORMULA_START, *s)) {
			snprintf(guarded, sizeof guarded, "'%s", s);
			s = guarded;
		}
		if (i)
			x->out[x->len++] = ',';
		csv_put_field(x->out, &x->len, x->cap, s);
	}
	x->out[x->len++] = '\r';
	x->out[x->len++] = '\n';
	return 0;
}

static ssize_t read_csv(struct customer_export *x, char *buf, size_t cap)
{
	const char *const *cells;
	size_t n;
	int rc;

	/* What the last call left over moves to the front, so the buffer
	 * stays at about one chunk however long the export. */
	if (x->pos) {
		memmove(x->out, x->out + x->pos, x->len - x->pos);
		x->len -= x->pos;
		x->pos = 0;
	}
	if (!x->out && (rc = grow(x, 3)) == 0) {
		memcpy(x->out, "\xEF\xBB\xBF", 3);
		x->len = 3;
	}
	while (!x->done && x->len - x->pos < cap) {
		if ((rc = next_row(x, &cells)) < 0)
			return rc;
		if (rc == 0)
			x->done = true;
		else if ((rc = csv_line(x, cells)) != 0)
			return rc;
	}
	n = x->len - x->pos < cap ? x->len - x->pos : cap;
	memcpy(buf, x->out + x->pos, n);
	x->pos += n;
	return (ssize_t)n;
}

/* Writes the whole workbook to an unlinked temporary file. */
static int write_xlsx(struct customer_export *x)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	int fd, rc;

	snprintf(path, sizeof path, "%s/guanxi-export-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return GX_EDB;
	close(fd);
	rc = xlsx_write(path, "客户", x->ncols, next_row, x);
	if (rc == 0 && (x->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		rc = GX_EDB;
	unlink(path);
	return rc;
}

ssize_t customers_export_read(struct customer_export *x, char *buf, size_t cap)
{
	ssize_t n;
	int rc;

	if (x->format == EXPORT_CSV)
		return read_csv(x, buf, cap);
	if (x->fd < 0 && (rc = write_xlsx(x)) != 0)
		return rc;
	n = read(x->fd, buf, cap);
	return n < 0 ? GX_EDB : n;
}

/* The enabled extension fields of any customer type, as extra columns. */
static int load_ext_columns(struct customer_export *x)
{
	int n, rc;

	if (!(x->defs = malloc(CFIELD_MAX * sizeof *x->defs)))
		return GX_ENOMEM;
	if ((rc = store_cfield_list(x->db, x->defs, CFIELD_MAX, &n)) != 0)
		return rc;
	for (int k = 0; k < n; k++)
		if (x->defs[k].enabled && !cfield_only_contacts(&x->defs[k]))
			x->defs[x->ndefs++] = x->defs[k];
	x->ncols = CC__COUNT + x->ndefs;
	return 0;
}

/* One audit row for the whole export, before any row is read. */
static int audit_export(const struct principal *who, const struct customer_search *s,
			enum export_format f)
{
	json_t *detail = json_pack("{s:s,s:s}", "what", "export", "format",
				   f == EXPORT_CSV ? "csv" : "xlsx");
	struct db *db;
	int rc;

	if (s->q)
		json_object_set_new(detail, "q", json_string(s->q));
	if (s->type)
		json_object_set_new(detail, "type", json_string(s->type));
	if (s->tier)
		json_object_set_new(detail, "tier", json_string(s->tier));
	if (s->tag)
		json_object_set_new(detail, "tag", json_string(s->tag));
	if (s->owner_id)
		json_object_set_new(detail, "owner_id", json_integer(s->owner_id));
	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)))
		goto out;
	if ((rc = db_begin_lazy(db)) == 0 &&
	    ((rc = audit_append(db, who, NULL, "customer.view_sensitive", "customers:export",
				detail)) != 0 ||
	     (rc = db_commit(db)) != 0))
		db_rollback(db);
out:
	json_decref(detail);
	return rc;
}

int customers_export_open(const struct principal *who, const struct customer_search *s,
			  enum export_format f, struct customer_export **out,
			  struct verr *v)
{
	struct customer_search all = *s;
	struct customer_export *x;
	struct customer_query q;
	char text[CUST_TEXT_LEN];
	int rc;

	*out = NULL;
	if (!principal_db(who, PERM_CUSTOMER_READ, &rc) ||
	    !principal_db(who, PERM_CUSTOMER_EXPORT, &rc))
		return rc;
	all.limit = -1;
	all.after_id = 0;
	if ((rc = customers_query(who, &all, &q, text, sizeof text, v)) != 0)
		return rc;
	if (!(x = calloc(1, sizeof *x)))
		return GX_ENOMEM;
	x->fd = -1;
	x->who = *who;
	x->format = f;
	if (!(x->rec = malloc(sizeof *x->rec))) {
		customers_export_close(x);
		return GX_ENOMEM;
	}
	if (!(x->db = db_open_private()) || (rc = load_ext_columns(x)) != 0 ||
	    (rc = store_customer_cursor_open(x->db, &q, &x->cur)) != 0 ||
	    (principal_can(who, PERM_CUSTOMER_READ_SENSITIVE) &&
	     (rc = audit_export(who, s, f)) != 0)) {
		customers_export_close(x);
		return rc ? rc : GX_EDB;
	}
	*out = x;
	return 0;
}

void customers_export_close(struct customer_export *x)
{
	if (!x)
		return;
	store_customer_cursor_close(x->cur);
	if (x->db)
		db_close(x->db);
	if (x->fd >= 0)
		close(x->fd);
	free(x->rec);
	free(x->defs);
	free(x->out);
	free(x);
}
