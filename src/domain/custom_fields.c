#include "domain/custom_fields.h"
#include "domain/audit.h"
#include "lib/strset.h"
#include "lib/clock.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"text", "number", "date", "choice", NULL};
static const char *const targets[] = {"individual", "corporate", "financial", "government",
				      "contact", NULL};

#define CHOICES_MAX 50
#define TEXT_VALUE_MAX 200

static bool key_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n < CFIELD_KEY_LEN && s[0] >= 'a' && s[0] <= 'z' &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static bool applies(const struct custom_field *f, const char *target)
{
	json_t *a = json_loads(f->applies_to, 0, NULL), *it;
	bool yes = false;
	size_t i;

	json_array_foreach(a, i, it)
		yes |= json_is_string(it) && !strcmp(json_string_value(it), target);
	json_decref(a);
	return yes;
}

/* A JSON array of 1..max distinct strings from allowed (NULL: any of 1..50
 * characters) as compact text into out; a message on error. */
static const char *string_set(json_t *val, const char *const *allowed, int max, char *out,
			      size_t cap)
{
	json_t *it;
	size_t i;
	char *text;

	if (!json_is_array(val) || json_array_size(val) < 1 || json_array_size(val) > (size_t)max)
		return "应为非空数组";
	json_array_foreach(val, i, it) {
		const char *s = json_string_value(it);
		if (!s || (allowed ? !strset_has(allowed, s) : utf8_len(s) < 1 || utf8_len(s) > 50))
			return "含有无效的项";
		for (size_t k = 0; k < i; k++)
			if (!strcmp(s, json_string_value(json_array_get(val, k))))
				return "含有重复的项";
	}
	text = json_dumps(val, JSON_COMPACT);
	if (!text || strlen(text) >= cap) {
		free(text);
		return "内容过长";
	}
	snprintf(out, cap, "%s", text);
	free(text);
	return NULL;
}

static void bool_field(json_t *fields, const char *name, bool *dst, struct verr *v)
{
	json_t *val = json_object_get(fields, name);

	if (!val)
		return;
	if (!json_is_boolean(val))
		verr_add(v, name, "应为 true 或 false");
	else
		*dst = json_is_true(val);
}

/* Applies the definition fields present in the object onto f. */
static void apply_def(json_t *fields, struct custom_field *f, struct verr *v)
{
	json_t *val;
	const char *msg, *s;

	if ((val = json_object_get(fields, "label"))) {
		s = json_string_value(val);
		if (!s || utf8_len(s) < 1 || utf8_len(s) > 50)
			verr_add(v, "label", "应为 1–50 个字符");
		else
			snprintf(f->label, sizeof f->label, "%s", s);
	}
	if ((val = json_object_get(fields, "kind"))) {
		if (!strset_has(kinds, json_string_value(val)))
			verr_add(v, "kind", "应为 text、number、date 或 choice");
		else
			snprintf(f->kind, sizeof f->kind, "%s", json_string_value(val));
	}
	if ((val = json_object_get(fields, "choices")) &&
	    (msg = string_set(val, NULL, CHOICES_MAX, f->choices, sizeof f->choices)))
		verr_add(v, "choices", "%s", msg);
	if ((val = json_object_get(fields, "applies_to")) &&
	    (msg = string_set(val, targets, 5, f->applies_to, sizeof f->applies_to)))
		verr_add(v, "applies_to", "%s", msg);
	bool_field(fields, "required", &f->required, v);
	bool_field(fields, "searchable", &f->searchable, v);
	bool_field(fields, "enabled", &f->enabled, v);
	if ((val = json_object_get(fields, "sort"))) {
		if (!json_is_integer(val) || json_integer_value(val) < 0 ||
		    json_integer_value(val) > 9999)
			verr_add(v, "sort", "应为 0 到 9999 的整数");
		else
			f->sort = (int)json_integer_value(val);
	}
	if (!strcmp(f->kind, "choice") && !strcmp(f->choices, "[]"))
		verr_add(v, "choices", "选择型字段至少要有一个选项");
}

