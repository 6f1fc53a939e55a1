#include "store/kb.h"
#include "store/db.h"
#include "lib/bigram.h"
#include "lib/err.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

/* A malloc'd copy of a text column ("" for NULL); NULL when out of memory. */
static char *col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return strdup(s ? (const char *)s : "");
}

void store_kb_article_clear(struct kb_article *a)
{
	free(a->answer);
	free(a->body);
	a->answer = a->body = NULL;
}

/* ---- categories ---- */

#define CAT_COLS "c.id, coalesce(c.parent_id, 0), c.name, c.sort, c.updated_at, c.version "

static void category_from_row(sqlite3_stmt *st, void *row)
{
	struct kb_category *c = row;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->parent_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, c->name, sizeof c->name);
	c->sort = sqlite3_column_int64(st, 3);
	c->updated_at = sqlite3_column_int64(st, 4);
	c->version = sqlite3_column_int64(st, 5);
}

static void fill_category(sqlite3_stmt *st, void *row)
{
	struct kb_category *c = row;

	category_from_row(st, c);
	c->articles = sqlite3_column_int64(st, 6);
}

int store_kb_categories(struct db *db, struct kb_category *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CAT_COLS ", (SELECT count(*) FROM kb_articles a"
				   " WHERE a.category_id = c.id) FROM kb_categories c"
				   " ORDER BY c.sort, c.name");

	*n = 0;
	return db_rows(st, fill_category, out, sizeof *out, max, n);
}

int store_kb_category_get(struct db *db, int64_t id, struct kb_category *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CAT_COLS "FROM kb_categories c WHERE c.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, category_from_row, out);
}

int store_kb_category_insert(struct db *db, struct kb_category *c)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO kb_categories (parent_id, name, sort,"
				   " updated_at) VALUES (:parent, :name, :sort, :at)");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_id(st, ":parent", c->parent_id);
	db_set_text(st, ":name", c->name);
	db_set_int(st, ":sort", c->sort);
	db_set_int(st, ":at", c->updated_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	c->id = db_last_id(db);
	c->version = 1;
	return 0;
}

#define CAT_EXISTS "SELECT 1 FROM kb_categories WHERE id = ?"
#define ARTICLE_EXISTS "SELECT 1 FROM kb_articles WHERE id = ?"

int store_kb_category_update(struct db *db, struct kb_category *c)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE kb_categories SET parent_id = :parent,"
				   " name = :name, sort = :sort, updated_at = :at,"
				   " version = version + 1 WHERE id = :id AND version = :version");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_id(st, ":parent", c->parent_id);
	db_set_text(st, ":name", c->name);
	db_set_int(st, ":sort", c->sort);
	db_set_int(st, ":at", c->updated_at);
	db_set_int(st, ":id", c->id);
	db_set_int(st, ":version", c->version);
	if ((rc = db_step_versioned(db, st, CAT_EXISTS, c->id)) != 0)
		return rc;
	c->version++;
	return 0;
}

int store_kb_category_delete(struct db *db, int64_t id, int64_t version)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM kb_categories WHERE id = ? AND version = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	return db_step_versioned(db, st, CAT_EXISTS, id);
}

int store_kb_category_usage(struct db *db, int64_t id, int64_t *children, int64_t *articles)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT (SELECT count(*) FROM kb_categories"
				   " WHERE parent_id = :id), (SELECT count(*) FROM kb_articles"
				   " WHERE category_id = :id)");
	int rc;

	*children = *articles = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*children = sqlite3_column_int64(st, 0);
		*articles = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

/* ---- articles ---- */

#define ART_COLS                                                              \
	"a.id, a.category_id, coalesce(c.name, ''), a.status, a.title, a.tags,"  \
	" a.ticket_categories, a.version, coalesce(a.author_id, 0),"             \
	" coalesce(u.display_name, ''), a.created_at, a.updated_at "
#define ART_FROM                                                              \
	" FROM kb_articles a LEFT JOIN kb_categories c ON c.id = a.category_id"  \
	" LEFT JOIN users u ON u.id = a.author_id "
