#include "store/customers.h"
#include "store/db.h"
#include "lib/err.h"

#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define CUST_COLS                                                            \
	"c.id, c.type, c.name, c.pinyin, c.initials, c.phones, c.emails,"    \
	" c.tags, coalesce(c.id_number_sealed, ''), c.id_number_index,"      \
	" c.company, c.industry, c.source, c.gender, coalesce(c.birthday, ''),"\
	" coalesce(c.credit_grade, ''), c.tier, c.lifecycle_stage, c.province,"\
	" c.city, c.district, c.address, c.remarks, coalesce(c.owner_id, 0),"  \
	" coalesce(c.team_id, 0), coalesce(c.created_by, 0),"                \
	" coalesce(o.display_name, ''), coalesce(t.name, ''), c.created_at,"  \
	" c.updated_at, coalesce(c.deleted_at, 0), c.version "
#define CUST_FROM                                                            \
	" FROM customers c LEFT JOIN users o ON o.id = c.owner_id"           \
	" LEFT JOIN teams t ON t.id = c.team_id "
/* Named parameters shared by every read: scope and filters. */
#define CUST_SCOPE                                                           \
	" (:all = 1 OR (:team <> 0 AND c.team_id = :team)"                   \
	" OR (:owner <> 0 AND c.owner_id = :owner)) "
#define CUST_FILTERS                                                         \
	" AND c.deleted_at IS NULL AND c.id < :after AND" CUST_SCOPE         \
	" AND (:type IS NULL OR c.type = :type)"                             \
	" AND (:tier IS NULL OR c.tier = :tier)"                             \
	" AND (:owner_filter = 0 OR c.owner_id = :owner_filter)"             \
	" AND (:tag IS NULL OR c.id IN (SELECT customer_id FROM customer_tags" \
	" WHERE tag = :tag))"                                                \
	" ORDER BY c.id DESC LIMIT :limit"

/* One statement per kind of search, so each can use its own index. */
static const char *const list_sql[CM__COUNT] = {
	[CM_NONE] = "SELECT " CUST_COLS CUST_FROM "WHERE 1" CUST_FILTERS,
	[CM_NAME] = "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id IN (SELECT id FROM customers WHERE name >= :q AND name < :q_end"
		" AND deleted_at IS NULL UNION SELECT id FROM customers WHERE company >= :q"
		" AND company < :q_end AND deleted_at IS NULL AND company <> '')" CUST_FILTERS,
	[CM_PINYIN] = "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id IN (SELECT id FROM customers WHERE initials >= :q AND initials < :q_end"
		" AND deleted_at IS NULL UNION SELECT id FROM customers WHERE pinyin >= :q"
		" AND pinyin < :q_end AND deleted_at IS NULL)" CUST_FILTERS,
	[CM_PHONE] = "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id IN (SELECT rowid FROM customer_phone_fts WHERE digits LIKE :pattern)"
		CUST_FILTERS,
	[CM_EMAIL] = "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id IN (SELECT customer_id FROM customer_keys WHERE kind = 'email'"
		" AND value = :q)" CUST_FILTERS,
	[CM_PHONE_EXACT] = "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id IN (SELECT customer_id FROM customer_keys WHERE kind = 'phone'"
		" AND value = :q)" CUST_FILTERS,
	[CM_ID_NUMBER] = "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id_number_index = :index" CUST_FILTERS,
};

static void json_list(const char *text, char *items, size_t item_len, int max, int *n)
{
	json_t *arr = json_loads(text ? text : "[]", 0, NULL), *v;
	size_t i;

	*n = 0;
	json_array_foreach(arr, i, v)
		if (json_is_string(v) && *n < max)
			snprintf(items + (size_t)(*n)++ * item_len, item_len, "%s",
				 json_string_value(v));
	json_decref(arr);
}

static char *list_json(const char *items, size_t item_len, int n)
{
	json_t *arr = json_array();
	char *text;

	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_string(items + (size_t)i * item_len));
	text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return text;
}

static void bind_query(sqlite3_stmt *st, const struct customer_query *q);

