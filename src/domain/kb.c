#include "domain/kb.h"
#include "domain/audit.h"
#include "lib/strset.h"
#include "lib/clock.h"
#include "lib/utf8.h"
#include "store/db.h"
#include "store/dictionaries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_CHARS 50
#define TITLE_MAX_CHARS 100
#define BODY_MAX_CHARS 50000
#define ANSWER_MAX_CHARS 2000
#define TAG_MAX_CHARS 20
#define QUERY_MAX_CHARS 100
#define SUGGEST_TEXT_MAX_CHARS 4000
#define SORT_MAX 1000000
#define TREE_DEPTH_MAX 16     /* a longer parent chain is a cycle */
#define SNIPPET_CHARS 120
#define SNIPPET_LEAD 20       /* characters shown before the first match */
#define SUGGEST_POOL 30       /* candidates of each kind a suggestion weighs */
#define SUGGEST_COMMON_MIN 100 /* articles a word may be in and still be searched for */
#define MATCH_MAX 2048        /* bytes of an FTS5 expression */
#define TICKET_CATEGORY "ticket_category"

static const char *const statuses[] = {"draft", "published", "archived", NULL};

/* A one-line text of 1..max characters that is not only spaces. */
static bool line_ok(const char *s, size_t max)
{
	return s && utf8_text_ok(s, false) && !utf8_blank(s) && utf8_len(s) <= max;
}

static int audit(struct db *db, const struct principal *who, const char *action,
		 const char *kind, int64_t id, json_t *detail)
{
	char target[48];
	int rc;

	snprintf(target, sizeof target, "%s:%lld", kind, (long long)id);
	rc = audit_append(db, who, NULL, action, target, detail);
	json_decref(detail);
	return rc;
}

/* ---- categories ---- */

int kb_categories(const struct principal *who, struct kb_category *out, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_KB_READ, &rc)))
		return rc;
	return store_kb_categories(db, out, KB_CATEGORIES_MAX, n);
}

/* A parent must exist and be neither the category nor one of its
 * descendants (id 0: a new category). */
static int check_parent(struct db *db, int64_t id, int64_t parent, struct verr *v)
{
	struct kb_category p;
	int rc;

	for (int depth = 0; parent; depth++) {
		if (parent == id || depth >= TREE_DEPTH_MAX)
			return verr_add(v, "parent_id", "不能把分类移到它自己或它的下级之下");
		if ((rc = store_kb_category_get(db, parent, &p)) == GX_ENOTFOUND)
			return verr_add(v, "parent_id", "上级分类不存在");
		if (rc != 0)
			return rc;
		parent = p.parent_id;
	}
	return 0;
}

static int apply_category(struct db *db, const struct kb_category_input *in,
			  struct kb_category *c, struct verr *v)
{
	int rc;

	if (in->has_name && !line_ok(in->name, NAME_MAX_CHARS))
		verr_add(v, "name", "应为 1–%d 个字符，不能只有空格或含控制字符", NAME_MAX_CHARS);
	else if (in->has_name)
		snprintf(c->name, sizeof c->name, "%s", in->name);
	if (in->has_sort && (in->sort < 0 || in->sort > SORT_MAX))
		verr_add(v, "sort", "应为 0 到 %d 的整数", SORT_MAX);
	else if (in->has_sort)
		c->sort = in->sort;
	if (in->has_parent) {
		c->parent_id = in->parent_id;
		if ((rc = check_parent(db, c->id, c->parent_id, v)) == GX_EDB)
			return rc;
	}
	return v->n ? GX_EINVAL : 0;
}

static int save_category(struct db *db, const struct principal *who, const char *action,
			 struct kb_category *c, int (*write)(struct db *, struct kb_category *),
			 struct verr *v)
{
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = write(db, c)) != 0 ||
	    (rc = audit(db, who, action, "kb_category", c->id,
			json_pack("{s:s,s:I}", "name", c->name, "parent_id",
				  (json_int_t)c->parent_id))) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
	/* The unique index found a sibling of that name: the input's fault. */
	if (rc == GX_ECONFLICT)
		return verr_add(v, "name", "同一级已有“%s”", c->name);
	return rc;
}

