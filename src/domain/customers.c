#include "domain/customers.h"
#include "domain/audit.h"
#include "lib/clock.h"
#include "lib/cnid.h"
#include "lib/mask.h"
#include "lib/pinyin.h"
#include "lib/secret.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum rule_kind { R_TEXT, R_CHOICE, R_DATE, R_REGION };

static const char *const types[] = {"individual", "corporate", "financial", "government", NULL};
static const char *const genders[] = {"male", "female", "unknown", NULL};
static const char *const grades[] = {"AAA", "AA", "A", "BBB", "BB", "below_BB", NULL};
static const char *const tiers[] = {"vip", "key", "general", "small", NULL};
static const char *const stages[] = {"prospect", "new", "active", "loyal", "dormant", "lost", NULL};

#define AT(f) offsetof(struct customer_rec, f), sizeof(((struct customer_rec *)0)->f)

/* The plain fields of a customer: how each is checked and where it goes.
 * Lists, the ID number, owner and team have rules of their own below. */
static const struct field_rule {
	const char *name;
	enum rule_kind kind;
	size_t offset, size;
	size_t max_chars;
	const char *const *choices;
	bool nullable, multiline;
} rules[] = {
	{"type", R_CHOICE, AT(type), 0, types, false, false},
	{"name", R_TEXT, AT(name), 100, NULL, false, false},
	{"company", R_TEXT, AT(company), 100, NULL, false, false},
	{"industry", R_TEXT, AT(industry), 100, NULL, false, false},
	{"source", R_TEXT, AT(source), 100, NULL, false, false},
	{"gender", R_CHOICE, AT(gender), 0, genders, false, false},
	{"birthday", R_DATE, AT(birthday), 0, NULL, true, false},
	{"credit_grade", R_CHOICE, AT(credit_grade), 0, grades, true, false},
	{"tier", R_CHOICE, AT(tier), 0, tiers, false, false},
	{"lifecycle_stage", R_CHOICE, AT(lifecycle_stage), 0, stages, false, false},
	{"province", R_REGION, AT(province), 0, NULL, false, false},
	{"city", R_REGION, AT(city), 0, NULL, false, false},
	{"district", R_REGION, AT(district), 0, NULL, false, false},
	{"address", R_TEXT, AT(address), 200, NULL, false, false},
	{"remarks", R_TEXT, AT(remarks), 2000, NULL, false, true},
};

static char *field_ptr(struct customer_rec *c, const struct field_rule *r)
{
	return (char *)c + r->offset;
}

static const char *field_cptr(const struct customer_rec *c, const struct field_rule *r)
{
	return (const char *)c + r->offset;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static bool text_ok(const char *s, bool multiline)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && !(multiline && (*s == '\n' || *s == '\t' || *s == '\r')))
			return false;
	return true;
}

static bool date_ok(const char *s)
{
	int y, m, d, n = 0;
	struct tm tm = {0}, back;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || strlen(s) != 10)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &back);
	if (y < 1900 || back.tm_mon != m - 1 || back.tm_mday != d)
		return false;
	/* A calendar date is not in the future if it is not after today in
	 * Beijing time (UTC+8), whatever the hour. */
	time_t now = (time_t)(clock_now_ms() / 1000) + 8 * 3600;
	struct tm today;
	char today_s[16];
	gmtime_r(&now, &today);
	snprintf(today_s, sizeof today_s, "%04d-%02d-%02d", (today.tm_year + 1900) % 10000,
		 (today.tm_mon + 1) % 100, today.tm_mday % 100);
	return strcmp(s, today_s) <= 0;
}

static void apply_rule(const struct field_rule *r, json_t *val, struct customer_rec *c,
		       struct verr *v)
{
	const char *s = json_string_value(val);
	char *dst = field_ptr(c, r);

