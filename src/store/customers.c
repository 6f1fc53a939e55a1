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
	" c.updated_at, coalesce(c.deleted_at, 0), c.version, c.education,"   \
	" c.preferences, c.dislikes, c.habits, c.religion, c.care_notes, c.ext,"\
	" c.review_state, coalesce(c.review_author_id, 0),"                  \
	" coalesce(c.first_reviewer_id, 0), coalesce(c.first_reviewed_at, 0),"\
	" coalesce(c.second_reviewer_id, 0), coalesce(c.second_reviewed_at, 0),"\
	" coalesce(r1.display_name, ''), coalesce(r2.display_name, ''),"     \
	" c.review_comment, coalesce(c.merged_into, 0) "
/* The names CUST_COLS shows, joined to customers c. */
#define CUST_JOINS                                                           \
	" LEFT JOIN users o ON o.id = c.owner_id"                            \
	" LEFT JOIN teams t ON t.id = c.team_id"                             \
	" LEFT JOIN users r1 ON r1.id = c.first_reviewer_id"                 \
	" LEFT JOIN users r2 ON r2.id = c.second_reviewer_id "
#define CUST_FROM " FROM customers c" CUST_JOINS
/* Named parameters shared by every read: scope and filters. */
#define CUST_SCOPE                                                           \
	" (:all = 1 OR (:team <> 0 AND c.team_id = :team)"                   \
	" OR (:owner <> 0 AND c.owner_id = :owner)) "
#define CUST_FILTERS                                                         \
	" AND c.deleted_at IS NULL AND" CUST_SCOPE                           \
	" AND (:type IS NULL OR c.type = :type)"                             \
	" AND (:tier IS NULL OR c.tier = :tier)"                             \
	" AND (:owner_filter = 0 OR c.owner_id = :owner_filter)"             \
	" AND (:review IS NULL OR c.review_state = :review)"                 \
	" AND (:region IS NULL OR c.province = :region OR c.city = :region"  \
	" OR c.district = :region)"                                          \
	" AND (:created_from = 0 OR c.created_at >= :created_from)"          \
	" AND (:created_to = 0 OR c.created_at < :created_to)"               \
	" AND (:ext_field IS NULL OR c.id IN (SELECT customer_id FROM"       \
	" customer_ext_index WHERE field = :ext_field AND value = :ext_value))"\
	" AND (:tag IS NULL OR c.id IN (SELECT customer_id FROM customer_tags" \
	" WHERE tag = :tag))"
#define CUST_NEWEST " AND c.id < :after ORDER BY c.id DESC LIMIT :limit"
/* Prefix searches walk customer_search s in key order from the cursor. */
#define CUST_BY_KEY                                                          \
	"SELECT " CUST_COLS ", s.key FROM customer_search s"                 \
	" JOIN customers c ON c.id = s.customer_id" CUST_JOINS               \
	" WHERE s.key >= :q AND s.key < :q_end"                              \
	" AND (s.key, s.customer_id) > (:after_key, :after_id)" CUST_FILTERS \
	" ORDER BY s.key, s.customer_id LIMIT :limit"

/* A list without a search, one statement per order, each walking its own
 * index from the cursor so that a page costs the same at any depth. */
static const char *const browse_sql[CS__COUNT] = {
	[CS_NEWEST] = "SELECT " CUST_COLS CUST_FROM "WHERE 1" CUST_FILTERS CUST_NEWEST,
	[CS_OLDEST] = "SELECT " CUST_COLS CUST_FROM "WHERE 1" CUST_FILTERS
		" AND c.id > :after_asc ORDER BY c.id LIMIT :limit",
	[CS_UPDATED] = "SELECT " CUST_COLS ", CAST(c.updated_at AS TEXT)" CUST_FROM
		"WHERE (c.updated_at, c.id) < (:after_at, :after)" CUST_FILTERS
		" ORDER BY c.updated_at DESC, c.id DESC LIMIT :limit",
	/* Every customer has its pinyin (or, without one, its name) among
	 * its search keys: reading those in key order is the name order. */
	[CS_NAME] = "SELECT " CUST_COLS ", s.key FROM customer_search s"
		" JOIN customers c ON c.id = s.customer_id" CUST_JOINS
		"WHERE s.key = coalesce(nullif(c.pinyin, ''), c.name)"
		" AND (s.key, s.customer_id) > (:after_key, :after_id)" CUST_FILTERS
		" ORDER BY s.key, s.customer_id LIMIT :limit",
};

