#include "domain/customers.h"
#include "domain/audit.h"
#include "domain/custom_fields.h"
#include "domain/customers_impl.h"
#include "domain/regions.h"
#include "lib/strset.h"
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

enum rule_kind { R_TEXT, R_CHOICE, R_DATE, R_REGION };

static const char *const types[] = {"individual", "corporate", "financial", "government", NULL};
static const char *const genders[] = {"male", "female", "unknown", NULL};
static const char *const grades[] = {"AAA", "AA", "A", "BBB", "BB", "below_BB", NULL};
static const char *const tiers[] = {"vip", "key", "general", "small", NULL};
static const char *const stages[] = {"prospect", "new", "active", "loyal", "dormant", "lost", NULL};
static const char *const review_states[] = {"none", "pending_first", "pending_second",
					    "approved", "rejected", NULL};
/* In the order of enum customer_sort. */
static const char *const sorts[] = {"newest", "oldest", "updated", "name", NULL};
static const char *const educations[] = {"primary", "junior_high", "senior_high", "vocational",
					 "college", "bachelor", "master", "doctor", NULL};

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
	bool subjective; /* sensitive profile data (CUS-5), masked like phones */
} rules[] = {
	{"type", R_CHOICE, AT(type), 0, types, false, false, false},
	{"name", R_TEXT, AT(name), 100, NULL, false, false, false},
	{"company", R_TEXT, AT(company), 100, NULL, false, false, false},
	{"industry", R_TEXT, AT(industry), 100, NULL, false, false, false},
	{"source", R_TEXT, AT(source), 100, NULL, false, false, false},
	{"gender", R_CHOICE, AT(gender), 0, genders, false, false, false},
	{"birthday", R_DATE, AT(birthday), 0, NULL, true, false, false},
	{"credit_grade", R_CHOICE, AT(credit_grade), 0, grades, true, false, false},
	{"tier", R_CHOICE, AT(tier), 0, tiers, false, false, false},
	{"lifecycle_stage", R_CHOICE, AT(lifecycle_stage), 0, stages, false, false, false},
	{"province", R_REGION, AT(province), 0, NULL, false, false, false},
	{"city", R_REGION, AT(city), 0, NULL, false, false, false},
	{"district", R_REGION, AT(district), 0, NULL, false, false, false},
	{"address", R_TEXT, AT(address), 200, NULL, false, false, false},
	{"remarks", R_TEXT, AT(remarks), 2000, NULL, false, true, false},
	{"education", R_CHOICE, AT(education), 0, educations, true, false, false},
	{"preferences", R_TEXT, AT(preferences), 500, NULL, false, true, true},
	{"dislikes", R_TEXT, AT(dislikes), 500, NULL, false, true, true},
	{"habits", R_TEXT, AT(habits), 500, NULL, false, true, true},
	{"religion", R_TEXT, AT(religion), 50, NULL, false, false, true},
	{"care_notes", R_TEXT, AT(care_notes), 2000, NULL, false, true, false},
};

static char *field_ptr(struct customer_rec *c, const struct field_rule *r)
{
	return (char *)c + r->offset;
}

static const char *field_cptr(const struct customer_rec *c, const struct field_rule *r)
{
	return (const char *)c + r->offset;
}

/* A calendar date not after today in Beijing, whatever the hour. */
static bool date_ok(const char *s)
{
	char today[CLOCK_DATE_LEN];

	clock_today_beijing(today);
	return clock_is_date(s) && strcmp(s, today) <= 0;
}

static void apply_rule(const struct field_rule *r, json_t *val, struct customer_rec *c,
		       struct verr *v)
{
	const char *s = json_string_value(val);
	char *dst = field_ptr(c, r);