/* The same columns of a saved version (no created_at there). */
#define VER_COLS                                                              \
	"v.article_id, v.category_id, coalesce(c.name, ''), v.status, v.title,"  \
	" v.tags, v.ticket_categories, v.version, coalesce(v.author_id, 0),"     \
	" coalesce(u.display_name, ''), 0, v.saved_at "
#define VER_FROM                                                              \
	" FROM kb_article_versions v"                                            \
	" LEFT JOIN kb_categories c ON c.id = v.category_id"                     \
	" LEFT JOIN users u ON u.id = v.author_id "
#define ART_NCOLS 12

static void article_from_row(sqlite3_stmt *st, void *row)
{
	struct kb_article *a = row;
	int col = 0;

	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, col++);
	a->category_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, a->category_name, sizeof a->category_name);
	db_col_text(st, col++, a->status, sizeof a->status);
	db_col_text(st, col++, a->title, sizeof a->title);
	db_list_read((const char *)sqlite3_column_text(st, col++), a->tags[0], KB_TAG_LEN,
		  KB_TAGS_MAX, &a->ntags);
	db_list_read((const char *)sqlite3_column_text(st, col++), a->tcats[0], DICT_CODE_LEN,
		  KB_TCATS_MAX, &a->ntcats);
	a->version = sqlite3_column_int64(st, col++);
	a->author_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, a->author_name, sizeof a->author_name);
	a->created_at = sqlite3_column_int64(st, col++);
	a->updated_at = sqlite3_column_int64(st, col++);
}


/* One row of a query with the article columns and, with_text, answer and
 * body after them. */
static int fetch_article(sqlite3_stmt *st, bool with_text, struct kb_article *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		article_from_row(st, out);
		if (with_text) {
			out->answer = col_dup(st, ART_NCOLS);
			out->body = col_dup(st, ART_NCOLS + 1);
		}
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return GX_ENOTFOUND;
	if (rc != SQLITE_ROW)
		return GX_EDB;
	if (with_text && (!out->answer || !out->body)) {
		store_kb_article_clear(out);
		return GX_ENOMEM;
	}
	return 0;
}

int store_kb_article_get(struct db *db, int64_t id, bool with_text, struct kb_article *out)
{
	sqlite3_stmt *st = db_stmt(db, with_text
		? "SELECT " ART_COLS ", a.answer, a.body" ART_FROM "WHERE a.id = ?"
		: "SELECT " ART_COLS ART_FROM "WHERE a.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return fetch_article(st, with_text, out);
}

/* The article's tags and ticket categories as JSON text (malloc'd). */
struct lists {
	char *tags, *tcats;
};

static int lists_make(const struct kb_article *a, struct lists *l)
{
	l->tags = db_list_json(a->tags[0], KB_TAG_LEN, a->ntags);
	l->tcats = db_list_json(a->tcats[0], DICT_CODE_LEN, a->ntcats);
	return l->tags && l->tcats ? 0 : GX_ENOMEM;
}

static void lists_free(struct lists *l)
{
	free(l->tags);
	free(l->tcats);
}

static int version_insert(struct db *db, const struct kb_article *a, const struct lists *l)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO kb_article_versions (article_id, version,"
		" status, category_id, author_id, saved_at, title, tags, ticket_categories,"
		" answer, body) VALUES (:id, :version, :status, :category, :author, :at,"
		" :title, :tags, :tcats, :answer, :body)");

	if (!st)
		return GX_EDB;
	db_set_int(st, ":id", a->id);
	db_set_int(st, ":version", a->version);
	db_set_text(st, ":status", a->status);
	db_set_int(st, ":category", a->category_id);
	db_set_id(st, ":author", a->author_id);
	db_set_int(st, ":at", a->updated_at);
	db_set_text(st, ":title", a->title);
	db_set_text(st, ":tags", l->tags);
	db_set_text(st, ":tcats", l->tcats);
	db_set_text(st, ":answer", a->answer ? a->answer : "");
	db_set_text(st, ":body", a->body ? a->body : "");
	return db_step_done(db, st);
}

static int index_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_stmt(db, "DELETE FROM kb_fts WHERE rowid = ?")))
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	if (!(st = db_stmt(db, "DELETE FROM kb_article_ticket_categories WHERE article_id = ?")))
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_step_done(db, st);
}