int kb_category_create(const struct principal *who, const struct kb_category_input *in,
		       struct kb_category *out, struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_KB_EDIT, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	if (!in->has_name)
		verr_add(v, "name", "必填");
	if ((rc = apply_category(db, in, out, v)) != 0)
		return rc;
	out->updated_at = clock_now_ms();
	return save_category(db, who, "kb.category.create", out, store_kb_category_insert, v);
}

int kb_category_update(const struct principal *who, int64_t id, int64_t version,
		       const struct kb_category_input *in, struct kb_category *out,
		       struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_KB_EDIT, &rc)) ||
	    (rc = store_kb_category_get(db, id, out)) != 0)
		return rc;
	if ((rc = apply_category(db, in, out, v)) != 0)
		return rc;
	out->version = version;
	out->updated_at = clock_now_ms();
	return save_category(db, who, "kb.category.update", out, store_kb_category_update, v);
}

int kb_category_delete(const struct principal *who, int64_t id, int64_t version)
{
	struct kb_category c;
	int64_t children, articles;
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_KB_EDIT, &rc)) ||
	    (rc = store_kb_category_get(db, id, &c)) != 0 || (rc = db_begin(db, true)) != 0)
		return rc;
	/* Inside the transaction, so nothing can move in between. */
	if ((rc = store_kb_category_usage(db, id, &children, &articles)) == 0 &&
	    (children || articles))
		rc = GX_ECONFLICT;
	if (rc != 0 || (rc = store_kb_category_delete(db, id, version)) != 0 ||
	    (rc = audit(db, who, "kb.category.delete", "kb_category", id,
			json_pack("{s:s}", "name", c.name))) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
	return rc;
}

/* ---- articles ---- */

static void apply_line(json_t *val, const char *field, size_t max, char *dst, size_t cap,
		       struct verr *v)
{
	const char *s = json_string_value(val);

	if (!s)
		verr_add(v, field, "应为字符串");
	else if (!utf8_text_ok(s, false))
		verr_add(v, field, "不能包含换行或控制字符");
	else if (utf8_blank(s))
		verr_add(v, field, "不能为空");
	else if (utf8_len(s) > max)
		verr_add(v, field, "不能超过 %zu 个字符", max);
	else
		snprintf(dst, cap, "%s", s);
}

/* A multi-line text into *dst (malloc'd, replacing what was there). */
static void apply_text(json_t *val, const char *field, size_t max, bool required,
		       char **dst, struct verr *v)
{
	const char *s = json_string_value(val);
	char *copy;

	if (!s)
		verr_add(v, field, "应为字符串");
	else if (!utf8_text_ok(s, true))
		verr_add(v, field, "不能包含控制字符");
	else if (required && utf8_blank(s))
		verr_add(v, field, "不能为空");
	else if (utf8_len(s) > max)
		verr_add(v, field, "不能超过 %zu 个字符", max);
	else if (!(copy = strdup(s)))
		verr_add(v, field, "内容过大，暂时无法保存");
	else {
		free(*dst);
		*dst = copy;
	}
}

static bool seen(const char *items, size_t item_len, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(items + (size_t)i * item_len, s))
			return true;
	return false;
}

static void apply_tags(json_t *val, struct kb_article *a, struct verr *v)
{
	json_t *item;
	size_t i;

	if (!json_is_array(val) || json_array_size(val) > KB_TAGS_MAX) {
		verr_add(v, "tags", "应为最多 %d 个标签", KB_TAGS_MAX);
		return;
	}
	a->ntags = 0;
	json_array_foreach(val, i, item) {
		const char *s = json_string_value(item);
		if (!line_ok(s, TAG_MAX_CHARS)) {
			verr_add(v, "tags", "每个标签应为 1–%d 个字符，不能只有空格", TAG_MAX_CHARS);
			return;
		}
		if (seen(a->tags[0], KB_TAG_LEN, a->ntags, s)) {
			verr_add(v, "tags", "标签“%s”重复", s);
			return;
		}
		snprintf(a->tags[a->ntags++], KB_TAG_LEN, "%s", s);
	}
}

