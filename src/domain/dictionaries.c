#include "domain/dictionaries.h"
#include "domain/audit.h"
#include "lib/clock.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define LABEL_MAX_CHARS 50
#define SORT_MAX 1000000
#define TREE_DEPTH_MAX 32 /* a longer parent chain is a cycle */

static bool code_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 32 && strchr("abcdefghijklmnopqrstuvwxyz0123456789", *s) &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

static bool label_ok(const char *s)
{
	bool visible = false;

	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20)
			return false;
		visible |= *p != ' ';
	}
	return visible && utf8_len(s) <= LABEL_MAX_CHARS;
}

/* The signed-in reader's connection: dictionaries need no permission. */
static struct db *reader_db(const struct principal *who, int *rc)
{
	struct db *db = NULL;

	*rc = GX_EPERM;
	if (who && (db = db_get()))
		*rc = 0;
	else if (who)
		*rc = GX_EDB;
	return db;
}

int dictionaries_kinds(const struct principal *who, struct dict_kind *out, int max, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = reader_db(who, &rc)))
		return rc;
	return store_dict_kinds(db, out, max, n);
}

int dictionaries_list(const struct principal *who, const char *kind, bool with_disabled,
		      struct dict_item *out, int *n)
{
	struct dict_kind k;
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = reader_db(who, &rc)) || (rc = store_dict_kind_get(db, kind, &k)) != 0)
		return rc;
	return store_dict_items(db, kind, with_disabled, out, DICT_ITEMS_MAX, n);
}

/* A parent must be an item of a tree kind, and neither the item itself
 * nor one of its descendants. */
static int check_parent(struct db *db, const struct dict_kind *k, const struct dict_item *it,
			struct verr *v)
{
	struct dict_item p;
	char cur[DICT_CODE_LEN];
	int rc;

	if (!it->parent_code[0])
		return 0;
	if (!k->tree)
		return verr_add(v, "parent_code", "“%s”不分层级，不能指定上级", k->label);
	snprintf(cur, sizeof cur, "%s", it->parent_code);
	for (int depth = 0; cur[0]; depth++) {
		if (!strcmp(cur, it->code) || depth >= TREE_DEPTH_MAX)
			return verr_add(v, "parent_code", "不能把项目移到它自己或它的下级之下");
		if ((rc = store_dict_get(db, k->kind, cur, &p)) == GX_ENOTFOUND)
			return verr_add(v, "parent_code", "上级项目 %s 不存在", cur);
		if (rc != 0)
			return rc;
		snprintf(cur, sizeof cur, "%s", p.parent_code);
	}
	return 0;
}

/* Applies in onto it and checks the result. */
static int apply_input(struct db *db, const struct dict_kind *k, const struct dict_input *in,
		       struct dict_item *it, struct verr *v)
{
	bool taken;
	int rc;

	if (in->has_label) {
		if (!label_ok(in->label))
			verr_add(v, "label", "应为 1–%d 个字符，不能只有空格或含控制字符",
				 LABEL_MAX_CHARS);
		else
			snprintf(it->label, sizeof it->label, "%s", in->label);
	}
	if (in->has_parent) {
		if (in->parent_code && strlen(in->parent_code) >= sizeof it->parent_code)
			verr_add(v, "parent_code", "上级项目不存在");
		else
			snprintf(it->parent_code, sizeof it->parent_code, "%s",
				 in->parent_code ? in->parent_code : "");
	}
	if (in->has_sort && (in->sort < 0 || in->sort > SORT_MAX))
		verr_add(v, "sort", "应为 0 到 %d 的整数", SORT_MAX);
	else if (in->has_sort)
		it->sort = in->sort;
	if (in->has_enabled)
		it->enabled = in->enabled;
	if ((rc = check_parent(db, k, it, v)) == GX_EDB)
		return rc;
	if (v->n)
		return GX_EINVAL;
	if ((rc = store_dict_label_taken(db, k->kind, it->parent_code, it->label, it->code,
					 &taken)) != 0)
		return rc;
	return taken ? verr_add(v, "label", "同一级已有“%s”", it->label) : 0;
}

/* Writes one change with its audit row. */
static int save(struct db *db, const struct principal *who, const char *action,
		const struct dict_item *it, int (*write)(struct db *, const struct dict_item *))
{
	json_t *detail = json_pack("{s:s,s:s,s:s,s:b}", "kind", it->kind, "code", it->code,
				   "label", it->label, "enabled", it->enabled);
	char target[96];
	int rc;

	snprintf(target, sizeof target, "dictionary:%s/%s", it->kind, it->code);
	if ((rc = db_begin(db, true)) == 0 &&
	    ((rc = write(db, it)) != 0 ||
	     (rc = audit_append(db, who, NULL, action, target, detail)) != 0 ||
	     (rc = db_commit(db)) != 0))
		db_rollback(db);
	json_decref(detail);
	return rc;
}

int dictionaries_create(const struct principal *who, const char *kind,
			const struct dict_input *in, struct dict_item *out, struct verr *v)
{
	struct dict_kind k;
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_DICTIONARY_MANAGE, &rc)) ||
	    (rc = store_dict_kind_get(db, kind, &k)) != 0)
		return rc;
	memset(out, 0, sizeof *out);
	snprintf(out->kind, sizeof out->kind, "%s", k.kind);
	out->enabled = true;
	if (!in->code)
		verr_add(v, "code", "必填");
	else if (!code_ok(in->code))
		verr_add(v, "code", "应为 1–32 位小写字母、数字或 _ . -，以字母或数字开头");
	else
		snprintf(out->code, sizeof out->code, "%s", in->code);
	if (!in->has_label)
		verr_add(v, "label", "必填");
	if ((rc = apply_input(db, &k, in, out, v)) != 0)
		return rc;
	out->updated_at = clock_now_ms();
	rc = save(db, who, "dictionary.create", out, store_dict_insert);
	if (rc == GX_ECONFLICT)
		verr_add(v, "code", "编码 %s 已存在", out->code);
	return rc;
}

int dictionaries_update(const struct principal *who, const char *kind, const char *code,
			const struct dict_input *in, struct dict_item *out, struct verr *v)
{
	struct dict_kind k;
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_DICTIONARY_MANAGE, &rc)) ||
	    (rc = store_dict_kind_get(db, kind, &k)) != 0 ||
	    (rc = store_dict_get(db, kind, code, out)) != 0)
		return rc;
	if ((rc = apply_input(db, &k, in, out, v)) != 0)
		return rc;
	out->updated_at = clock_now_ms();
	return save(db, who, "dictionary.update", out, store_dict_update);
}

/* Inside the transaction, so that no child can arrive between the
 * check and the delete. */
static int delete_item(struct db *db, const struct dict_item *it)
{
	int rc, children;

	if ((rc = store_dict_children(db, it->kind, it->code, &children)) != 0)
		return rc;
	return children ? GX_ECONFLICT : store_dict_delete(db, it->kind, it->code);
}

int dictionaries_delete(const struct principal *who, const char *kind, const char *code)
{
	struct dict_item it;
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_DICTIONARY_MANAGE, &rc)) ||
	    (rc = store_dict_get(db, kind, code, &it)) != 0)
		return rc;
	return save(db, who, "dictionary.delete", &it, delete_item);
}