/* One statement per kind of search, so each can use its own index. */
static const char *const list_sql[CM__COUNT] = {
	[CM_NAME] = CUST_BY_KEY,
	[CM_PINYIN] = CUST_BY_KEY,
	/* The full-text index yields its candidates newest first from the
	 * cursor, so a page stops after limit matches however many there are
	 * (an IN over the matches had to collect and sort them all). */
	[CM_PHONE] = "SELECT " CUST_COLS " FROM customer_phone_fts f"
		" JOIN customers c ON c.id = f.rowid" CUST_JOINS
		"WHERE f.digits LIKE :pattern AND f.rowid < :after" CUST_FILTERS
		" ORDER BY f.rowid DESC LIMIT :limit",
	[CM_EMAIL] = "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id IN (SELECT customer_id FROM customer_keys WHERE kind = 'email'"
		" AND value = :q)" CUST_FILTERS CUST_NEWEST,
	[CM_PHONE_EXACT] = "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id IN (SELECT customer_id FROM customer_keys WHERE kind = 'phone'"
		" AND value = :q)" CUST_FILTERS CUST_NEWEST,
	[CM_ID_NUMBER] = "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id_number_index = :index" CUST_FILTERS CUST_NEWEST,
};

static void bind_query(sqlite3_stmt *st, const struct customer_query *q);

static void customer_from_row(sqlite3_stmt *st, void *row)
{
	struct customer_rec *c = row;
	int col = 0;
	const void *blob;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, c->type, sizeof c->type);
	db_col_text(st, col++, c->name, sizeof c->name);
	db_col_text(st, col++, c->pinyin, sizeof c->pinyin);
	db_col_text(st, col++, c->initials, sizeof c->initials);
	db_list_read((const char *)sqlite3_column_text(st, col++), c->phones[0],
		  CUST_PHONE_LEN, CUST_PHONES_MAX, &c->nphones);
	db_list_read((const char *)sqlite3_column_text(st, col++), c->emails[0],
		  CUST_EMAIL_LEN, CUST_EMAILS_MAX, &c->nemails);
	db_list_read((const char *)sqlite3_column_text(st, col++), c->tags[0],
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
	db_col_text(st, col++, c->education, sizeof c->education);
	db_col_text(st, col++, c->preferences, sizeof c->preferences);
	db_col_text(st, col++, c->dislikes, sizeof c->dislikes);
	db_col_text(st, col++, c->habits, sizeof c->habits);
	db_col_text(st, col++, c->religion, sizeof c->religion);
	db_col_text(st, col++, c->care_notes, sizeof c->care_notes);
	db_col_text(st, col++, c->ext, sizeof c->ext);
	db_col_text(st, col++, c->review_state, sizeof c->review_state);
	c->review_author_id = sqlite3_column_int64(st, col++);
	c->first_reviewer_id = sqlite3_column_int64(st, col++);
	c->first_reviewed_at = sqlite3_column_int64(st, col++);
	c->second_reviewer_id = sqlite3_column_int64(st, col++);
	c->second_reviewed_at = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, c->first_reviewer_name, sizeof c->first_reviewer_name);
	db_col_text(st, col++, c->second_reviewer_name, sizeof c->second_reviewer_name);
	db_col_text(st, col++, c->review_comment, sizeof c->review_comment);
	c->merged_into = sqlite3_column_int64(st, col++);
	if (col < sqlite3_column_count(st))
		db_col_text(st, col, c->match_key, sizeof c->match_key);
}