/* The text of the tags column: each tag its own run. */
static char *tags_text(const struct kb_article *a)
{
	size_t cap = 1;
	char *s;

	for (int i = 0; i < a->ntags; i++)
		cap += strlen(a->tags[i]) + 1;
	if (!(s = malloc(cap)))
		return NULL;
	s[0] = '\0';
	for (int i = 0, n = 0; i < a->ntags; i++)
		n += snprintf(s + n, cap - (size_t)n, "%s%s", i ? " " : "", a->tags[i]);
	return s;
}

/* The body column: body and answer, a line apart. */
static char *body_text(const struct kb_article *a)
{
	const char *body = a->body ? a->body : "", *answer = a->answer ? a->answer : "";
	size_t cap = strlen(body) + strlen(answer) + 2;
	char *s = malloc(cap);

	if (s)
		snprintf(s, cap, "%s\n%s", body, answer);
	return s;
}

static int index_insert(struct db *db, const struct kb_article *a)
{
	char *raw_body = body_text(a), *raw_tags = tags_text(a);
	char *title = bigram_index_text(a->title);
	char *body = raw_body ? bigram_index_text(raw_body) : NULL;
	char *tags = raw_tags ? bigram_index_text(raw_tags) : NULL;
	sqlite3_stmt *st;
	int rc = GX_ENOMEM;

	if (!title || !body || !tags)
		goto out;
	rc = GX_EDB;
	if (!(st = db_stmt(db, "INSERT INTO kb_fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)")))
		goto out;
	sqlite3_bind_int64(st, 1, a->id);
	db_bind_text(st, 2, title);
	db_bind_text(st, 3, body);
	db_bind_text(st, 4, tags);
	if ((rc = db_step_done(db, st)) != 0)
		goto out;
	if (!(st = db_stmt(db, "INSERT OR IGNORE INTO kb_article_ticket_categories (code,"
			   " article_id) VALUES (?, ?)"))) {
		rc = GX_EDB;
		goto out;
	}
	for (int i = 0; i < a->ntcats && rc == 0; i++) {
		db_bind_text(st, 1, a->tcats[i]);
		sqlite3_bind_int64(st, 2, a->id);
		rc = db_step_done(db, st);
	}
out:
	free(raw_body);
	free(raw_tags);
	free(title);
	free(body);
	free(tags);
	return rc;
}

int store_kb_article_insert(struct db *db, struct kb_article *a)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO kb_articles (status, category_id, version,"
		" author_id, created_by, created_at, updated_at, title, tags, ticket_categories,"
		" answer, body) VALUES (:status, :category, 1, :author, :author, :created,"
		" :at, :title, :tags, :tcats, :answer, :body)");
	struct lists l = {0};
	int rc;

	if (!st)
		return GX_EDB;
	if ((rc = lists_make(a, &l)) != 0)
		goto out;
	db_set_text(st, ":status", a->status);
	db_set_int(st, ":category", a->category_id);
	db_set_id(st, ":author", a->author_id);
	db_set_int(st, ":created", a->created_at);
	db_set_int(st, ":at", a->updated_at);
	db_set_text(st, ":title", a->title);
	db_set_text(st, ":tags", l.tags);
	db_set_text(st, ":tcats", l.tcats);
	db_set_text(st, ":answer", a->answer ? a->answer : "");
	db_set_text(st, ":body", a->body ? a->body : "");
	if ((rc = db_step_done(db, st)) != 0)
		goto out;
	a->id = db_last_id(db);
	a->version = 1;
	if ((rc = version_insert(db, a, &l)) == 0)
		rc = index_insert(db, a);
out:
	lists_free(&l);
	return rc;
}