int cfield_list(const struct principal *who, struct custom_field *out, int max, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)))
		return rc;
	return store_cfield_list(db, out, max, n);
}

/* Writes f (new when f->id is 0), reindexes when asked, and audits. */
static int save(struct db *db, const struct principal *who, struct custom_field *f,
		bool reindex)
{
	char target[64];
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	rc = f->id ? store_cfield_update(db, f) : store_cfield_insert(db, f);
	if (rc == 0 && reindex)
		rc = store_cfield_reindex(db, f->key, f->searchable);
	snprintf(target, sizeof target, "custom_field:%s", f->key);
	if (rc == 0)
		rc = audit_append(db, who, NULL, f->version == 1 ? "custom_field.create"
				  : "custom_field.update", target, NULL);
	if (rc == 0)
		rc = db_commit(db);
	if (rc != 0)
		db_rollback(db);
	return rc;
}

int cfield_create(const struct principal *who, json_t *fields, struct custom_field *out,
		  struct verr *v)
{
	const char *key = json_string_value(json_object_get(fields, "key"));
	struct custom_field *all;
	struct db *db;
	int rc, n = 0;

	if (!(db = principal_db(who, PERM_SETTINGS_MANAGE, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	snprintf(out->choices, sizeof out->choices, "[]");
	out->enabled = true;
	if (!key || !key_ok(key))
		verr_add(v, "key", "应为小写字母开头的英文字母、数字或下划线，最多 39 个字符");
	else
		snprintf(out->key, sizeof out->key, "%s", key);
	for (const char *req[] = {"label", "kind", "applies_to", NULL}, **p = req; *p; p++)
		if (!json_object_get(fields, *p))
			verr_add(v, *p, "必填");
	apply_def(fields, out, v);
	if (!(all = malloc(CFIELD_MAX * sizeof *all)))
		return GX_ENOMEM;
	rc = store_cfield_list(db, all, CFIELD_MAX, &n);
	free(all);
	if (rc != 0)
		return rc;
	if (n >= CFIELD_MAX)
		verr_add(v, "key", "扩展字段最多 %d 个", CFIELD_MAX);
	if (v->n)
		return GX_EINVAL;
	out->created_at = clock_now_ms();
	if ((rc = save(db, who, out, out->searchable)) == GX_ECONFLICT)
		verr_add(v, "key", "这个字段名已被使用");
	return rc;
}

int cfield_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
		  struct custom_field *out, struct verr *v)
{
	struct db *db;
	bool searchable;
	int rc;

	if (!(db = principal_db(who, PERM_SETTINGS_MANAGE, &rc)) ||
	    (rc = store_cfield_get(db, id, out)) != 0)
		return rc;
	if (json_object_get(fields, "key") &&
	    strcmp(json_string_value(json_object_get(fields, "key")) ?: "", out->key))
		verr_add(v, "key", "字段名不能修改");
	searchable = out->searchable;
	apply_def(fields, out, v);
	if (v->n)
		return GX_EINVAL;
	out->version = version;
	return save(db, who, out, searchable != out->searchable);
}

static bool choice_ok(const struct custom_field *f, const char *s)
{
	json_t *a = json_loads(f->choices, 0, NULL), *it;
	bool yes = false;
	size_t i;

	json_array_foreach(a, i, it)
		yes |= s && !strcmp(json_string_value(it), s);
	json_decref(a);
	return yes;
}

/* The stored form of one value, or NULL with a message. Numbers may come
 * as JSON numbers or as numeric text (from imported files). */
static json_t *value_of(const struct custom_field *f, json_t *val, const char **msg)
{
	const char *s = json_string_value(val);
	char *end;
	double d;

	*msg = NULL;
	if (!strcmp(f->kind, "number")) {
		if (json_is_number(val))
			return json_incref(val);
		d = s ? strtod(s, &end) : 0;
		if (s && *s && !*end && d == d)
			return d == (double)(json_int_t)d && d > -1e15 && d < 1e15
				? json_integer((json_int_t)d) : json_real(d);
		*msg = "应为数字";
	} else if (!s) {
		*msg = "应为字符串";
	} else if (!strcmp(f->kind, "date")) {
		if (clock_is_date(s))
			return json_string(s);
		*msg = "应为日期（YYYY-MM-DD）";
	} else if (!strcmp(f->kind, "choice")) {
		if (choice_ok(f, s))
			return json_string(s);
		*msg = "不是可选的值";
	} else if (utf8_len(s) > TEXT_VALUE_MAX) {
		*msg = "不能超过 200 个字符";
	} else {
		for (const char *p = s; *p; p++)
			if ((unsigned char)*p < 0x20) {
				*msg = "不能包含控制字符";
				return NULL;
			}
		return json_string(s);
	}
	return NULL;
}

static const struct custom_field *find_def(const struct custom_field *defs, int n,
					   const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(defs[i].key, key))
			return &defs[i];
	return NULL;
}

/* Sets the values of in onto result, each checked against its definition. */
static void merge_values(const struct custom_field *defs, int n, const char *target,
			 json_t *in, json_t *result, struct verr *v)
{
	const char *key, *msg;
	json_t *val, *stored;
	char name[CFIELD_KEY_LEN + 8];

	json_object_foreach(in, key, val) {
		const struct custom_field *f = find_def(defs, n, key);
		snprintf(name, sizeof name, "ext.%s", key);
		if (!f || !f->enabled || !applies(f, target)) {
			verr_add(v, name, "没有这个扩展字段");
			continue;
		}
		if (json_is_null(val) || (json_is_string(val) && !*json_string_value(val))) {
			json_object_del(result, key);
			continue;
		}
		if ((stored = value_of(f, val, &msg)))
			json_object_set_new(result, key, stored);
		else
			verr_add(v, name, "%s", msg);
	}
}

int cfield_apply(struct db *db, const char *target, json_t *in, const char *current,
		 char *out, size_t cap, struct verr *v)
{
	struct custom_field *defs = malloc(CFIELD_MAX * sizeof *defs);
	json_t *result = json_loads(current && *current ? current : "{}", 0, NULL);
	char name[CFIELD_KEY_LEN + 8], *text = NULL;
	int n = 0, rc;

	if (!defs || !result) {
		rc = GX_ENOMEM;
		goto out;
	}
	if ((rc = store_cfield_list(db, defs, CFIELD_MAX, &n)) != 0)
		goto out;
	if (in && !json_is_object(in))
		verr_add(v, "ext", "应为对象");
	else if (in)
		merge_values(defs, n, target, in, result, v);
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof name, "ext.%s", defs[i].key);
		if (defs[i].enabled && defs[i].required && applies(&defs[i], target) &&
		    !json_object_get(result, defs[i].key))
			verr_add(v, name, "必填");
	}
	text = json_dumps(result, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		rc = GX_ENOMEM;
	else if (strlen(text) >= cap)
		verr_add(v, "ext", "扩展字段内容过长");
	else
		snprintf(out, cap, "%s", text);
out:
	free(text);
	json_decref(result);
	free(defs);
	return rc;
}

bool cfield_only_contacts(const struct custom_field *f)
{
	for (int i = 0; targets[i]; i++)
		if (strcmp(targets[i], "contact") && applies(f, targets[i]))
			return false;
	return true;
}

void cfield_value_text(json_t *val, char *out, size_t cap)
{
	if (json_is_string(val))
		snprintf(out, cap, "%s", json_string_value(val));
	else if (json_is_integer(val))
		snprintf(out, cap, "%lld", (long long)json_integer_value(val));
	else if (json_is_real(val))
		snprintf(out, cap, "%g", json_real_value(val));
	else
		out[0] = '\0';
}