static int apply_tcats(struct db *db, json_t *val, struct kb_article *a, struct verr *v)
{
	struct dict_item d;
	json_t *item;
	size_t i;
	int rc;

	if (!json_is_array(val) || json_array_size(val) > KB_TCATS_MAX)
		return verr_add(v, "ticket_categories", "应为最多 %d 个工单分类编码", KB_TCATS_MAX);
	a->ntcats = 0;
	json_array_foreach(val, i, item) {
		const char *code = json_string_value(item);
		if (!code || strlen(code) >= DICT_CODE_LEN)
			return verr_add(v, "ticket_categories", "工单分类不存在");
		if ((rc = store_dict_get(db, TICKET_CATEGORY, code, &d)) == GX_ENOTFOUND)
			return verr_add(v, "ticket_categories", "工单分类 %s 不存在", code);
		if (rc != 0)
			return rc;
		if (!seen(a->tcats[0], DICT_CODE_LEN, a->ntcats, code))
			snprintf(a->tcats[a->ntcats++], DICT_CODE_LEN, "%s", code);
	}
	return 0;
}

static int apply_category_id(struct db *db, json_t *val, struct kb_article *a, struct verr *v)
{
	struct kb_category c;
	int rc = json_integer_value(val) > 0
		? store_kb_category_get(db, json_integer_value(val), &c) : GX_ENOTFOUND;

	if (rc == GX_ENOTFOUND)
		return verr_add(v, "category_id", "分类不存在");
	if (rc == 0) {
		a->category_id = c.id;
		snprintf(a->category_name, sizeof a->category_name, "%s", c.name);
	}
	return rc;
}

/* Applies the fields present in the object onto a. */
static int apply_fields(struct db *db, json_t *fields, struct kb_article *a, struct verr *v)
{
	json_t *val;
	int rc = 0;

	if ((val = json_object_get(fields, "title")))
		apply_line(val, "title", TITLE_MAX_CHARS, a->title, sizeof a->title, v);
	if ((val = json_object_get(fields, "body")))
		apply_text(val, "body", BODY_MAX_CHARS, true, &a->body, v);
	if ((val = json_object_get(fields, "answer")))
		apply_text(val, "answer", ANSWER_MAX_CHARS, false, &a->answer, v);
	if ((val = json_object_get(fields, "status"))) {
		if (!strset_has(statuses, json_string_value(val)))
			verr_add(v, "status", "应为 draft（草稿）、published（已发布）或 archived（已归档）");
		else
			snprintf(a->status, sizeof a->status, "%s", json_string_value(val));
	}
	if ((val = json_object_get(fields, "tags")))
		apply_tags(val, a, v);
	if ((val = json_object_get(fields, "category_id")) &&
	    (rc = apply_category_id(db, val, a, v)) == GX_EDB)
		return rc;
	if ((val = json_object_get(fields, "ticket_categories")) &&
	    (rc = apply_tcats(db, val, a, v)) == GX_EDB)
		return rc;
	return v->n ? GX_EINVAL : 0;
}

static json_t *article_detail(const struct kb_article *a)
{
	return json_pack("{s:s,s:I,s:s}", "title", a->title, "version", (json_int_t)a->version,
			 "status", a->status);
}

/* Writes a with its audit row, then reads the saved version back into a. */
static int save_article(struct db *db, const struct principal *who, const char *action,
			struct kb_article *a, int (*write)(struct db *, struct kb_article *))
{
	int rc;

	a->author_id = who->user_id;
	a->updated_at = clock_now_ms();
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = write(db, a)) != 0 ||
	    (rc = audit(db, who, action, "kb_article", a->id, article_detail(a))) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	int64_t id = a->id;
	store_kb_article_clear(a);
	return store_kb_article_get(db, id, true, a);
}