static void bind_scope(sqlite3_stmt *st, const struct customer_scope *s)
{
	db_set_int(st, ":all", s->all);
	db_set_int(st, ":team", s->team_id);
	db_set_int(st, ":owner", s->owner_id);
}

int store_customer_get(struct db *db, int64_t id, const struct customer_scope *scope,
		       bool with_deleted, struct customer_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CUST_COLS CUST_FROM
		"WHERE c.id = :id AND (:with_deleted = 1 OR c.deleted_at IS NULL)"
		" AND" CUST_SCOPE);

	if (!st)
		return GX_EDB;
	db_set_int(st, ":id", id);
	db_set_int(st, ":with_deleted", with_deleted);
	bind_scope(st, scope);
	return db_row(st, customer_from_row, out);
}

/* The record's columns, bound by number in this order: INSERT and UPDATE
 * list REC_COLUMNS against REC_PARAMS. Looking 39 names up for every
 * imported row cost more than binding the values. */
enum rec_param {
	RP_TYPE = 1, RP_NAME, RP_PINYIN, RP_INITIALS, RP_PHONES, RP_EMAILS, RP_TAGS,
	RP_SEALED, RP_INDEX, RP_COMPANY, RP_INDUSTRY, RP_SOURCE, RP_GENDER,
	RP_BIRTHDAY, RP_CREDIT_GRADE, RP_TIER, RP_STAGE, RP_PROVINCE, RP_CITY,
	RP_DISTRICT, RP_ADDRESS, RP_REMARKS, RP_OWNER, RP_TEAM, RP_EDUCATION,
	RP_PREFERENCES, RP_DISLIKES, RP_HABITS, RP_RELIGION, RP_CARE_NOTES, RP_EXT,
	RP_REVIEW_STATE, RP_REVIEW_AUTHOR, RP_FIRST_REVIEWER, RP_FIRST_REVIEWED_AT,
	RP_SECOND_REVIEWER, RP_SECOND_REVIEWED_AT, RP_REVIEW_COMMENT, RP_MERGED_INTO,
	RP_NEXT, /* the first parameter after the record's own */
};
_Static_assert(RP_NEXT == 40, "the statements number their own parameters from ?40");
#define REC_COLUMNS \
	"type, name, pinyin, initials, phones, emails, tags," \
	" id_number_sealed, id_number_index, company, industry, source," \
	" gender, birthday, credit_grade, tier, lifecycle_stage, province," \
	" city, district, address, remarks, owner_id, team_id, education," \
	" preferences, dislikes, habits, religion, care_notes, ext," \
	" review_state, review_author_id, first_reviewer_id," \
	" first_reviewed_at, second_reviewer_id, second_reviewed_at," \
	" review_comment, merged_into"
#define REC_PARAMS \
	"?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15," \
	" ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28," \
	" ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39"

static void bind_text(sqlite3_stmt *st, enum rec_param p, const char *text)
{
	sqlite3_bind_text(st, p, text, -1, SQLITE_STATIC);
}

static void bind_id(sqlite3_stmt *st, enum rec_param p, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, p, id);
}

/* The lists are JSON text the statement owns (SQLITE_TRANSIENT copies). */
static int bind_list(sqlite3_stmt *st, enum rec_param p, const char *first, size_t stride,
		     int n)
{
	char *json = db_list_json(first, stride, n);

	if (!json)
		return GX_ENOMEM;
	sqlite3_bind_text(st, p, json, -1, SQLITE_TRANSIENT);
	free(json);
	return 0;
}

/* Binds parameters 1 to RP_NEXT - 1; the statement must be stepped while
 * c is still alive, since its text is bound without a copy. */