	if (json_is_null(val) && r->nullable) {
		dst[0] = '\0';
		return;
	}
	if (!s) {
		verr_add(v, r->name, "应为字符串");
		return;
	}
	switch (r->kind) {
	case R_TEXT:
		if (utf8_len(s) > r->max_chars)
			verr_add(v, r->name, "不能超过 %zu 个字符", r->max_chars);
		else if (!text_ok(s, r->multiline))
			verr_add(v, r->name, "不能包含控制字符");
		else
			snprintf(dst, r->size, "%s", s);
		return;
	case R_CHOICE:
		if (!in_list(s, r->choices))
			verr_add(v, r->name, "取值无效");
		else
			snprintf(dst, r->size, "%s", s);
		return;
	case R_DATE:
		if (!date_ok(s))
			verr_add(v, r->name, "应为不晚于今天的日期（YYYY-MM-DD）");
		else
			snprintf(dst, r->size, "%s", s);
		return;
	case R_REGION:
		if (*s && (strlen(s) != 6 || strspn(s, "0123456789") != 6))
			verr_add(v, r->name, "应为 6 位行政区划代码");
		else
			snprintf(dst, r->size, "%s", s);
		return;
	}
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at != s && !strchr(at + 1, '@') && strchr(at + 1, '.') &&
	       at[1] != '.' && s[strlen(s) - 1] != '.' && !strpbrk(s, " \t<>\"'(),;:") &&
	       strlen(s) <= 100;
}

/* Reads a JSON array of strings through check into items; duplicates
 * are dropped. check normalises one item into out or returns a message. */
static void apply_list(json_t *val, const char *field, char *items, size_t item_len,
		       int max, int *n, const char *(*check)(const char *, char *, size_t),
		       struct verr *v)
{
	json_t *it;
	size_t i;
	char norm[CUST_EMAIL_LEN];

	if (!json_is_array(val) || json_array_size(val) > (size_t)max) {
		verr_add(v, field, "最多 %d 项", max);
		return;
	}
	*n = 0;
	json_array_foreach(val, i, it) {
		const char *msg = json_is_string(it)
			? check(json_string_value(it), norm, item_len) : "应为字符串";
		bool dup = false;
		if (msg) {
			verr_add(v, field, "第 %zu 项%s", i + 1, msg);
			return;
		}
		for (int k = 0; k < *n; k++)
			dup |= !strcmp(items + (size_t)k * item_len, norm);
		if (!dup)
			snprintf(items + (size_t)(*n)++ * item_len, item_len, "%s", norm);
	}
}

static const char *check_phone(const char *s, char *out, size_t cap)
{
	return cnid_phone(s, out, cap) ? NULL : "不是有效的手机号或固定电话";
}