	if (r->nullable && (json_is_null(val) || (s && !*s))) {
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
		else if (!utf8_text_ok(s, r->multiline))
			verr_add(v, r->name, "不能包含控制字符");
		else
			snprintf(dst, r->size, "%s", s);
		return;
	case R_CHOICE:
		if (!strset_has(r->choices, s))
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

	if (n < 1 || n > 20 || !utf8_text_ok(s, false))
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
	if (cfield_apply(db, c->type, json_object_get(fields, "ext"), c->ext, c->ext,
			 sizeof c->ext, v) != 0)
		verr_add(v, "ext", "无法读取扩展字段定义");
	if (c->name[strspn(c->name, " ")] == '\0')
		verr_add(v, "name", "不能为空");
	pinyin_of(c->name, !strcmp(c->type, "individual"), c->pinyin, sizeof c->pinyin,
		  c->initials, sizeof c->initials);
}

void cust_scope_of(const struct principal *who, struct customer_scope *s)
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

bool cust_in_scope(const struct customer_scope *s, const struct customer_rec *c)
{
	return s->all || (s->team_id && c->team_id == s->team_id) ||
	       (s->owner_id && c->owner_id == s->owner_id);
}

static bool has_subjective(const struct customer_rec *c)
{
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if (rules[i].subjective && field_cptr(c, &rules[i])[0])
			return true;
	return false;
}

static const struct field_rule *rule_named(const char *name)
{
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if (!strcmp(rules[i].name, name))
			return &rules[i];
	return NULL;
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
	view->subjective_masked = !open;
	return open && (c->nphones || c->id_number_sealed[0] || has_subjective(c));
}

/* One audit row for one response that showed sensitive fields unmasked. */
int cust_audit_reveal(struct db *db, const struct principal *who,
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
	if ((rc = db_begin_lazy(db)) == 0 &&
	    ((rc = audit_append(db, who, NULL, "customer.view_sensitive", target, detail)) != 0 ||
	     (rc = db_commit(db)) != 0))
		db_rollback(db);
	json_decref(detail);
	return rc;
}

/* Views for recs[0..n) and their audit when anything was unmasked; what
 * NULL: no audit, for an answer that only repeats what the caller sent. */
int cust_fill_views(struct db *db, const struct principal *who,
		      const struct customer_rec *recs, struct customer_view *views,
		      int n, const char *what)
{
	int shown = 0;

	for (int i = 0; i < n; i++)
		shown += customers_view(who, &recs[i], &views[i]);
	return shown && what ? cust_audit_reveal(db, who, recs, n, what) : 0;
}

/* Room for a joined list (phones, emails or tags) in history text. */
#define LIST_TEXT_LEN (CUST_TAGS_MAX * (CUST_TAG_LEN + 2))

/* History fields beyond the rules, in this order (XF_*). */
enum { XF_PHONES, XF_EMAILS, XF_TAGS, XF_ID_NUMBER, XF_OWNER, XF_TEAM };
static const char *const extra_fields[] = {"phones", "emails", "tags", "id_number",
					   "owner", "team"};

/* One history row per extension value that differs ("ext.KEY"). */
static int write_ext_history(struct db *db, const struct principal *who, const char *action,
			     const struct customer_rec *before, const struct customer_rec *after)
{
	json_t *old, *new, *keys, *val;
	struct customer_change *h;
	const char *key;
	int rc;

	if (!strcmp(before && before->ext[0] ? before->ext : "{}", after->ext[0] ? after->ext : "{}"))
		return 0;
	old = json_loads(before && before->ext[0] ? before->ext : "{}", 0, NULL);
	new = json_loads(after->ext[0] ? after->ext : "{}", 0, NULL);
	keys = json_object();
	h = calloc(1, sizeof *h);
	rc = old && new && keys && h ? 0 : GX_ENOMEM;
	json_object_update(keys, old);
	json_object_update(keys, new);
	json_object_foreach(keys, key, val) {
		if (rc != 0)
			break;
		cfield_value_text(json_object_get(old, key), h->old_value, sizeof h->old_value);
		cfield_value_text(json_object_get(new, key), h->new_value, sizeof h->new_value);
		if (!strcmp(h->old_value, h->new_value))
			continue;
		h->customer_id = after->id;
		h->at = clock_now_ms();
		h->actor_id = who->user_id;
		snprintf(h->actor, sizeof h->actor, "%s", who->username);
		snprintf(h->action, sizeof h->action, "%s", action);
		snprintf(h->field, sizeof h->field, "ext.%s", key);
		h->old_null = !json_object_get(old, key);
		h->new_null = !json_object_get(new, key);
		rc = store_customer_change_add(db, h);
	}
	json_decref(old);
	json_decref(new);
	json_decref(keys);
	free(h);
	return rc;
}

/* Appends the items of a list that it lacks, up to max. */
static void list_union(char *items, size_t item_len, int max, int *n, const char *add,
		       int nadd)
{
	for (int i = 0; i < nadd && *n < max; i++) {
		const char *item = add + (size_t)i * item_len;
		bool have = false;
		for (int k = 0; k < *n; k++)
			have |= !strcmp(items + (size_t)k * item_len, item);
		if (!have)
			snprintf(items + (size_t)(*n)++ * item_len, item_len, "%s", item);
	}
}

void cust_absorb(struct customer_rec *into, const struct customer_rec *from)
{
	json_t *ext = json_loads(into->ext[0] ? into->ext : "{}", 0, NULL);
	json_t *more = json_loads(from->ext[0] ? from->ext : "{}", 0, NULL);
	char *text;
	size_t len;

	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
		char *dst = field_ptr(into, &rules[i]);
		if (!dst[0] && rules[i].kind != R_CHOICE)
			snprintf(dst, rules[i].size, "%s", field_cptr(from, &rules[i]));
	}
	if (!into->credit_grade[0])
		snprintf(into->credit_grade, sizeof into->credit_grade, "%s", from->credit_grade);
	if (!strcmp(into->gender, "unknown"))
		snprintf(into->gender, sizeof into->gender, "%s", from->gender);
	if (!into->education[0])
		snprintf(into->education, sizeof into->education, "%s", from->education);
	if (!into->id_number_sealed[0]) {
		memcpy(into->id_number_sealed, from->id_number_sealed, sizeof into->id_number_sealed);
		memcpy(into->id_number_index, from->id_number_index, sizeof into->id_number_index);
	}
	list_union(into->phones[0], CUST_PHONE_LEN, CUST_PHONES_MAX, &into->nphones,
		   from->phones[0], from->nphones);
	list_union(into->emails[0], CUST_EMAIL_LEN, CUST_EMAILS_MAX, &into->nemails,
		   from->emails[0], from->nemails);
	list_union(into->tags[0], CUST_TAG_LEN, CUST_TAGS_MAX, &into->ntags,
		   from->tags[0], from->ntags);
	/* Whatever did not fit, and the other record's remarks, stay readable. */
	len = strlen(into->remarks);
	if (from->remarks[0] && strcmp(into->remarks, from->remarks))
		snprintf(into->remarks + len, sizeof into->remarks - len, "%s【合并自 #%lld】%s",
			 len ? "\n" : "", (long long)from->id, from->remarks);
	if (ext && more) {
		json_object_update_missing(ext, more);
		if ((text = json_dumps(ext, JSON_COMPACT | JSON_SORT_KEYS)) &&
		    strlen(text) < sizeof into->ext)
			snprintf(into->ext, sizeof into->ext, "%s", text);
		free(text);
	}
	json_decref(ext);
	json_decref(more);
}