static int bind_record(sqlite3_stmt *st, const struct customer_rec *c)
{
	if (bind_list(st, RP_PHONES, c->phones[0], CUST_PHONE_LEN, c->nphones) ||
	    bind_list(st, RP_EMAILS, c->emails[0], CUST_EMAIL_LEN, c->nemails) ||
	    bind_list(st, RP_TAGS, c->tags[0], CUST_TAG_LEN, c->ntags))
		return GX_ENOMEM;
	bind_text(st, RP_TYPE, c->type);
	bind_text(st, RP_NAME, c->name);
	bind_text(st, RP_PINYIN, c->pinyin);
	bind_text(st, RP_INITIALS, c->initials);
	if (c->id_number_sealed[0]) {
		bind_text(st, RP_SEALED, c->id_number_sealed);
		sqlite3_bind_blob(st, RP_INDEX, c->id_number_index, SECRET_INDEX_LEN,
				  SQLITE_STATIC);
	}
	bind_text(st, RP_COMPANY, c->company);
	bind_text(st, RP_INDUSTRY, c->industry);
	bind_text(st, RP_SOURCE, c->source);
	bind_text(st, RP_GENDER, c->gender);
	bind_text(st, RP_BIRTHDAY, c->birthday[0] ? c->birthday : NULL);
	bind_text(st, RP_CREDIT_GRADE, c->credit_grade[0] ? c->credit_grade : NULL);
	bind_text(st, RP_TIER, c->tier);
	bind_text(st, RP_STAGE, c->lifecycle_stage);
	bind_text(st, RP_PROVINCE, c->province);
	bind_text(st, RP_CITY, c->city);
	bind_text(st, RP_DISTRICT, c->district);
	bind_text(st, RP_ADDRESS, c->address);
	bind_text(st, RP_REMARKS, c->remarks);
	bind_id(st, RP_OWNER, c->owner_id);
	bind_id(st, RP_TEAM, c->team_id);
	bind_text(st, RP_EDUCATION, c->education);
	bind_text(st, RP_PREFERENCES, c->preferences);
	bind_text(st, RP_DISLIKES, c->dislikes);
	bind_text(st, RP_HABITS, c->habits);
	bind_text(st, RP_RELIGION, c->religion);
	bind_text(st, RP_CARE_NOTES, c->care_notes);
	bind_text(st, RP_EXT, c->ext[0] ? c->ext : "{}");
	bind_text(st, RP_REVIEW_STATE, c->review_state[0] ? c->review_state : "none");
	bind_id(st, RP_REVIEW_AUTHOR, c->review_author_id);
	bind_id(st, RP_FIRST_REVIEWER, c->first_reviewer_id);
	bind_id(st, RP_FIRST_REVIEWED_AT, c->first_reviewed_at);
	bind_id(st, RP_SECOND_REVIEWER, c->second_reviewer_id);
	bind_id(st, RP_SECOND_REVIEWED_AT, c->second_reviewed_at);
	bind_text(st, RP_REVIEW_COMMENT, c->review_comment);
	bind_id(st, RP_MERGED_INTO, c->merged_into);
	return 0;
}

/* Indexes the values of the searchable extension fields; which fields
 * are searchable is data, so one statement serves them all. */
static int write_ext_index(struct db *db, const struct customer_rec *c)
{
	sqlite3_stmt *st;

	if (!c->ext[0] || !strcmp(c->ext, "{}"))
		return 0;
	if (!(st = db_stmt(db, "INSERT OR IGNORE INTO customer_ext_index (field, value,"
			       " customer_id) SELECT j.key, CAST(j.value AS TEXT), ?"
			       " FROM json_each(?) j JOIN custom_fields f ON f.key = j.key"
			       " AND f.searchable = 1 WHERE j.value IS NOT NULL")))
		return GX_EDB;
	sqlite3_bind_int64(st, 1, c->id);
	db_bind_text(st, 2, c->ext);
	return db_step_done(db, st);
}