static const char *check_email(const char *s, char *out, size_t cap)
{
	size_t i;

	if (!email_ok(s))
		return "不是有效的邮箱地址";
	for (i = 0; s[i] && i + 1 < cap; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
	return NULL;
}

static const char *check_tag(const char *s, char *out, size_t cap)
{
	size_t n = utf8_len(s);

	if (n < 1 || n > 20 || !text_ok(s, false))
		return "应为 1–20 个字符";
	snprintf(out, cap, "%s", s);
	return NULL;
}

/* Validates and seals the ID number for the customer's type. */
static void apply_id_number(json_t *val, struct customer_rec *c, struct verr *v)
{
	char norm[24];
	const char *s = json_string_value(val);
	bool person = !strcmp(c->type, "individual");

	if (json_is_null(val) || (s && !*s)) {
		c->id_number_sealed[0] = '\0';
		return;
	}
	if (!s) {
		verr_add(v, "id_number", "应为字符串");
		return;
	}
	if (person ? !cnid_resident(s, norm, sizeof norm) : !cnid_credit_code(s, norm, sizeof norm)) {
		verr_add(v, "id_number", person ? "不是有效的 18 位居民身份证号码"
				  : "不是有效的 18 位统一社会信用代码");
		return;
	}
	if (secret_seal(norm, c->id_number_sealed) != 0) {
		verr_add(v, "id_number", "无法加密保存");
		return;
	}
	secret_index(norm, c->id_number_index);
}

static void apply_owner_team(struct db *db, json_t *fields, struct customer_rec *c,
			     struct verr *v)
{
	json_t *owner = json_object_get(fields, "owner_id"), *team = json_object_get(fields, "team_id");
	struct user_rec u;
	struct team_rec t;

	if (owner) {
		c->owner_id = json_integer_value(owner);
		c->owner_name[0] = '\0';
		if (c->owner_id && store_user_get(db, c->owner_id, &u) != 0)
			verr_add(v, "owner_id", "用户不存在");
		else if (c->owner_id)
			snprintf(c->owner_name, sizeof c->owner_name, "%s", u.display_name);
	}
	if (team) {
		c->team_id = json_integer_value(team);
		c->team_name[0] = '\0';
		if (c->team_id && store_team_get(db, c->team_id, &t) != 0)
			verr_add(v, "team_id", "班组不存在");
		else if (c->team_id)
			snprintf(c->team_name, sizeof c->team_name, "%s", t.name);
	}
}

/* Applies the fields present in the object onto c. */
static void apply_fields(struct db *db, json_t *fields, struct customer_rec *c,
			 struct verr *v)
{
	json_t *val;

	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if ((val = json_object_get(fields, rules[i].name)))
			apply_rule(&rules[i], val, c, v);
	if ((val = json_object_get(fields, "phones")))
		apply_list(val, "phones", c->phones[0], CUST_PHONE_LEN, CUST_PHONES_MAX,
			   &c->nphones, check_phone, v);
	if ((val = json_object_get(fields, "emails")))
		apply_list(val, "emails", c->emails[0], CUST_EMAIL_LEN, CUST_EMAILS_MAX,
			   &c->nemails, check_email, v);
	if ((val = json_object_get(fields, "tags")))
		apply_list(val, "tags", c->tags[0], CUST_TAG_LEN, CUST_TAGS_MAX,
			   &c->ntags, check_tag, v);
	/* After type: the kind of number depends on it. */
	if ((val = json_object_get(fields, "id_number")))
		apply_id_number(val, c, v);
	apply_owner_team(db, fields, c, v);
	if (c->name[strspn(c->name, " ")] == '\0')
		verr_add(v, "name", "不能为空");
	pinyin_of(c->name, !strcmp(c->type, "individual"), c->pinyin, sizeof c->pinyin,
		  c->initials, sizeof c->initials);
}

static void scope_of(const struct principal *who, struct customer_scope *s)
{
	memset(s, 0, sizeof *s);
	s->all = principal_can(who, PERM_CUSTOMER_SCOPE_ALL);
	if (principal_can(who, PERM_CUSTOMER_SCOPE_TEAM)) {
		s->team_id = who->team_id;
		s->owner_id = who->user_id;
	} else if (principal_can(who, PERM_CUSTOMER_SCOPE_OWN)) {
		s->owner_id = who->user_id;
	}
}

static bool in_scope(const struct customer_scope *s, const struct customer_rec *c)
{
	return s->all || (s->team_id && c->team_id == s->team_id) ||
	       (s->owner_id && c->owner_id == s->owner_id);
}

bool customers_view(const struct principal *who, const struct customer_rec *c,
		      struct customer_view *view)
{
	bool open = principal_can(who, PERM_CUSTOMER_READ_SENSITIVE);
	char id[40] = "";

	view->nphones = c->nphones;
	for (int i = 0; i < c->nphones; i++) {
		if (open)
			snprintf(view->phones[i], CUST_PHONE_LEN, "%s", c->phones[i]);
		else
			mask_phone(c->phones[i], view->phones[i], CUST_PHONE_LEN);
	}
	view->id_number[0] = '\0';
	if (c->id_number_sealed[0] && secret_unseal(c->id_number_sealed, id, sizeof id) == 0) {
		if (open)
			snprintf(view->id_number, sizeof view->id_number, "%s", id);
		else
			mask_id_number(id, view->id_number, sizeof view->id_number);
	}
	return open && (c->nphones || c->id_number_sealed[0]);
}

/* One audit row for one response that showed sensitive fields unmasked. */
static int audit_reveal(struct db *db, const struct principal *who,
			const struct customer_rec *recs, int n, const char *what)
{
	json_t *ids = json_array();
	json_t *detail = json_pack("{s:s,s:o}", "what", what, "ids", ids);
	char target[128];
	int rc;

	for (int i = 0; i < n; i++)
		json_array_append_new(ids, json_integer(recs[i].id));
	snprintf(target, sizeof target, n == 1 ? "customer:%lld" : "customers:%lld",
		 n == 1 ? (long long)recs[0].id : (long long)n);
	if ((rc = db_begin(db, true)) == 0 &&
	    ((rc = audit_append(db, who, NULL, "customer.view_sensitive", target, detail)) != 0 ||
	     (rc = db_commit(db)) != 0))
		db_rollback(db);
	json_decref(detail);
	return rc;
}

/* Views for recs[0..n) and their audit when anything was unmasked; what
 * NULL: no audit, for an answer that only repeats what the caller sent. */
static int fill_views(struct db *db, const struct principal *who,
		      const struct customer_rec *recs, struct customer_view *views,
		      int n, const char *what)
{
	int shown = 0;

	for (int i = 0; i < n; i++)
		shown += customers_view(who, &recs[i], &views[i]);
	return shown && what ? audit_reveal(db, who, recs, n, what) : 0;
}

/* Room for a joined list (phones, emails or tags) in history text. */
#define LIST_TEXT_LEN (CUST_TAGS_MAX * (CUST_TAG_LEN + 2))

static const char *const extra_fields[] = {"phones", "emails", "tags", "id_number",
					   "owner", "team"};

static const char *join_list(const char *items, size_t item_len, int n, char *out)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < n && len < LIST_TEXT_LEN; i++)
		len += (size_t)snprintf(out + len, LIST_TEXT_LEN - len, "%s%s", i ? ", " : "",
					items + (size_t)i * item_len);
	return out;
}