static void customer_from_row(sqlite3_stmt *st, struct customer_rec *c)
{
	int col = 0;
	const void *blob;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, c->type, sizeof c->type);
	db_col_text(st, col++, c->name, sizeof c->name);
	db_col_text(st, col++, c->pinyin, sizeof c->pinyin);
	db_col_text(st, col++, c->initials, sizeof c->initials);
	json_list((const char *)sqlite3_column_text(st, col++), c->phones[0],
		  CUST_PHONE_LEN, CUST_PHONES_MAX, &c->nphones);
	json_list((const char *)sqlite3_column_text(st, col++), c->emails[0],
		  CUST_EMAIL_LEN, CUST_EMAILS_MAX, &c->nemails);
	json_list((const char *)sqlite3_column_text(st, col++), c->tags[0],
		  CUST_TAG_LEN, CUST_TAGS_MAX, &c->ntags);
	db_col_text(st, col++, c->id_number_sealed, sizeof c->id_number_sealed);
	blob = sqlite3_column_blob(st, col);
	if (blob && sqlite3_column_bytes(st, col) == SECRET_INDEX_LEN)
		memcpy(c->id_number_index, blob, SECRET_INDEX_LEN);
	col++;
	db_col_text(st, col++, c->company, sizeof c->company);
	db_col_text(st, col++, c->industry, sizeof c->industry);
	db_col_text(st, col++, c->source, sizeof c->source);
	db_col_text(st, col++, c->gender, sizeof c->gender);
	db_col_text(st, col++, c->birthday, sizeof c->birthday);
	db_col_text(st, col++, c->credit_grade, sizeof c->credit_grade);
	db_col_text(st, col++, c->tier, sizeof c->tier);
	db_col_text(st, col++, c->lifecycle_stage, sizeof c->lifecycle_stage);
	db_col_text(st, col++, c->province, sizeof c->province);
	db_col_text(st, col++, c->city, sizeof c->city);
	db_col_text(st, col++, c->district, sizeof c->district);
	db_col_text(st, col++, c->address, sizeof c->address);
	db_col_text(st, col++, c->remarks, sizeof c->remarks);
	c->owner_id = sqlite3_column_int64(st, col++);
	c->team_id = sqlite3_column_int64(st, col++);
	c->created_by = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, c->owner_name, sizeof c->owner_name);
	db_col_text(st, col++, c->team_name, sizeof c->team_name);
	c->created_at = sqlite3_column_int64(st, col++);
	c->updated_at = sqlite3_column_int64(st, col++);
	c->deleted_at = sqlite3_column_int64(st, col++);
	c->version = sqlite3_column_int64(st, col++);
}

static void bind_named_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i)
		sqlite3_bind_int64(st, i, v);
}

static void bind_named_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i)
		db_bind_text(st, i, v);
}

static void bind_scope(sqlite3_stmt *st, const struct customer_scope *s)
{
	bind_named_int(st, ":all", s->all);
	bind_named_int(st, ":team", s->team_id);
	bind_named_int(st, ":owner", s->owner_id);
}

int store_customer_get(struct db *db, int64_t id, const struct customer_scope *scope,
		       bool with_deleted, struct customer_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id = :id AND (:with_deleted = 1 OR c.deleted_at IS NULL)"
		" AND" CUST_SCOPE);
	int rc;

	if (!st)
		return GX_EDB;
	bind_named_int(st, ":id", id);
	bind_named_int(st, ":with_deleted", with_deleted);
	bind_scope(st, scope);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		customer_from_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GX_ENOTFOUND : GX_EDB;
}

/* Binds the record's columns by name (insert and update share them). */
static int bind_record(sqlite3_stmt *st, const struct customer_rec *c)
{
	char *phones = list_json(c->phones[0], CUST_PHONE_LEN, c->nphones);
	char *emails = list_json(c->emails[0], CUST_EMAIL_LEN, c->nemails);
	char *tags = list_json(c->tags[0], CUST_TAG_LEN, c->ntags);
	int i, rc = phones && emails && tags ? 0 : GX_ENOMEM;

	bind_named_text(st, ":type", c->type);
	bind_named_text(st, ":name", c->name);
	bind_named_text(st, ":pinyin", c->pinyin);
	bind_named_text(st, ":initials", c->initials);
	bind_named_text(st, ":phones", phones);
	bind_named_text(st, ":emails", emails);
	bind_named_text(st, ":tags", tags);
	if (c->id_number_sealed[0]) {
		bind_named_text(st, ":sealed", c->id_number_sealed);
		if ((i = sqlite3_bind_parameter_index(st, ":index")))
			sqlite3_bind_blob(st, i, c->id_number_index, SECRET_INDEX_LEN,
					  SQLITE_TRANSIENT);
	}
	bind_named_text(st, ":company", c->company);
	bind_named_text(st, ":industry", c->industry);
	bind_named_text(st, ":source", c->source);
	bind_named_text(st, ":gender", c->gender);
	bind_named_text(st, ":birthday", c->birthday[0] ? c->birthday : NULL);
	bind_named_text(st, ":credit_grade", c->credit_grade[0] ? c->credit_grade : NULL);
	bind_named_text(st, ":tier", c->tier);
	bind_named_text(st, ":stage", c->lifecycle_stage);
	bind_named_text(st, ":province", c->province);
	bind_named_text(st, ":city", c->city);
	bind_named_text(st, ":district", c->district);
	bind_named_text(st, ":address", c->address);
	bind_named_text(st, ":remarks", c->remarks);
	if (c->owner_id)
		bind_named_int(st, ":owner_id", c->owner_id);
	if (c->team_id)
		bind_named_int(st, ":team_id", c->team_id);
	free(phones);
	free(emails);
	free(tags);
	return rc;
}