int store_kb_article_update(struct db *db, struct kb_article *a)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE kb_articles SET status = :status,"
		" category_id = :category, version = version + 1, author_id = :author,"
		" updated_at = :at, title = :title, tags = :tags, ticket_categories = :tcats,"
		" answer = :answer, body = :body WHERE id = :id AND version = :version");
	struct lists l = {0};
	int rc;

	if (!st)
		return GX_EDB;
	if ((rc = lists_make(a, &l)) != 0)
		goto out;
	db_set_text(st, ":status", a->status);
	db_set_int(st, ":category", a->category_id);
	db_set_id(st, ":author", a->author_id);
	db_set_int(st, ":at", a->updated_at);
	db_set_text(st, ":title", a->title);
	db_set_text(st, ":tags", l.tags);
	db_set_text(st, ":tcats", l.tcats);
	db_set_text(st, ":answer", a->answer ? a->answer : "");
	db_set_text(st, ":body", a->body ? a->body : "");
	db_set_int(st, ":id", a->id);
	db_set_int(st, ":version", a->version);
	if ((rc = db_step_versioned(db, st, ARTICLE_EXISTS, a->id)) != 0)
		goto out;
	a->version++;
	if ((rc = version_insert(db, a, &l)) == 0 && (rc = index_delete(db, a->id)) == 0)
		rc = index_insert(db, a);
out:
	lists_free(&l);
	return rc;
}

int store_kb_article_delete(struct db *db, int64_t id, int64_t version)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = index_delete(db, id)) != 0)
		return rc;
	/* Versions go with the article (ON DELETE CASCADE). */
	if (!(st = db_stmt(db, "DELETE FROM kb_articles WHERE id = ? AND version = ?")))
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	return db_step_versioned(db, st, ARTICLE_EXISTS, id);
}

/* A category and everything under it, as the CTE "sub"; :cat 0 leaves the
 * filter off. */
#define SUBTREE_CTE                                                           \
	"WITH RECURSIVE sub(id) AS (SELECT :cat UNION ALL SELECT k.id"           \
	" FROM kb_categories k JOIN sub ON k.parent_id = sub.id) "
#define SUBTREE_FILTER " AND (:cat = 0 OR a.category_id IN sub)"

int store_kb_article_list(struct db *db, const struct kb_list_query *q,
			  struct kb_article *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, SUBTREE_CTE "SELECT " ART_COLS ART_FROM
		"WHERE (:status IS NULL OR a.status = :status)" SUBTREE_FILTER
		" AND (:after = 0 OR a.id < :after) ORDER BY a.id DESC LIMIT :limit");

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":cat", q->category_id);
	db_set_text(st, ":status", q->status);
	db_set_int(st, ":after", q->after_id);
	db_set_int(st, ":limit", q->limit);
	return db_rows(st, article_from_row, out, sizeof *out, q->limit, n);
}

int store_kb_versions(struct db *db, int64_t article_id, struct kb_article *out, int max,
		      int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " VER_COLS VER_FROM "WHERE v.article_id = ?"
				   " ORDER BY v.version DESC");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, article_id);
	return db_rows(st, article_from_row, out, sizeof *out, max, n);
}

int store_kb_version_get(struct db *db, int64_t article_id, int64_t version,
			 struct kb_article *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " VER_COLS ", v.answer, v.body" VER_FROM
				   "WHERE v.article_id = ? AND v.version = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, article_id);
	sqlite3_bind_int64(st, 2, version);
	return fetch_article(st, true, out);
}

/* ---- search ---- */

static void fill_hit(sqlite3_stmt *st, void *row)
{
	struct kb_hit_id *h = row;

	h->id = sqlite3_column_int64(st, 0);
	h->score = sqlite3_column_double(st, 1);
}

#define SEARCH_FROM                                                           \
	" FROM kb_fts JOIN kb_articles a INDEXED BY kb_articles_filter"          \
	" ON a.id = kb_fts.rowid WHERE kb_fts MATCH :match"                      \
	" AND (:status IS NULL OR a.status = :status)" SUBTREE_FILTER