int kb_article_create(const struct principal *who, json_t *fields, struct kb_article *out,
		      struct verr *v)
{
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(db = principal_db(who, PERM_KB_EDIT, &rc)))
		return rc;
	snprintf(out->status, sizeof out->status, "draft");
	for (const char *const *f = (const char *const[]){"title", "body", "category_id", NULL};
	     *f; f++)
		if (!json_object_get(fields, *f))
			verr_add(v, *f, "必填");
	if ((rc = apply_fields(db, fields, out, v)) == 0 && v->n)
		rc = GX_EINVAL;
	if (rc == 0) {
		out->created_at = clock_now_ms();
		rc = save_article(db, who, "kb.article.create", out, store_kb_article_insert);
	}
	if (rc != 0)
		store_kb_article_clear(out);
	return rc;
}

int kb_article_update(const struct principal *who, int64_t id, int64_t version,
		      json_t *fields, struct kb_article *out, struct verr *v)
{
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(db = principal_db(who, PERM_KB_EDIT, &rc)) ||
	    (rc = store_kb_article_get(db, id, true, out)) != 0)
		return rc;
	if ((rc = apply_fields(db, fields, out, v)) == 0) {
		out->version = version;
		rc = save_article(db, who, "kb.article.update", out, store_kb_article_update);
	}
	if (rc != 0)
		store_kb_article_clear(out);
	return rc;
}

int kb_article_delete(const struct principal *who, int64_t id, int64_t version)
{
	struct kb_article *a = calloc(1, sizeof *a);
	struct db *db;
	int rc;

	if (!a)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_KB_EDIT, &rc)) ||
	    (rc = store_kb_article_get(db, id, false, a)) != 0 || (rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_kb_article_delete(db, id, version)) != 0 ||
	    (rc = audit(db, who, "kb.article.delete", "kb_article", id, article_detail(a))) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
out:
	free(a);
	return rc;
}

/* Readers who cannot edit see published articles only. */
static bool visible(const struct principal *who, const struct kb_article *a)
{
	return principal_can(who, PERM_KB_EDIT) || !strcmp(a->status, "published");
}

int kb_article_get(const struct principal *who, int64_t id, struct kb_article *out)
{
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(db = principal_db(who, PERM_KB_READ, &rc)) ||
	    (rc = store_kb_article_get(db, id, true, out)) != 0)
		return rc;
	if (!visible(who, out)) {
		store_kb_article_clear(out);
		return GX_ENOTFOUND;
	}
	return 0;
}

/* The status filter a reader asked for, or the one their permission
 * allows; NULL: any. */
static int status_filter(const struct principal *who, const char *status, const char **out,
			 struct verr *v)
{
	bool edit = principal_can(who, PERM_KB_EDIT);

	*out = edit ? NULL : "published";
	if (!status || !strcmp(status, "all") || !*status)
		return status && !strcmp(status, "all") && !edit ? GX_EPERM : 0;
	if (!strset_has(statuses, status))
		return verr_add(v, "status", "应为 draft、published、archived 或 all");
	if (!edit && strcmp(status, "published") != 0)
		return GX_EPERM;
	*out = status;
	return 0;
}

static int check_category(struct db *db, int64_t id, struct verr *v)
{
	struct kb_category c;
	int rc = id ? store_kb_category_get(db, id, &c) : 0;

	return rc == GX_ENOTFOUND ? verr_add(v, "category", "分类不存在") : rc;
}

int kb_article_list(const struct principal *who, const struct kb_list *s,
		    struct kb_article *out, int *n, struct verr *v)
{
	struct kb_list_query q = {.category_id = s->category_id, .after_id = s->after_id,
				  .limit = s->limit};
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_KB_READ, &rc)) ||
	    (rc = status_filter(who, s->status, &q.status, v)) != 0 ||
	    (rc = check_category(db, s->category_id, v)) != 0)
		return rc;
	return store_kb_article_list(db, &q, out, n);
}

int kb_versions(const struct principal *who, int64_t id, struct kb_article *out, int *n)
{
	struct kb_article a;
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_KB_EDIT, &rc)) ||
	    (rc = store_kb_article_get(db, id, false, &a)) != 0)
		return rc;
	return store_kb_versions(db, id, out, KB_VERSIONS_MAX, n);
}

int kb_version_get(const struct principal *who, int64_t id, int64_t version,
		   struct kb_article *out)
{
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(db = principal_db(who, PERM_KB_EDIT, &rc)))
		return rc;
	return store_kb_version_get(db, id, version, out);
}