enum {
	KEYS_FRESH = 1,  /* a new customer: nothing to clear */
	KEYS_NO_FTS = 2, /* the phone fragments are written later, in bulk */
};

/* Rewrites the lookup tables of one customer from the record. */
static int write_keys(struct db *db, const struct customer_rec *c, unsigned mode)
{
	static const char *const clear[] = {
		"DELETE FROM customer_keys WHERE customer_id = ?",
		"DELETE FROM customer_tags WHERE customer_id = ?",
		"DELETE FROM customer_phone_fts WHERE rowid = ?",
	};
	char digits[CUST_PHONES_MAX * CUST_PHONE_LEN] = "";
	size_t dlen = 0;
	sqlite3_stmt *st;
	int rc;

	for (size_t i = 0; i < sizeof clear / sizeof *clear && !(mode & KEYS_FRESH); i++) {
		if (!(st = db_stmt(db, clear[i])))
			return GX_EDB;
		sqlite3_bind_int64(st, 1, c->id);
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
	}
	if (c->deleted_at)
		return 0;
	for (int i = 0; i < c->nphones + c->nemails; i++) {
		bool phone = i < c->nphones;
		if (!(st = db_stmt(db, "INSERT OR IGNORE INTO customer_keys (kind, value,"
				       " customer_id) VALUES (?, ?, ?)")))
			return GX_EDB;
		db_bind_text(st, 1, phone ? "phone" : "email");
		db_bind_text(st, 2, phone ? c->phones[i] : c->emails[i - c->nphones]);
		sqlite3_bind_int64(st, 3, c->id);
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
		if (phone)
			dlen += (size_t)snprintf(digits + dlen, sizeof digits - dlen, "%s%s",
						 i ? " " : "", c->phones[i]);
	}
	for (int i = 0; i < c->ntags; i++) {
		if (!(st = db_stmt(db, "INSERT OR IGNORE INTO customer_tags (tag, customer_id)"
				       " VALUES (?, ?)")))
			return GX_EDB;
		db_bind_text(st, 1, c->tags[i]);
		sqlite3_bind_int64(st, 2, c->id);
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
	}
	if (!c->nphones || (mode & KEYS_NO_FTS))
		return 0;
	if (!(st = db_stmt(db, "INSERT INTO customer_phone_fts (rowid, digits) VALUES (?, ?)")))
		return GX_EDB;
	sqlite3_bind_int64(st, 1, c->id);
	db_bind_text(st, 2, digits);
	return db_step_done(db, st);
}

static int insert(struct db *db, struct customer_rec *c, unsigned mode);

int store_customer_insert(struct db *db, struct customer_rec *c)
{
	return insert(db, c, KEYS_FRESH);
}

int store_customer_insert_bulk(struct db *db, struct customer_rec *c)
{
	return insert(db, c, KEYS_FRESH | KEYS_NO_FTS);
}

int store_customer_index_phones(struct db *db, int64_t first_id, int64_t last_id)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO customer_phone_fts (rowid, digits)"
		" SELECT c.id, (SELECT group_concat(value, ' ') FROM json_each(c.phones))"
		" FROM customers c WHERE c.id BETWEEN ? AND ? AND c.phones <> '[]'");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, first_id);
	sqlite3_bind_int64(st, 2, last_id);
	return db_step_done(db, st);
}