/* The prefix-search keys of one customer (customer_search). */
static int write_search_keys(struct db *db, const struct customer_rec *c)
{
	const char *keys[] = {c->name, c->company, c->pinyin, c->initials};
	sqlite3_stmt *st;
	int rc;

	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		if (!keys[i][0])
			continue;
		if (!(st = db_stmt(db, "INSERT OR IGNORE INTO customer_search (key, customer_id)"
				       " VALUES (?, ?)")))
			return GX_EDB;
		db_bind_text(st, 1, keys[i]);
		sqlite3_bind_int64(st, 2, c->id);
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
	}
	return 0;
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
		"DELETE FROM customer_ext_index WHERE customer_id = ?",
		"DELETE FROM customer_search WHERE customer_id = ?",
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
	if ((rc = write_ext_index(db, c)) != 0 || (rc = write_search_keys(db, c)) != 0)
		return rc;
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
		"INSERT INTO customers (" REC_COLUMNS ", created_by, created_at,"
		" updated_at, version) VALUES (" REC_PARAMS ", ?40, ?41, ?41, 1)");
	int rc;

	if (!st)
		return GX_EDB;
	if ((rc = bind_record(st, c)) != 0)
		return rc;
	bind_id(st, RP_NEXT, c->created_by);
	sqlite3_bind_int64(st, RP_NEXT + 1, c->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	c->id = db_last_id(db);
	c->version = 1;
	return write_keys(db, c, mode);
}

int store_customer_update(struct db *db, struct customer_rec *c, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE customers SET (" REC_COLUMNS ") = (" REC_PARAMS "),"
		" updated_at = ?40, deleted_at = ?41, version = version + 1"
		" WHERE id = ?42 AND version = ?43");
	struct customer_scope all = {.all = true};
	struct customer_rec *cur;
	int rc;

	if (!st)
		return GX_EDB;
	if ((rc = bind_record(st, c)) != 0)
		return rc;
	sqlite3_bind_int64(st, RP_NEXT, now_ms);
	bind_id(st, RP_NEXT + 1, c->deleted_at);
	sqlite3_bind_int64(st, RP_NEXT + 2, c->id);
	sqlite3_bind_int64(st, RP_NEXT + 3, c->version);
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

static const char *list_statement(const struct customer_query *q)
{
	return q->match == CM_NONE ? browse_sql[q->sort] : list_sql[q->match];
}

int store_customer_list(struct db *db, const struct customer_query *q,
			struct customer_rec *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, list_statement(q));
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	bind_query(st, q);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < q->limit) {
		/* One customer can match twice by key (朱辉: "zh" and "zhuhui"). */
		int64_t id = sqlite3_column_int64(st, 0);
		bool seen = false;
		for (int i = 0; i < *n && !seen; i++)
			seen = out[i].id == id;
		if (!seen)
			customer_from_row(st, &out[(*n)++]);
	}
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
	if (sqlite3_prepare_v3(db_handle(db), list_statement(q), -1, 0, &c->st, NULL) !=
	    SQLITE_OK) {
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
	db_set_int(st, ":after", q->after_id > 0 ? q->after_id : INT64_MAX);
	db_set_text(st, ":after_key", q->after_key ? q->after_key : "");
	db_set_int(st, ":after_id", q->after_key ? q->after_id : 0);
	db_set_int(st, ":after_asc", q->after_id);
	db_set_int(st, ":after_at", q->after_key ? strtoll(q->after_key, NULL, 10) : INT64_MAX);
	db_set_text(st, ":type", q->type);
	db_set_text(st, ":tier", q->tier);
	db_set_text(st, ":tag", q->tag);
	db_set_int(st, ":owner_filter", q->owner_id);
	db_set_text(st, ":review", q->review);
	db_set_text(st, ":region", q->region);
	db_set_int(st, ":created_from", q->created_from);
	db_set_int(st, ":created_to", q->created_to);
	db_set_text(st, ":ext_field", q->ext_field);
	db_set_text(st, ":ext_value", q->ext_value);
	db_set_int(st, ":limit", q->limit);
	if (q->text) {
		/* The smallest string greater than every string starting with
		 * text: text followed by the highest code point. */
		snprintf(end, sizeof end, "%s\xf4\x8f\xbf\xbf", q->text);
		snprintf(pattern, sizeof pattern, "%%%s%%", q->text);
		db_set_text(st, ":q", q->text);
		db_set_text(st, ":q_end", end);
		db_set_text(st, ":pattern", pattern);
	}
	if ((i = sqlite3_bind_parameter_index(st, ":index")))
		sqlite3_bind_blob(st, i, q->index, SECRET_INDEX_LEN, SQLITE_TRANSIENT);
}