/* A field's value as history text: lists joined (into buf, LIST_TEXT_LEN
 * bytes), owner and team by name, the ID number still sealed. Points into
 * c or buf. */
static const char *history_value(const struct customer_rec *c, const char *field, char *buf)
{
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if (!strcmp(rules[i].name, field))
			return field_cptr(c, &rules[i]);
	if (!strcmp(field, "phones"))
		return join_list(c->phones[0], CUST_PHONE_LEN, c->nphones, buf);
	if (!strcmp(field, "emails"))
		return join_list(c->emails[0], CUST_EMAIL_LEN, c->nemails, buf);
	if (!strcmp(field, "tags"))
		return join_list(c->tags[0], CUST_TAG_LEN, c->ntags, buf);
	if (!strcmp(field, "id_number"))
		return c->id_number_sealed;
	if (!strcmp(field, "owner"))
		return c->owner_name;
	if (!strcmp(field, "team"))
		return c->team_name;
	return "";
}

/* Writes one history row per field that differs between before (NULL for
 * a new customer) and after, all in one go: an import writes them for
 * every row it reads. */
static int write_history(struct db *db, const struct principal *who, const char *action,
			 const struct customer_rec *before, const struct customer_rec *after)
{
	enum { NRULES = sizeof rules / sizeof *rules,
	       NFIELDS = NRULES + sizeof extra_fields / sizeof *extra_fields };
	struct customer_change_item items[NFIELDS];
	struct customer_change_head head = {
		.customer_id = after->id, .at = clock_now_ms(), .actor_id = who->user_id,
		.actor = who->username, .action = action,
	};
	char lists[2][3][LIST_TEXT_LEN];
	int n = 0;

	for (size_t i = 0; i < NFIELDS; i++) {
		const char *f = i < NRULES ? rules[i].name : extra_fields[i - NRULES];
		/* Each list field has buffers of its own in both records. */
		size_t k = i < NRULES || i - NRULES > 2 ? 0 : i - NRULES;
		const char *new = history_value(after, f, lists[1][k]);
		const char *old = before ? history_value(before, f, lists[0][k]) : NULL;
		char plain_old[40] = "", plain_new[40] = "";
		/* Sealed values differ on every seal: compare what they hold. */
		if (!strcmp(f, "id_number")) {
			secret_unseal(new, plain_new, sizeof plain_new);
			if (old)
				secret_unseal(old, plain_old, sizeof plain_old);
			if (!strcmp(plain_old, plain_new))
				continue;
		} else if (old ? !strcmp(old, new) : !new[0]) {
			continue;
		}
		items[n++] = (struct customer_change_item){f, old, new};
	}
	return n ? store_customer_changes_add(db, &head, items, n) : 0;
}