static int insert(struct db *db, struct customer_rec *c, unsigned mode)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO customers (type, name, pinyin, initials, phones, emails, tags,"
		" id_number_sealed, id_number_index, company, industry, source, gender,"
		" birthday, credit_grade, tier, lifecycle_stage, province, city, district,"
		" address, remarks, owner_id, team_id, created_by, created_at, updated_at,"
		" version) VALUES (:type, :name, :pinyin, :initials, :phones, :emails, :tags,"
		" :sealed, :index, :company, :industry, :source, :gender, :birthday,"
		" :credit_grade, :tier, :stage, :province, :city, :district, :address,"
		" :remarks, :owner_id, :team_id, :created_by, :now, :now, 1)");
	int rc;

	if (!st)
		return GX_EDB;
	if ((rc = bind_record(st, c)) != 0)
		return rc;
	if (c->created_by)
		bind_named_int(st, ":created_by", c->created_by);
	bind_named_int(st, ":now", c->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	c->id = db_last_id(db);
	c->version = 1;
	return write_keys(db, c, mode);
}

int store_customer_update(struct db *db, struct customer_rec *c, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE customers SET type = :type, name = :name, pinyin = :pinyin,"
		" initials = :initials, phones = :phones, emails = :emails, tags = :tags,"
		" id_number_sealed = :sealed, id_number_index = :index, company = :company,"
		" industry = :industry, source = :source, gender = :gender,"
		" birthday = :birthday, credit_grade = :credit_grade, tier = :tier,"
		" lifecycle_stage = :stage, province = :province, city = :city,"
		" district = :district, address = :address, remarks = :remarks,"
		" owner_id = :owner_id, team_id = :team_id, updated_at = :now,"
		" deleted_at = :deleted_at, version = version + 1"
		" WHERE id = :id AND version = :version");
	struct customer_scope all = {.all = true};
	struct customer_rec *cur;
	int rc;

	if (!st)
		return GX_EDB;
	if ((rc = bind_record(st, c)) != 0)
		return rc;
	bind_named_int(st, ":now", now_ms);
	if (c->deleted_at)
		bind_named_int(st, ":deleted_at", c->deleted_at);
	bind_named_int(st, ":id", c->id);
	bind_named_int(st, ":version", c->version);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	if (db_changes(db) == 0) {
		if (!(cur = malloc(sizeof *cur)))
			return GX_ENOMEM;
		rc = store_customer_get(db, c->id, &all, true, cur);
		free(cur);
		return rc == 0 ? GX_EVERSION : rc;
	}
	c->version++;
	c->updated_at = now_ms;
	return write_keys(db, c, 0);
}

int store_customer_list(struct db *db, const struct customer_query *q,
			struct customer_rec *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, list_sql[q->match]);
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	bind_query(st, q);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < q->limit)
		customer_from_row(st, &out[(*n)++]);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

struct customer_cursor {
	sqlite3_stmt *st;
};

int store_customer_cursor_open(struct db *db, const struct customer_query *q,
			       struct customer_cursor **out)
{
	struct customer_cursor *c = calloc(1, sizeof *c);

	*out = NULL;
	if (!c)
		return GX_ENOMEM;
	if (sqlite3_prepare_v3(db_handle(db), list_sql[q->match], -1, 0, &c->st, NULL) != SQLITE_OK) {
		free(c);
		return GX_EDB;
	}
	bind_query(c->st, q);
	*out = c;
	return 0;
}

int store_customer_cursor_next(struct customer_cursor *c, struct customer_rec *out)
{
	int rc = sqlite3_step(c->st);

	if (rc == SQLITE_ROW) {
		customer_from_row(c->st, out);
		return 1;
	}
	return rc == SQLITE_DONE ? 0 : GX_EDB;
}

void store_customer_cursor_close(struct customer_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->st);
	free(c);
}

static int exists(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : GX_EDB;
}

int store_customer_phone_taken(struct db *db, const char *phone)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM customer_keys WHERE kind = 'phone'"
				       " AND value = ? LIMIT 1");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, phone);
	return exists(st);
}

int store_customer_id_taken(struct db *db, const unsigned char index[SECRET_INDEX_LEN])
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM customers WHERE id_number_index = ?"
				       " AND deleted_at IS NULL LIMIT 1");

	if (!st)
		return GX_EDB;
	sqlite3_bind_blob(st, 1, index, SECRET_INDEX_LEN, SQLITE_STATIC);
	return exists(st);
}