/* ---- search and suggestions ---- */

/* The byte position count characters before pos (not before 0). */
static size_t back_chars(const char *s, size_t pos, int count)
{
	while (count-- > 0 && pos > 0) {
		pos--;
		while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80)
			pos--;
	}
	return pos;
}

/* The byte position count characters after pos (not past the end). */
static size_t fwd_chars(const char *s, size_t pos, int count)
{
	while (count-- > 0 && s[pos]) {
		pos++;
		while (((unsigned char)s[pos] & 0xC0) == 0x80)
			pos++;
	}
	return pos;
}

/* Where the snippet of body starts: a little before the first match but
 * not before the line it is on, past markdown marks at a line start. */
static size_t snippet_start(const char *body, const struct bigram_range *first)
{
	size_t start = first ? back_chars(body, first->start, SNIPPET_LEAD) : 0;
	size_t limit = first ? first->start : strlen(body);

	for (size_t p = start; first && p < first->start; p++)
		if (body[p] == '\n')
			start = p + 1;
	while (start < limit && strchr("#>*-+ \t\r\n", body[start]))
		start++;
	return start;
}

/* A line of body around its first match, with the matches in it. Line
 * breaks become spaces (one for a run), markdown's marks (* and `, # and
 * > at a line start) are left out, so at[] maps each byte of the window
 * to its place in the snippet. */
static void make_snippet(const char *body, const struct bigram_query *q, struct kb_result *r)
{
	static const char ellipsis[] = "…";
	struct bigram_range hits[KB_MARKS_MAX];
	size_t at[KB_SNIPPET_LEN];
	int nh = q ? bigram_find(body, q, hits, KB_MARKS_MAX) : 0;
	size_t start = snippet_start(body, nh ? &hits[0] : NULL);
	size_t end = fwd_chars(body, start, SNIPPET_CHARS), n = 0;

	if (start > 0)
		n += (size_t)snprintf(r->snippet, sizeof r->snippet, "%s", ellipsis);
	bool line_start = true; /* where markdown's # and > marks are left out */
	for (size_t p = start; p < end; p++) {
		char c = strchr("\r\n\t", body[p]) ? ' ' : body[p];
		at[p - start] = n;
		if (line_start && (c == '#' || c == '>'))
			continue;
		line_start = body[p] == '\n';
		if (c != '*' && c != '`' && !(c == ' ' && n && r->snippet[n - 1] == ' '))
			r->snippet[n++] = c;
	}
	at[end - start] = n;
	r->snippet[n] = '\0';
	if (body[end])
		snprintf(r->snippet + n, sizeof r->snippet - n, "%s", ellipsis);
	r->nsnippet_marks = 0;
	for (int i = 0; i < nh; i++) {
		if (hits[i].end <= start || hits[i].start >= end)
			continue;
		struct bigram_range *m = &r->snippet_marks[r->nsnippet_marks++];
		m->start = at[(hits[i].start > start ? hits[i].start : start) - start];
		m->end = at[(hits[i].end < end ? hits[i].end : end) - start];
	}
}

/* Reads each hit's article and marks where q matched. */
static int load_results(struct db *db, const struct kb_hit_id *hits, int nhits,
			const struct bigram_query *q, struct kb_result *out, int *n)
{
	int rc;

	*n = 0;
	for (int i = 0; i < nhits; i++) {
		struct kb_result *r = &out[*n];
		memset(r, 0, sizeof *r);
		if ((rc = store_kb_article_get(db, hits[i].id, true, &r->a)) == GX_ENOTFOUND)
			continue;
		if (rc != 0)
			return rc;
		r->score = hits[i].score;
		make_snippet(r->a.body, q, r);
		r->ntitle_marks = q ? bigram_find(r->a.title, q, r->title_marks, KB_MARKS_MAX) : 0;
		store_kb_article_clear(&r->a);
		(*n)++;
	}
	return 0;
}

/* One character: most articles hold it, so rather than scoring them all
 * the newest with it in the title come first (score 1), then the newest
 * with it anywhere. hits holds limit. */