static int load(struct db *db, const struct principal *who, int64_t id, bool with_deleted,
		struct customer_rec *out)
{
	struct customer_scope scope;

	scope_of(who, &scope);
	return store_customer_get(db, id, &scope, with_deleted, out);
}

int customers_prepare_new(struct db *db, const struct principal *who, json_t *fields,
			  struct customer_rec *out, struct verr *v)
{
	struct customer_scope scope;
	struct user_rec owner;

	memset(out, 0, sizeof *out);
	snprintf(out->gender, sizeof out->gender, "unknown");
	snprintf(out->tier, sizeof out->tier, "general");
	snprintf(out->lifecycle_stage, sizeof out->lifecycle_stage, "new");
	if (!json_object_get(fields, "type"))
		verr_add(v, "type", "必填");
	if (!json_object_get(fields, "name"))
		verr_add(v, "name", "必填");
	apply_fields(db, fields, out, v);
	scope_of(who, &scope);
	/* An account manager's new customer is in their book by default; the
	 * team follows the owner, else the author. */
	if (!json_object_get(fields, "owner_id") && !scope.all && !scope.team_id && scope.owner_id)
		out->owner_id = who->user_id;
	if (!json_object_get(fields, "team_id"))
		out->team_id = out->owner_id && store_user_get(db, out->owner_id, &owner) == 0
			? owner.team_id : who->team_id;
	if (!v->n && !in_scope(&scope, out))
		verr_add(v, "team_id", "不能把客户分到您看不到的班组或客户经理名下");
	if (v->n)
		return GX_EINVAL;
	out->created_by = who->user_id;
	out->created_at = out->updated_at = clock_now_ms();
	return 0;
}

int customers_insert(struct db *db, const struct principal *who, struct customer_rec *c,
		     bool bulk)
{
	int rc = bulk ? store_customer_insert_bulk(db, c) : store_customer_insert(db, c);

	return rc ? rc : write_history(db, who, "create", NULL, c);
}

int customers_insert_finish(struct db *db, int64_t first_id, int64_t last_id)
{
	return store_customer_index_phones(db, first_id, last_id);
}

int customers_create(const struct principal *who, json_t *fields,
		     struct customer_rec *out, struct customer_view *view,
		     struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CUSTOMER_WRITE, &rc)))
		return rc;
	if ((rc = customers_prepare_new(db, who, fields, out, v)) != 0)
		return rc;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = customers_insert(db, who, out, false)) != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = load(db, who, out->id, false, out)) != 0)
		return rc;
	return fill_views(db, who, out, view, 1, NULL);
}

int customers_update(const struct principal *who, int64_t id, int64_t version,
		     json_t *fields, struct customer_rec *out,
		     struct customer_view *view, struct verr *v)
{
	struct customer_rec *before = malloc(sizeof *before);
	struct customer_scope scope;
	struct db *db;
	int rc;

	if (!before)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_CUSTOMER_WRITE, &rc)) ||
	    (rc = load(db, who, id, false, before)) != 0)
		goto out;
	*out = *before;
	apply_fields(db, fields, out, v);
	scope_of(who, &scope);
	if (!v->n && !in_scope(&scope, out))
		verr_add(v, "team_id", "不能把客户分到您看不到的班组或客户经理名下");
	if (v->n) {
		rc = GX_EINVAL;
		goto out;
	}
	out->version = version;
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_customer_update(db, out, clock_now_ms())) != 0 ||
	    (rc = write_history(db, who, "update", before, out)) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		goto out;
	}
	if ((rc = load(db, who, id, false, out)) == 0)
		rc = fill_views(db, who, out, view, 1, "update");