/* Binds a query's scope, filters, search text and limit by name. */
static void bind_query(sqlite3_stmt *st, const struct customer_query *q)
{
	char end[CUST_TEXT_LEN + 8], pattern[CUST_TEXT_LEN + 8];
	int i;

	bind_scope(st, &q->scope);
	bind_named_int(st, ":after", q->after_id > 0 ? q->after_id : INT64_MAX);
	bind_named_text(st, ":type", q->type);
	bind_named_text(st, ":tier", q->tier);
	bind_named_text(st, ":tag", q->tag);
	bind_named_int(st, ":owner_filter", q->owner_id);
	bind_named_int(st, ":limit", q->limit);
	if (q->text) {
		/* The smallest string greater than every string starting with
		 * text: text followed by the highest code point. */
		snprintf(end, sizeof end, "%s\xf4\x8f\xbf\xbf", q->text);
		snprintf(pattern, sizeof pattern, "%%%s%%", q->text);
		bind_named_text(st, ":q", q->text);
		bind_named_text(st, ":q_end", end);
		bind_named_text(st, ":pattern", pattern);
	}
	if ((i = sqlite3_bind_parameter_index(st, ":index")))
		sqlite3_bind_blob(st, i, q->index, SECRET_INDEX_LEN, SQLITE_TRANSIENT);
}

int store_customer_change_add(struct db *db, const struct customer_change *h)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO customer_history (customer_id, at, actor_id, actor, action,"
		" field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, h->customer_id);
	sqlite3_bind_int64(st, 2, h->at);
	if (h->actor_id)
		sqlite3_bind_int64(st, 3, h->actor_id);
	db_bind_text(st, 4, h->actor);
	db_bind_text(st, 5, h->action);
	db_bind_text(st, 6, h->field);
	db_bind_text(st, 7, h->old_null ? NULL : h->old_value);
	db_bind_text(st, 8, h->new_null ? NULL : h->new_value);
	return db_step_done(db, st);
}

#define CHANGE_INSERT "INSERT INTO customer_history (customer_id, at, actor_id, actor," \
	" action, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
#define CHANGE_ROW ", (?, ?, ?, ?, ?, ?, ?, ?)"
#define CHANGE_ROWS4 CHANGE_ROW CHANGE_ROW CHANGE_ROW CHANGE_ROW

/* The statement for 1 to 8 rows at once; a statement per row costs more
 * than the row itself. */
static const char *const change_sql[] = {
	CHANGE_INSERT,
	CHANGE_INSERT CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROW CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS4,
	CHANGE_INSERT CHANGE_ROWS4 CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS4 CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS4 CHANGE_ROW CHANGE_ROW CHANGE_ROW,
};
#define CHANGE_BATCH ((int)(sizeof change_sql / sizeof *change_sql))

int store_customer_changes_add(struct db *db, const struct customer_change_head *head,
			       const struct customer_change_item *items, int n)
{
	while (n > 0) {
		int k = n < CHANGE_BATCH ? n : CHANGE_BATCH, rc;
		sqlite3_stmt *st = db_stmt(db, change_sql[k - 1]);
		if (!st)
			return GX_EDB;
		for (int i = 0; i < k; i++) {
			int p = i * 8;
			sqlite3_bind_int64(st, p + 1, head->customer_id);
			sqlite3_bind_int64(st, p + 2, head->at);
			if (head->actor_id)
				sqlite3_bind_int64(st, p + 3, head->actor_id);
			sqlite3_bind_text(st, p + 4, head->actor, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, p + 5, head->action, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, p + 6, items[i].field, -1, SQLITE_STATIC);
			if (items[i].old_value)
				sqlite3_bind_text(st, p + 7, items[i].old_value, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, p + 8, items[i].new_value, -1, SQLITE_STATIC);
		}
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
		items += k;
		n -= k;
	}
	return 0;
}

int store_customer_changes(struct db *db, int64_t customer_id, int64_t before_id,
			   int limit, struct customer_change *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT id, customer_id, at, coalesce(actor_id, 0), actor, action, field,"
		" old, new FROM customer_history WHERE customer_id = ? AND id < ?"
		" ORDER BY id DESC LIMIT ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, customer_id);
	sqlite3_bind_int64(st, 2, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(st, 3, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
		struct customer_change *h = &out[(*n)++];
		memset(h, 0, sizeof *h);
		h->id = sqlite3_column_int64(st, 0);
		h->customer_id = sqlite3_column_int64(st, 1);
		h->at = sqlite3_column_int64(st, 2);
		h->actor_id = sqlite3_column_int64(st, 3);
		db_col_text(st, 4, h->actor, sizeof h->actor);
		db_col_text(st, 5, h->action, sizeof h->action);
		db_col_text(st, 6, h->field, sizeof h->field);
		h->old_null = sqlite3_column_type(st, 7) == SQLITE_NULL;
		h->new_null = sqlite3_column_type(st, 8) == SQLITE_NULL;
		db_col_text(st, 7, h->old_value, sizeof h->old_value);
		db_col_text(st, 8, h->new_value, sizeof h->new_value);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}