static int search_single(struct db *db, const struct bigram_query *q, const char *status,
			 int64_t category_id, int limit, struct kb_hit_id *hits, int *n)
{
	struct kb_hit_id *more = calloc((size_t)limit, sizeof *more);
	char match[MATCH_MAX];
	int nmore = 0, rc = GX_ENOMEM;

	*n = 0;
	if (!more)
		return rc;
	if (store_kb_match_expr(q, false, true, match, sizeof match) &&
	    (rc = store_kb_search(db, match, status, category_id, KB_BY_NEWEST, limit, hits,
				  n)) != 0)
		goto out;
	for (int i = 0; i < *n; i++)
		hits[i].score = 1;
	if (*n < limit && store_kb_match_expr(q, false, false, match, sizeof match) &&
	    (rc = store_kb_search(db, match, status, category_id, KB_BY_NEWEST, limit, more,
				  &nmore)) != 0)
		goto out;
	for (int i = 0; i < nmore && *n < limit; i++) {
		bool dup = false;
		for (int k = 0; k < *n && !dup; k++)
			dup = hits[k].id == more[i].id;
		if (!dup)
			hits[(*n)++] = more[i];
	}
	rc = 0;
out:
	free(more);
	return rc;
}

int kb_search(const struct principal *who, const struct kb_search *s, struct kb_result *out,
	      int *n, struct verr *v)
{
	struct kb_hit_id *hits = NULL;
	struct bigram_query *q = malloc(sizeof *q);
	char match[MATCH_MAX];
	const char *status;
	struct db *db;
	int nhits = 0, rc;

	*n = 0;
	if (!q)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_KB_READ, &rc)) ||
	    (rc = status_filter(who, s->status, &status, v)) != 0)
		goto out;
	if (!s->q || utf8_blank(s->q))
		verr_add(v, "q", "请输入要搜索的词");
	else if (utf8_len(s->q) > QUERY_MAX_CHARS)
		verr_add(v, "q", "不能超过 %d 个字符", QUERY_MAX_CHARS);
	else if (!bigram_query_parse(s->q, q) ||
		 !store_kb_match_expr(q, false, false, match, sizeof match))
		verr_add(v, "q", "请输入文字或数字，标点符号不能单独搜索");
	if ((rc = check_category(db, s->category_id, v)) != 0 || (rc = v->n ? GX_EINVAL : 0))
		goto out;
	if (!(hits = calloc((size_t)s->limit, sizeof *hits))) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (q->nphrase == 1 && q->tok[0].single)
		rc = search_single(db, q, status, s->category_id, s->limit, hits, &nhits);
	else
		rc = store_kb_search(db, match, status, s->category_id, KB_BY_RANK, s->limit, hits,
				     &nhits);
	if (rc == 0)
		rc = load_results(db, hits, nhits, q, out, n);
out:
	free(hits);
	free(q);
	return rc;
}

/* Every token of q its own phrase, single characters left out: what a
 * suggestion marks of the order's text. */
static void one_phrase_per_token(struct bigram_query *q)
{
	q->nphrase = 0;
	for (int i = 0; i < q->ntok; i++) {
		if (q->tok[i].single)
			continue;
		q->phrase[q->nphrase].first = i;
		q->phrase[q->nphrase++].n = 1;
	}
}

/* Adds score to id's entry of the pool (n entries), making one if new. */
static void pool_add(struct kb_hit_id *pool, int *n, int64_t id, double score)
{
	for (int i = 0; i < *n; i++)
		if (pool[i].id == id) {
			pool[i].score += score;
			return;
		}
	pool[*n].id = id;
	pool[(*n)++].score = score;
}

static int by_score(const void *a, const void *b)
{
	const struct kb_hit_id *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->id < y->id) - (x->id > y->id);
}

/* The words of the order's text that say something: of q's pairs and
 * words, those some articles hold but not too many (at most a tenth of
 * them, or SUGGEST_COMMON_MIN), each its own phrase in out. A word most
 * articles hold says little, and searching for it would make every
 * article a candidate to score. */