int cust_history_note(struct db *db, const struct principal *who, int64_t customer_id,
		      const char *action, const char *field, const char *old_value,
		      const char *new_value)
{
	struct customer_change *h = calloc(1, sizeof *h);
	int rc;

	if (!h)
		return GX_ENOMEM;
	h->customer_id = customer_id;
	h->at = clock_now_ms();
	h->actor_id = who->user_id;
	snprintf(h->actor, sizeof h->actor, "%s", who->username);
	snprintf(h->action, sizeof h->action, "%s", action);
	snprintf(h->field, sizeof h->field, "%s", field);
	h->old_null = !old_value;
	h->new_null = !new_value;
	snprintf(h->old_value, sizeof h->old_value, "%s", old_value ? old_value : "");
	snprintf(h->new_value, sizeof h->new_value, "%s", new_value ? new_value : "");
	rc = store_customer_change_add(db, h);
	free(h);
	return rc;
}

static const char *join_list(const char *items, size_t item_len, int n, char *out)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < n && len < LIST_TEXT_LEN; i++)
		len += (size_t)snprintf(out + len, LIST_TEXT_LEN - len, "%s%s", i ? ", " : "",
					items + (size_t)i * item_len);
	return out;
}

enum { NRULES = sizeof rules / sizeof *rules,
       NFIELDS = NRULES + sizeof extra_fields / sizeof *extra_fields };

