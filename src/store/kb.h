/* kb.h - storage of the knowledge base (SVC-5): categories, articles with
 * every version kept, the ticket categories each article applies to, and
 * the full-text index. Rules (who sees what, what is valid) live in
 * domain/kb.c.
 *
 * An article row is its current version; each save also appends the
 * same content to kb_article_versions and rewrites the article's index
 * rows (kb_fts as lib/bigram tokens, kb_article_ticket_categories) in the
 * caller's transaction, so the index never lags behind the text. */
#ifndef GX_STORE_KB_H
#define GX_STORE_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/accounts.h"
#include "store/dictionaries.h"

struct db;

#define KB_NAME_LEN 152   /* 50 characters of up to 3 bytes */
#define KB_TITLE_LEN 304  /* 100 characters */
#define KB_TAG_LEN 64     /* 20 characters */
#define KB_TAGS_MAX 20
#define KB_TCATS_MAX 10   /* ticket categories per article */
#define KB_STATUS_LEN 12

struct kb_category {
	int64_t id, parent_id; /* parent_id 0: top level */
	char name[KB_NAME_LEN];
	int64_t sort, updated_at, version;
	int64_t articles; /* articles directly in it, any status (lists only) */
};

/* An article, or one saved version of it. answer and body are malloc'd
 * and owned by the record (NULL when read without text); free them with
 * store_kb_article_clear. */
struct kb_article {
	int64_t id, category_id;
	char category_name[KB_NAME_LEN];
	char status[KB_STATUS_LEN];
	char title[KB_TITLE_LEN];
	char tags[KB_TAGS_MAX][KB_TAG_LEN];
	int ntags;
	char tcats[KB_TCATS_MAX][DICT_CODE_LEN];
	int ntcats;
	int64_t version;
	int64_t author_id; /* of this version; 0: the command line */
	char author_name[NAME_MAX_BYTES];
	int64_t created_at; /* of the article (0 for a version read alone) */
	int64_t updated_at; /* when this version was saved */
	char *answer, *body;
};

/* Frees answer and body and sets them to NULL. */
void store_kb_article_clear(struct kb_article *a);

/* ---- categories ---- */

/* Every category by sort then name, with its article count; out holds max. */
int store_kb_categories(struct db *db, struct kb_category *out, int max, int *n);
/* 0 or GX_ENOTFOUND. */
int store_kb_category_get(struct db *db, int64_t id, struct kb_category *out);
/* Sets c->id and c->version. GX_ECONFLICT if a sibling has the name. */
int store_kb_category_insert(struct db *db, struct kb_category *c);
/* Writes name, parent, sort and updated_at if the stored version is still
 * c->version, then bumps c->version. GX_EVERSION, GX_ENOTFOUND or
 * GX_ECONFLICT (sibling name). */
int store_kb_category_update(struct db *db, struct kb_category *c);
/* GX_EVERSION if stale, GX_ENOTFOUND if absent. */
int store_kb_category_delete(struct db *db, int64_t id, int64_t version);
/* Subcategories and articles (any status) directly under id. */
int store_kb_category_usage(struct db *db, int64_t id, int64_t *children, int64_t *articles);

/* ---- articles ---- */

/* The current version; with_text reads answer and body. 0 or GX_ENOTFOUND. */
int store_kb_article_get(struct db *db, int64_t id, bool with_text, struct kb_article *out);
/* A new article at version 1 with its first version row and index rows;
 * sets a->id and a->version. */
int store_kb_article_insert(struct db *db, struct kb_article *a);
/* Saves a as the next version if the stored one is still a->version, and
 * bumps a->version. GX_EVERSION if stale, GX_ENOTFOUND if absent. */
int store_kb_article_update(struct db *db, struct kb_article *a);
/* Removes the article with its versions and index rows if it is still at
 * version. GX_EVERSION / GX_ENOTFOUND. */
int store_kb_article_delete(struct db *db, int64_t id, int64_t version);

struct kb_list_query {
	int64_t category_id; /* 0: any; else it and its subcategories */
	const char *status;  /* NULL: any */
	int64_t after_id;    /* 0: from the newest */
	int limit;
};
/* Articles without text, newest first (by id), after the cursor. */
int store_kb_article_list(struct db *db, const struct kb_list_query *q,
			  struct kb_article *out, int *n);

/* Versions of an article without text, newest first; out holds max. */
int store_kb_versions(struct db *db, int64_t article_id, struct kb_article *out, int max,
		      int *n);
/* One version with text. 0 or GX_ENOTFOUND. */
int store_kb_version_get(struct db *db, int64_t article_id, int64_t version,
			 struct kb_article *out);

/* ---- search ---- */

struct kb_hit_id {
	int64_t id;
	double score; /* larger is better */
};

/* Articles whose index matches the FTS5 expression match (built from
 * lib/bigram tokens by store_kb_match_expr); status NULL: any, category as
 * in kb_list_query. KB_BY_RANK: best first by bm25 with the title weighted
 * over tags over body (scores are larger for better matches);
 * KB_BY_NEWEST: newest first with score 0, without scoring every match
 * (for one character, which most articles hold). out holds limit. */
enum kb_order { KB_BY_RANK, KB_BY_NEWEST };
int store_kb_search(struct db *db, const char *match, const char *status, int64_t category_id,
		    enum kb_order order, int limit, struct kb_hit_id *out, int *n);

/* The FTS5 expression of a parsed query into buf (cap bytes): every phrase
 * (AND) or, with any, every token on its own (OR, single characters left
 * out); title_only: in the title alone. Returns false when nothing
 * searchable is left or buf is too small. */
struct bigram_query;
bool store_kb_match_expr(const struct bigram_query *q, bool any, bool title_only, char *buf,
			 size_t cap);

/* The number of articles, any status. */
int store_kb_article_count(struct db *db, int64_t *n);

/* The number of articles whose index holds token (0 if none). */
int store_kb_term_docs(struct db *db, const char *token, int64_t *docs);

/* Published articles that apply to ticket category exact or parent (either
 * may be ""), those of exact first (score 2, parent 1), newest first
 * within; out holds limit. */
int store_kb_by_ticket_category(struct db *db, const char *exact, const char *parent,
				int limit, struct kb_hit_id *out, int *n);

#endif