static int telling_terms(struct db *db, const struct bigram_query *q, struct bigram_query *out)
{
	int64_t total, docs;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_kb_article_count(db, &total)) != 0)
		return rc;
	for (int i = 0; i < q->ntok; i++) {
		bool dup = false;
		for (int k = 0; k < i; k++)
			dup |= !strcmp(q->tok[k].text, q->tok[i].text);
		if (dup || q->tok[i].single)
			continue;
		if ((rc = store_kb_term_docs(db, q->tok[i].text, &docs)) != 0)
			return rc;
		if (!docs || docs > (total / 10 > SUGGEST_COMMON_MIN ? total / 10 : SUGGEST_COMMON_MIN))
			continue;
		out->tok[out->ntok] = q->tok[i];
		out->phrase[out->nphrase].first = out->ntok++;
		out->phrase[out->nphrase++].n = 1;
	}
	return 0;
}

/* The candidates of the order's text, scored 0..1 against the best. */
static int text_candidates(struct db *db, const struct bigram_query *q, struct kb_hit_id *pool,
			   int *npool)
{
	struct bigram_query *terms = malloc(sizeof *terms);
	struct kb_hit_id hits[SUGGEST_POOL];
	char match[MATCH_MAX];
	int n = 0, rc;

	if (!terms)
		return GX_ENOMEM;
	if ((rc = telling_terms(db, q, terms)) != 0 ||
	    !store_kb_match_expr(terms, true, false, match, sizeof match))
		goto out;
	if ((rc = store_kb_search(db, match, "published", 0, KB_BY_RANK, SUGGEST_POOL, hits,
				  &n)) != 0)
		goto out;
	for (int i = 0; i < n; i++)
		pool_add(pool, npool, hits[i].id, hits[0].score > 0 ? hits[i].score / hits[0].score
								    : 0);
out:
	free(terms);
	return rc;
}

/* The candidates of the ticket category: 1 for the category itself, 0.5
 * for its parent. */
static int category_candidates(struct db *db, const struct dict_item *cat,
			       struct kb_hit_id *pool, int *npool)
{
	struct kb_hit_id hits[SUGGEST_POOL];
	int n = 0, rc;

	if ((rc = store_kb_by_ticket_category(db, cat->code, cat->parent_code, SUGGEST_POOL,
					      hits, &n)) != 0)
		return rc;
	for (int i = 0; i < n; i++)
		pool_add(pool, npool, hits[i].id, hits[i].score / 2);
	return 0;
}

int kb_suggest(const struct principal *who, const char *category, const char *text,
	       int limit, struct kb_result *out, int *n, struct verr *v)
{
	struct kb_hit_id pool[2 * SUGGEST_POOL];
	struct bigram_query *q = calloc(1, sizeof *q);
	struct dict_item cat = {0};
	struct db *db;
	int npool = 0, rc = 0;

	*n = 0;
	if (!q)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_KB_READ, &rc)))
		goto out;
	if (category && *category &&
	    (strlen(category) >= sizeof cat.code ||
	     (rc = store_dict_get(db, TICKET_CATEGORY, category, &cat)) == GX_ENOTFOUND))
		verr_add(v, "category", "工单分类不存在");
	else if (category && *category && rc != 0)
		goto out;
	if (text && utf8_len(text) > SUGGEST_TEXT_MAX_CHARS)
		verr_add(v, "text", "不能超过 %d 个字符", SUGGEST_TEXT_MAX_CHARS);
	else if (text)
		bigram_query_parse(text, q);
	if (!v->n && !cat.code[0] && !q->ntok)
		verr_add(v, "text", "请提供工单分类或工单的文字");
	if ((rc = v->n ? GX_EINVAL : 0) != 0)
		goto out;
	if ((q->ntok && (rc = text_candidates(db, q, pool, &npool)) != 0) ||
	    (cat.code[0] && (rc = category_candidates(db, &cat, pool, &npool)) != 0))
		goto out;
	qsort(pool, (size_t)npool, sizeof *pool, by_score);
	one_phrase_per_token(q);
	rc = load_results(db, pool, npool < limit ? npool : limit, q->nphrase ? q : NULL, out, n);
out:
	free(q);
	return rc;
}