/* Field i's value as history text (i < NRULES: rules[i], else
 * extra_fields[i - NRULES]): lists joined (into buf, LIST_TEXT_LEN bytes),
 * owner and team by name, the ID number still sealed. Points into c or
 * buf. By position, since an import asks this for every field of every
 * row. */
static const char *history_value(const struct customer_rec *c, size_t i, char *buf)
{
	if (i < NRULES)
		return field_cptr(c, &rules[i]);
	switch (i - NRULES) {
	case XF_PHONES:
		return join_list(c->phones[0], CUST_PHONE_LEN, c->nphones, buf);
	case XF_EMAILS:
		return join_list(c->emails[0], CUST_EMAIL_LEN, c->nemails, buf);
	case XF_TAGS:
		return join_list(c->tags[0], CUST_TAG_LEN, c->ntags, buf);
	case XF_ID_NUMBER:
		return c->id_number_sealed;
	case XF_OWNER:
		return c->owner_name;
	default:
		return c->team_name;
	}
}

/* Writes one history row per field that differs between before (NULL for
 * a new customer) and after, all in one go: an import writes them for
 * every row it reads. */
int cust_write_history(struct db *db, const struct principal *who, const char *action,
			 const struct customer_rec *before, const struct customer_rec *after)
{
	struct customer_change_item items[NFIELDS];
	struct customer_change_head head = {
		.customer_id = after->id, .at = clock_now_ms(), .actor_id = who->user_id,
		.actor = who->username, .action = action,
	};
	char lists[2][3][LIST_TEXT_LEN];
	int n = 0, rc;

	for (size_t i = 0; i < NFIELDS; i++) {
		const char *f = i < NRULES ? rules[i].name : extra_fields[i - NRULES];
		/* Each list field has buffers of its own in both records. */
		size_t k = i < NRULES || i - NRULES > XF_TAGS ? 0 : i - NRULES;
		const char *new = history_value(after, i, lists[1][k]);
		const char *old = before ? history_value(before, i, lists[0][k]) : NULL;
		char plain_old[40] = "", plain_new[40] = "";
		/* Sealed values differ on every seal: compare what they hold. */
		if (!old) {
			if (!new[0])
				continue;
		} else if (i == NRULES + XF_ID_NUMBER) {
			secret_unseal(new, plain_new, sizeof plain_new);
			secret_unseal(old, plain_old, sizeof plain_old);
			if (!strcmp(plain_old, plain_new))
				continue;
		} else if (!strcmp(old, new)) {
			continue;
		}
		items[n++] = (struct customer_change_item){f, old, new};
	}
	if (n && (rc = store_customer_changes_add(db, &head, items, n)) != 0)
		return rc;
	return write_ext_history(db, who, action, before, after);
}