out:
	free(before);
	return rc;
}

/* Sets or clears deleted_at with its history row. */
static int set_deleted(const struct principal *who, int64_t id, int64_t version,
		       bool deleted, struct customer_rec *out)
{
	struct customer_change h = {0};
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CUSTOMER_DELETE, &rc)) ||
	    (rc = load(db, who, id, true, out)) != 0)
		return rc;
	if ((out->deleted_at != 0) == deleted)
		return GX_ENOTFOUND;
	if (version)
		out->version = version;
	out->deleted_at = deleted ? clock_now_ms() : 0;
	h.customer_id = id;
	h.at = clock_now_ms();
	h.actor_id = who->user_id;
	snprintf(h.actor, sizeof h.actor, "%s", who->username);
	snprintf(h.action, sizeof h.action, "%s", deleted ? "delete" : "restore");
	snprintf(h.field, sizeof h.field, "deleted");
	snprintf(h.old_value, sizeof h.old_value, "%s", deleted ? "false" : "true");
	snprintf(h.new_value, sizeof h.new_value, "%s", deleted ? "true" : "false");
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_customer_update(db, out, clock_now_ms())) != 0 ||
	    (rc = store_customer_change_add(db, &h)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
	return rc;
}

int customers_delete(const struct principal *who, int64_t id, int64_t version)
{
	struct customer_rec *c = malloc(sizeof *c);
	int rc = c ? set_deleted(who, id, version, true, c) : GX_ENOMEM;

	free(c);
	return rc;
}

int customers_restore(const struct principal *who, int64_t id,
		      struct customer_rec *out, struct customer_view *view)
{
	struct db *db;
	int rc;

	if ((rc = set_deleted(who, id, 0, false, out)) != 0 ||
	    !(db = principal_db(who, PERM_CUSTOMER_READ, &rc)) ||
	    (rc = load(db, who, id, false, out)) != 0)
		return rc;
	return fill_views(db, who, out, view, 1, "restore");
}

int customers_get(const struct principal *who, int64_t id,
		  struct customer_rec *out, struct customer_view *view)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)) ||
	    (rc = load(db, who, id, false, out)) != 0)
		return rc;
	return fill_views(db, who, out, view, 1, "read");
}

/* Decides how q is searched: email, ID number, phone digits, pinyin or
 * characters of a name or company. */
static int classify(const char *q, struct customer_query *cq, char *buf, size_t cap,
		    struct verr *v)
{
	char digits[32];
	size_t n = 0;

	while (*q == ' ')
		q++;
	snprintf(buf, cap, "%s", q);
	for (n = strlen(buf); n > 0 && buf[n - 1] == ' '; n--)
		buf[n - 1] = '\0';
	cq->text = buf;
	if (!*buf) {
		cq->match = CM_NONE;
		cq->text = NULL;
	} else if (strchr(buf, '@')) {
		cq->match = CM_EMAIL;
		for (char *p = buf; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	} else if (cnid_resident(buf, digits, sizeof digits) ||
		   cnid_credit_code(buf, digits, sizeof digits)) {
		cq->match = CM_ID_NUMBER;
		secret_index(digits, cq->index);
	} else if (strspn(buf, "0123456789 -+") == strlen(buf)) {
		n = 0;
		for (const char *p = buf; *p; p++)
			if (*p >= '0' && *p <= '9' && n + 1 < sizeof digits)
				digits[n++] = *p;
		digits[n] = '\0';
		if (n < 3)
			return verr_add(v, "q", "电话号码至少输入 3 位数字");
		snprintf(buf, cap, "%s", digits);
		cq->match = CM_PHONE;
	} else if (pinyin_is_query(buf)) {
		cq->match = CM_PINYIN;
		for (char *p = buf; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	} else {
		cq->match = CM_NAME;
	}
	return 0;
}

int customers_query(const struct principal *who, const struct customer_search *s,
		    struct customer_query *q, char *text, size_t cap, struct verr *v)
{
	memset(q, 0, sizeof *q);
	if (s->type && !in_list(s->type, types))
		verr_add(v, "type", "取值无效");
	if (s->tier && !in_list(s->tier, tiers))
		verr_add(v, "tier", "取值无效");
	if (s->q && utf8_len(s->q) > 100)
		verr_add(v, "q", "不能超过 100 个字符");
	else if (s->q)
		classify(s->q, q, text, cap, v);
	if (v->n)
		return GX_EINVAL;
	scope_of(who, &q->scope);
	q->type = s->type;
	q->tier = s->tier;
	q->tag = s->tag;
	q->owner_id = s->owner_id;
	q->after_id = s->after_id;
	q->limit = s->limit;
	return 0;
}

int customers_list(const struct principal *who, const struct customer_search *s,
		   struct customer_rec *out, struct customer_view *views, int *n,
		   struct verr *v)
{
	struct customer_query q;
	char text[CUST_TEXT_LEN];
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)))
		return rc;
	if ((rc = customers_query(who, s, &q, text, sizeof text, v)) != 0 ||
	    (rc = store_customer_list(db, &q, out, n)) != 0)
		return rc;
	return fill_views(db, who, out, views, *n, "list");
}

