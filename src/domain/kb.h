/* kb.h - the knowledge base (SVC-5): articles in a category tree, with
 * every edit kept as a version, Chinese full-text search and suggestions
 * for an open work order.
 *
 * Who sees what: kb.read (every staff role) reads the current version of
 * published articles, searches and gets suggestions; an article that is
 * a draft or archived is GX_ENOTFOUND to them. kb.edit (administrators
 * and supervisors) also sees drafts and archived articles, creates,
 * changes and deletes articles and categories, and lists and reads the
 * earlier versions. Every save of an article is a new version (the
 * version number is also the one a change must be based on: a stale one
 * is GX_EVERSION). Changes are audited.
 *
 * Records returned with text own it: release them with
 * store_kb_article_clear (store/kb.h). */
#ifndef GX_DOMAIN_KB_H
#define GX_DOMAIN_KB_H

#include <jansson.h>

#include "domain/perm.h"
#include "lib/bigram.h"
#include "lib/err.h"
#include "store/kb.h"

#define KB_CATEGORIES_MAX 500
#define KB_VERSIONS_MAX 200   /* versions listed, newest first */
#define KB_SEARCH_MAX 50      /* results of one search */
#define KB_SUGGEST_MAX 20
#define KB_SNIPPET_LEN 512    /* 120 characters and two ellipses */
#define KB_MARKS_MAX 16

/* ---- categories ---- */

/* Every category (kb.read), by sort then name; out holds KB_CATEGORIES_MAX. */
int kb_categories(const struct principal *who, struct kb_category *out, int *n);

/* Fields of a category; only the has_* ones apply on update (name is
 * required on create). name is borrowed. parent_id 0: top level. */
struct kb_category_input {
	const char *name;
	int64_t parent_id, sort;
	bool has_name, has_parent, has_sort;
};

/* v may arrive holding the caller's errors; nothing is written unless it
 * ends empty. A sibling with the same name is a field error on name
 * (GX_EINVAL). */
int kb_category_create(const struct principal *who, const struct kb_category_input *in,
		       struct kb_category *out, struct verr *v);
int kb_category_update(const struct principal *who, int64_t id, int64_t version,
		       const struct kb_category_input *in, struct kb_category *out,
		       struct verr *v);
/* GX_ECONFLICT while it has subcategories or articles. */
int kb_category_delete(const struct principal *who, int64_t id, int64_t version);

/* ---- articles ---- */

/* fields: the JSON object of docs/API.md (title, body, answer,
 * category_id, tags, ticket_categories, status), borrowed; the API has
 * checked the JSON types. On create title, body and category_id are
 * required and status defaults to draft. out gets the saved version with
 * text. */
int kb_article_create(const struct principal *who, json_t *fields, struct kb_article *out,
		      struct verr *v);
/* Saves the next version from the current one (at version) with fields
 * applied over it. */
int kb_article_update(const struct principal *who, int64_t id, int64_t version,
		      json_t *fields, struct kb_article *out, struct verr *v);
int kb_article_delete(const struct principal *who, int64_t id, int64_t version);
/* The current version with text. */
int kb_article_get(const struct principal *who, int64_t id, struct kb_article *out);

/* status: NULL for what the reader may see (published for kb.read, any
 * for kb.edit) or one status (kb.edit only for other than published).
 * category_id 0: any, else it and its subcategories. GX_EPERM when a
 * reader without kb.edit asks for another status. */
struct kb_list {
	const char *status;
	int64_t category_id, after_id;
	int limit;
};
/* Articles without text, newest first; out holds s->limit. */
int kb_article_list(const struct principal *who, const struct kb_list *s,
		    struct kb_article *out, int *n, struct verr *v);

/* kb.edit: the versions without text, newest first (KB_VERSIONS_MAX), and
 * one version with text. */
int kb_versions(const struct principal *who, int64_t id, struct kb_article *out, int *n);
int kb_version_get(const struct principal *who, int64_t id, int64_t version,
		   struct kb_article *out);

/* ---- search and suggestions ---- */

/* One article found: without text, with a snippet of its body around the
 * first match and where the query matched in the snippet and the title
 * (byte ranges, for the API to mark after escaping). */
struct kb_result {
	struct kb_article a;
	double score;
	char snippet[KB_SNIPPET_LEN];
	struct bigram_range snippet_marks[KB_MARKS_MAX], title_marks[KB_MARKS_MAX];
	int nsnippet_marks, ntitle_marks;
};

/* q: the words searched (every one must occur; two CJK characters or more
 * are found inside longer words). status and category_id as for
 * kb_article_list. limit at most KB_SEARCH_MAX. Best first. */
struct kb_search {
	const char *q, *status;
	int64_t category_id;
	int limit;
};
int kb_search(const struct principal *who, const struct kb_search *s, struct kb_result *out,
	      int *n, struct verr *v);

/* Published articles for an open work order, best first: those that apply
 * to its ticket category (code of dictionary kind ticket_category) or to
 * that category's parent, and those whose text shares words with text
 * (the order's title and description). Either may be NULL, not both.
 * limit at most KB_SUGGEST_MAX. */
int kb_suggest(const struct principal *who, const char *category, const char *text,
	       int limit, struct kb_result *out, int *n, struct verr *v);

#endif