/* Region codes are checked against GB/T 2260 (domain/regions.h) whenever
 * one of them is sent, so a record whose codes are no longer listed can
 * still be edited in its other fields. */
static int check_regions(json_t *fields, const struct customer_rec *c, struct verr *v)
{
	if (!json_object_get(fields, "province") && !json_object_get(fields, "city") &&
	    !json_object_get(fields, "district"))
		return 0;
	return regions_check(c->province, c->city, c->district, v) == GX_EDB ? GX_EDB : 0;
}

int cust_load(struct db *db, const struct principal *who, int64_t id, bool with_deleted,
		struct customer_rec *out)
{
	struct customer_scope scope;

	cust_scope_of(who, &scope);
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
	if (check_regions(fields, out, v) != 0)
		return GX_EDB;
	cust_scope_of(who, &scope);
	/* An account manager's new customer is in their book by default; the
	 * team follows the owner, else the author. */
	if (!json_object_get(fields, "owner_id") && !scope.all && !scope.team_id && scope.owner_id)
		out->owner_id = who->user_id;
	if (!json_object_get(fields, "team_id"))
		out->team_id = out->owner_id && store_user_get(db, out->owner_id, &owner) == 0
			? owner.team_id : who->team_id;
	if (!v->n && !cust_in_scope(&scope, out))
		verr_add(v, "team_id", "不能把客户分到您看不到的班组或客户经理名下");
	if (v->n)
		return GX_EINVAL;
	out->created_by = who->user_id;
	out->created_at = out->updated_at = clock_now_ms();
	cust_review_on_change(db, who, out);
	return 0;
}

int customers_insert(struct db *db, const struct principal *who, struct customer_rec *c,
		     bool bulk)
{
	int rc = bulk ? store_customer_insert_bulk(db, c) : store_customer_insert(db, c);

	return rc ? rc : cust_write_history(db, who, "create", NULL, c);
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
	if ((rc = cust_load(db, who, out->id, false, out)) != 0)
		return rc;
	return cust_fill_views(db, who, out, view, 1, NULL);
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
	    (rc = cust_load(db, who, id, false, before)) != 0)
		goto out;
	*out = *before;
	apply_fields(db, fields, out, v);
	if ((rc = check_regions(fields, out, v)) != 0)
		goto out;
	cust_scope_of(who, &scope);
	if (!v->n && !cust_in_scope(&scope, out))
		verr_add(v, "team_id", "不能把客户分到您看不到的班组或客户经理名下");
	if (v->n) {
		rc = GX_EINVAL;
		goto out;
	}
	out->version = version;
	cust_review_on_change(db, who, out);
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_customer_update(db, out, clock_now_ms())) != 0 ||
	    (rc = cust_write_history(db, who, "update", before, out)) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		goto out;
	}
	if ((rc = cust_load(db, who, id, false, out)) == 0)
		rc = cust_fill_views(db, who, out, view, 1, "update");
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
	    (rc = cust_load(db, who, id, true, out)) != 0)
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
	    (rc = cust_load(db, who, id, false, out)) != 0)
		return rc;
	return cust_fill_views(db, who, out, view, 1, "restore");
}

int customers_get(const struct principal *who, int64_t id,
		  struct customer_rec *out, struct customer_view *view)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)) ||
	    (rc = cust_load(db, who, id, false, out)) != 0)
		return rc;
	return cust_fill_views(db, who, out, view, 1, "read");
}