int customers_lookup_phone(const struct principal *who, const char *phone,
			   struct customer_rec *out, struct customer_view *views,
			   int max, int *n, struct verr *v)
{
	struct customer_query q = {0};
	char digits[CUST_PHONE_LEN];
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)))
		return rc;
	if (!phone || !cnid_phone(phone, digits, sizeof digits))
		return verr_add(v, "phone", "不是有效的手机号或固定电话");
	scope_of(who, &q.scope);
	q.match = CM_PHONE_EXACT;
	q.text = digits;
	q.limit = max;
	if ((rc = store_customer_list(db, &q, out, n)) != 0)
		return rc;
	return fill_views(db, who, out, views, *n, "lookup");
}

/* Masks (or opens) the sensitive values of one history row in place;
 * true if it shows one unmasked. */
static bool view_change(const struct principal *who, struct customer_change *h)
{
	bool open = principal_can(who, PERM_CUSTOMER_READ_SENSITIVE);
	char *vals[2] = {h->old_value, h->new_value};
	bool shown = false;

	for (int i = 0; i < 2; i++) {
		char plain[40] = "", tmp[CUST_REMARKS_LEN];
		size_t len = 0;
		if (!vals[i][0])
			continue;
		if (!strcmp(h->field, "id_number")) {
			secret_unseal(vals[i], plain, sizeof plain);
			if (open)
				snprintf(vals[i], CUST_REMARKS_LEN, "%s", plain);
			else
				mask_id_number(plain, vals[i], CUST_REMARKS_LEN);
			shown |= open;
		} else if (!strcmp(h->field, "phones")) {
			shown |= open;
			if (open)
				continue;
			/* Mask each number of the ", "-joined list. */
			snprintf(tmp, sizeof tmp, "%s", vals[i]);
			vals[i][0] = '\0';
			for (char *save = NULL, *p = strtok_r(tmp, ", ", &save); p;
			     p = strtok_r(NULL, ", ", &save)) {
				char m[CUST_PHONE_LEN];
				mask_phone(p, m, sizeof m);
				len += (size_t)snprintf(vals[i] + len, CUST_REMARKS_LEN - len,
							"%s%s", len ? ", " : "", m);
			}
		}
	}
	return shown;
}

int customers_history(const struct principal *who, int64_t id, int64_t before_id,
		      int limit, struct customer_change *out, int *n)
{
	struct customer_rec *c = malloc(sizeof *c);
	struct db *db;
	int rc, shown = 0;

	*n = 0;
	if (!c)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)) ||
	    (rc = load(db, who, id, true, c)) != 0 ||
	    (rc = store_customer_changes(db, id, before_id, limit, out, n)) != 0)
		goto out;
	for (int i = 0; i < *n; i++)
		shown += view_change(who, &out[i]);
	if (shown)
		rc = audit_reveal(db, who, c, 1, "history");
out:
	free(c);
	return rc;
}