int store_customer_change_add(struct db *db, const struct customer_change *h)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO customer_history (customer_id, at, actor_id, actor, action,"
		" field, old, new, contact_id, contact_name) VALUES (?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?)");

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
	if (h->contact_id) {
		sqlite3_bind_int64(st, 9, h->contact_id);
		db_bind_text(st, 10, h->contact_name);
	}
	return db_step_done(db, st);
}

#define CHANGE_INSERT "INSERT INTO customer_history (customer_id, at, actor_id, actor," \
	" action, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
#define CHANGE_ROW ", (?, ?, ?, ?, ?, ?, ?, ?)"
#define CHANGE_ROWS4 CHANGE_ROW CHANGE_ROW CHANGE_ROW CHANGE_ROW
#define CHANGE_ROWS8 CHANGE_ROWS4 CHANGE_ROWS4

/* The statement for 1 to 16 rows at once, enough for every field of a new
 * customer; a statement per row costs more than the row itself. */
static const char *const change_sql[] = {
	CHANGE_INSERT,
	CHANGE_INSERT CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROW CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS4,
	CHANGE_INSERT CHANGE_ROWS4 CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS4 CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS4 CHANGE_ROW CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS8,
	CHANGE_INSERT CHANGE_ROWS8 CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS8 CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS8 CHANGE_ROW CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS8 CHANGE_ROWS4,
	CHANGE_INSERT CHANGE_ROWS8 CHANGE_ROWS4 CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS8 CHANGE_ROWS4 CHANGE_ROW CHANGE_ROW,
	CHANGE_INSERT CHANGE_ROWS8 CHANGE_ROWS4 CHANGE_ROW CHANGE_ROW CHANGE_ROW,
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

#define CHANGE_COLS "id, customer_id, at, coalesce(actor_id, 0), actor, action, field," \
	" old, new, coalesce(contact_id, 0), contact_name "

static void change_from_row(sqlite3_stmt *st, void *row)
{
	struct customer_change *h = row;

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
	h->contact_id = sqlite3_column_int64(st, 9);
	db_col_text(st, 10, h->contact_name, sizeof h->contact_name);
}

int store_customer_changes(struct db *db, int64_t customer_id, int64_t before_id,
			   int limit, struct customer_change *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT " CHANGE_COLS "FROM customer_history WHERE customer_id IN (WITH RECURSIVE"
		" m(id) AS (SELECT ?1 UNION SELECT c.id FROM customers c JOIN m"
		" ON c.merged_into = m.id) SELECT id FROM m)"
		" AND (at, id) < (SELECT at, id FROM customer_history WHERE id = ?2"
		" UNION ALL SELECT ?4, ?2 LIMIT 1)"
		" ORDER BY at DESC, id DESC LIMIT ?3");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, customer_id);
	sqlite3_bind_int64(st, 2, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(st, 3, limit);
	sqlite3_bind_int64(st, 4, INT64_MAX);
	return db_rows(st, change_from_row, out, sizeof *out, limit, n);
}

/* Adds id with reason to the candidates, once. */
static void add_candidate(int64_t id, unsigned reason, int64_t *ids, unsigned *why,
			  int max, int *n)
{
	for (int i = 0; i < *n; i++)
		if (ids[i] == id) {
			why[i] |= reason;
			return;
		}
	if (*n < max) {
		ids[*n] = id;
		why[(*n)++] = reason;
	}
}

/* Runs one candidate query whose parameter 1 is set by the caller. */
static int collect(sqlite3_stmt *st, const struct customer_probe *p, unsigned reason,
		   int64_t *ids, unsigned *why, int max, int *n)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id != p->exclude_id)
			add_candidate(id, reason, ids, why, max, n);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : GX_EDB;
}