int customers_visible(const struct principal *who, int64_t id, char *name, size_t cap)
{
	struct customer_rec *c = malloc(sizeof *c);
	struct db *db;
	int rc;

	if (!c)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)))
		rc = rc == GX_EPERM ? GX_ENOTFOUND : rc;
	else if ((rc = cust_load(db, who, id, false, c)) == 0)
		snprintf(name, cap, "%s", c->name);
	free(c);
	return rc;
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
	if (s->type && !strset_has(types, s->type))
		verr_add(v, "type", "取值无效");
	if (s->tier && !strset_has(tiers, s->tier))
		verr_add(v, "tier", "取值无效");
	if (s->review && !strset_has(review_states, s->review))
		verr_add(v, "review", "取值无效");
	if (!s->ext_field != !s->ext_value)
		verr_add(v, "ext_field", "扩展字段查询需同时给出 ext_field 和 ext_value");
	else if (s->ext_value && utf8_len(s->ext_value) > 200)
		verr_add(v, "ext_value", "不能超过 200 个字符");
	if (s->region && (strlen(s->region) != 6 || strspn(s->region, "0123456789") != 6))
		verr_add(v, "region", "应为 6 位行政区划代码");
	if (s->sort && !strset_has(sorts, s->sort))
		verr_add(v, "sort", "应为 newest、oldest、updated 或 name");
	if (s->q && utf8_len(s->q) > 100)
		verr_add(v, "q", "不能超过 100 个字符");
	if (s->tag && strlen(s->tag) >= CUST_TAG_LEN)
		verr_add(v, "tag", "标签过长");
	else if (s->q)
		classify(s->q, q, text, cap, v);
	if (v->n)
		return GX_EINVAL;
	cust_scope_of(who, &q->scope);
	q->type = s->type;
	q->tier = s->tier;
	q->tag = s->tag;
	q->owner_id = s->owner_id;
	q->review = s->review;
	q->region = s->region;
	q->ext_field = s->ext_field;
	q->ext_value = s->ext_value;
	q->created_from = s->created_from;
	q->created_to = s->created_to;
	q->after_id = s->after_id;
	q->after_key = s->after_key;
	q->limit = s->limit;
	if (s->sort)
		q->sort = (enum customer_sort)strset_index(sorts, s->sort);
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
	return cust_fill_views(db, who, out, views, *n, "list");
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
	cust_scope_of(who, &q.scope);
	q.match = CM_PHONE_EXACT;
	q.text = digits;
	q.limit = max;
	if ((rc = store_customer_list(db, &q, out, n)) != 0)
		return rc;
	return cust_fill_views(db, who, out, views, *n, "lookup");
}

int customers_match_phone(struct db *db, const char *phone, struct customer_rec *out, int max,
			  int *n)
{
	struct customer_query q = {0};
	char digits[CUST_PHONE_LEN];

	*n = 0;
	if (!cnid_phone(phone, digits, sizeof digits))
		return 0;
	q.scope.all = true;
	q.match = CM_PHONE_EXACT;
	q.text = digits;
	q.limit = max;
	return store_customer_list(db, &q, out, n);
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
		const struct field_rule *r = rule_named(h->field);
		if (!vals[i][0])
			continue;
		if (r && r->subjective) {
			shown |= open;
			if (!open)
				snprintf(vals[i], CUST_REMARKS_LEN, "******");
		} else if (!strcmp(h->field, "id_number")) {
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
	    (rc = cust_load(db, who, id, true, c)) != 0 ||
	    (rc = store_customer_changes(db, id, before_id, limit, out, n)) != 0)
		goto out;
	for (int i = 0; i < *n; i++)
		shown += view_change(who, &out[i]);
	if (shown)
		rc = cust_audit_reveal(db, who, c, 1, "history");
out:
	free(c);
	return rc;
}

int customers_load_scoped(struct db *db, const struct principal *who, int64_t id,
			  struct customer_rec *out)
{
	return cust_load(db, who, id, false, out);
}

bool customers_email_ok(const char *s)
{
	return email_ok(s);
}

bool customers_mask_change(const struct principal *who, struct customer_change *h)
{
	return view_change(who, h);
}

int customers_audit_reveal(struct db *db, const struct principal *who,
			   const struct customer_rec *c, const char *what)
{
	return cust_audit_reveal(db, who, c, 1, what);
}