int store_kb_search(struct db *db, const char *match, const char *status, int64_t category_id,
		    enum kb_order order, int limit, struct kb_hit_id *out, int *n)
{
	/* bm25 is lower for better matches; the weights are per column
	 * (title, body, tags). Only ids and scores here: the caller reads
	 * the text of the few it shows. Status and category come from the
	 * covering index, so a common word's thousands of hits read no
	 * article rows. */
	sqlite3_stmt *st = db_stmt(db, order == KB_BY_RANK
		? SUBTREE_CTE "SELECT kb_fts.rowid, -bm25(kb_fts, 8.0, 1.0, 4.0) AS score"
		  SEARCH_FROM " ORDER BY score DESC, a.id DESC LIMIT :limit"
		: SUBTREE_CTE "SELECT kb_fts.rowid, 0.0" SEARCH_FROM
		  " ORDER BY kb_fts.rowid DESC LIMIT :limit");

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":cat", category_id);
	db_set_text(st, ":match", match);
	db_set_text(st, ":status", status);
	db_set_int(st, ":limit", limit);
	return db_rows(st, fill_hit, out, sizeof *out, limit, n);
}

/* Appends s to buf at *len; false when it does not fit. */
static bool append(char *buf, size_t cap, size_t *len, const char *s)
{
	int w = snprintf(buf + *len, cap - *len, "%s", s);

	if (w < 0 || (size_t)w >= cap - *len)
		return false;
	*len += (size_t)w;
	return true;
}

/* Tokens hold only letters, digits and CJK (lib/bigram), never a quote,
 * so they go into FTS5 strings as they are. */
static bool append_phrase(const struct bigram_query *q, int p, char *buf, size_t cap,
			  size_t *len)
{
	int first = q->phrase[p].first, n = q->phrase[p].n;
	bool ok = append(buf, cap, len, "\"");

	for (int k = 0; k < n && ok; k++)
		ok = (!k || append(buf, cap, len, " ")) &&
		     append(buf, cap, len, q->tok[first + k].text);
	ok = ok && append(buf, cap, len, "\"");
	/* A single character is found as the start of any token. */
	if (ok && n == 1 && q->tok[first].single)
		ok = append(buf, cap, len, " *");
	return ok;
}

static bool seen_before(const struct bigram_query *q, int i)
{
	for (int k = 0; k < i; k++)
		if (!strcmp(q->tok[k].text, q->tok[i].text))
			return true;
	return false;
}

/* A column filter over the expression that follows, closed by ")". */
#define TITLE_ONLY "title : ("

bool store_kb_match_expr(const struct bigram_query *q, bool any, bool title_only, char *buf,
			 size_t cap)
{
	size_t start = title_only ? strlen(TITLE_ONLY) : 0, len = 0;
	bool ok = !title_only || append(buf, cap, &len, TITLE_ONLY);

	buf[len] = '\0';
	for (int p = 0; !any && p < q->nphrase && ok; p++)
		ok = (!p || append(buf, cap, &len, " AND ")) && append_phrase(q, p, buf, cap, &len);
	for (int i = 0; any && i < q->ntok && ok; i++) {
		if (q->tok[i].single || seen_before(q, i))
			continue;
		ok = (len > start ? append(buf, cap, &len, " OR ") : true) &&
		     append(buf, cap, &len, "\"") && append(buf, cap, &len, q->tok[i].text) &&
		     append(buf, cap, &len, "\"");
	}
	if (len == start)
		return false;
	return ok && (!title_only || append(buf, cap, &len, ")"));
}

int store_kb_article_count(struct db *db, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM kb_articles");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_kb_term_docs(struct db *db, const char *token, int64_t *docs)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT doc FROM kb_fts_vocab WHERE term = ?");
	int rc;

	*docs = 0;
	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, token);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*docs = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : GX_EDB;
}

int store_kb_by_ticket_category(struct db *db, const char *exact, const char *parent,
				int limit, struct kb_hit_id *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT t.article_id, max(CASE WHEN t.code = :exact"
		" THEN 2.0 ELSE 1.0 END) AS score FROM kb_article_ticket_categories t"
		" JOIN kb_articles a ON a.id = t.article_id AND a.status = 'published'"
		" WHERE t.code IN (:exact, :parent) GROUP BY t.article_id"
		" ORDER BY score DESC, max(a.updated_at) DESC LIMIT :limit");

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_text(st, ":exact", exact);
	db_set_text(st, ":parent", parent);
	db_set_int(st, ":limit", limit);
	return db_rows(st, fill_hit, out, sizeof *out, limit, n);
}