int store_customer_duplicates(struct db *db, const struct customer_probe *p,
			      int64_t *ids, unsigned *why, int max, int *n)
{
	sqlite3_stmt *st;
	int rc = 0;

	*n = 0;
	for (int i = 0; i < p->nphones && rc == 0; i++) {
		if (!(st = db_stmt(db, "SELECT k.customer_id FROM customer_keys k JOIN customers c"
				   " ON c.id = k.customer_id WHERE k.kind = 'phone' AND k.value = ?"
				   " AND c.deleted_at IS NULL LIMIT 20")))
			return GX_EDB;
		db_bind_text(st, 1, p->phones[i]);
		rc = collect(st, p, DUP_PHONE, ids, why, max, n);
	}
	if (rc == 0 && p->has_index) {
		if (!(st = db_stmt(db, "SELECT id FROM customers WHERE id_number_index = ?"
				   " AND deleted_at IS NULL LIMIT 20")))
			return GX_EDB;
		sqlite3_bind_blob(st, 1, p->index, SECRET_INDEX_LEN, SQLITE_STATIC);
		rc = collect(st, p, DUP_ID_NUMBER, ids, why, max, n);
	}
	if (rc == 0 && p->name && *p->name && p->company && *p->company) {
		if (!(st = db_stmt(db, "SELECT id FROM customers WHERE name = ? AND company = ?"
				   " AND company <> '' AND deleted_at IS NULL LIMIT 20")))
			return GX_EDB;
		db_bind_text(st, 1, p->name);
		db_bind_text(st, 2, p->company);
		rc = collect(st, p, DUP_NAME_COMPANY, ids, why, max, n);
	}
	if (rc == 0 && p->organisation && p->name && *p->name) {
		if (!(st = db_stmt(db, "SELECT id FROM customers WHERE name = ?"
				   " AND type <> 'individual' AND deleted_at IS NULL LIMIT 20")))
			return GX_EDB;
		db_bind_text(st, 1, p->name);
		rc = collect(st, p, DUP_NAME_COMPANY, ids, why, max, n);
	}
	return rc;
}

int store_customer_move_children(struct db *db, int64_t from, int64_t into)
{
	/* Each table that refers to a customer; index tables follow the
	 * record itself (write_keys). */
	static const char *const moves[] = {
		"UPDATE contacts SET customer_id = ?1 WHERE customer_id = ?2",
		"UPDATE interactions SET customer_id = ?1 WHERE customer_id = ?2",
		"UPDATE tasks SET customer_id = ?1 WHERE customer_id = ?2",
		"UPDATE tickets SET customer_id = ?1 WHERE customer_id = ?2",
		"UPDATE ticket_events SET customer_id = ?1 WHERE customer_id = ?2",
	};
	sqlite3_stmt *st;
	int rc = 0;

	for (size_t i = 0; i < sizeof moves / sizeof *moves && rc == 0; i++) {
		if (!(st = db_stmt(db, moves[i])))
			return GX_EDB;
		sqlite3_bind_int64(st, 1, into);
		sqlite3_bind_int64(st, 2, from);
		rc = db_step_done(db, st);
	}
	return rc;
}

int store_customer_change_get(struct db *db, int64_t id, struct customer_change *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CHANGE_COLS "FROM customer_history WHERE id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, change_from_row, out);
}
