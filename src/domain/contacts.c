#include "domain/contacts.h"
#include "domain/customers.h"
#include "lib/clock.h"
#include "lib/cnid.h"
#include "lib/mask.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *label;
} roles[] = {
	{"decision_maker", "决策人"},
	{"influencer", "影响者"},
	{"user", "使用者"},
	{"other", "其他"},
};

#define AT(f) offsetof(struct contact_rec, f), sizeof(((struct contact_rec *)0)->f)

/* The text fields of a contact: where each goes and how long it may be. */
static const struct text_rule {
	const char *name;
	size_t offset, size, max_chars;
	bool multiline;
} texts[] = {
	{"name", AT(name), 50, false},
	{"title", AT(title), 50, false},
	{"department", AT(department), 50, false},
	{"salutation", AT(salutation), 20, false},
	{"remarks", AT(remarks), 1000, true},
};

/* Every field a history row may name, in the order they are compared. */
static const char *const history_fields[] = {"name", "title", "department", "salutation",
					     "phones", "email", "decision_role", "remarks"};

const char *contacts_role_label(const char *role)
{
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (!strcmp(roles[i].name, role))
			return roles[i].label;
	return role;
}

static bool role_known(const char *role)
{
	return strcmp(contacts_role_label(role), role) != 0;
}

static void apply_text(const struct text_rule *r, json_t *val, struct contact_rec *c,
		       struct verr *v)
{
	const char *s = json_string_value(val);

	if (!s)
		verr_add(v, r->name, "应为字符串");
	else if (utf8_len(s) > r->max_chars)
		verr_add(v, r->name, "不能超过 %zu 个字符", r->max_chars);
	else if (!utf8_text_ok(s, r->multiline))
		verr_add(v, r->name, "不能包含控制字符");
	else
		snprintf((char *)c + r->offset, r->size, "%s", s);
}

static void apply_phones(json_t *val, struct contact_rec *c, struct verr *v)
{
	json_t *it;
	size_t i;

	if (!json_is_array(val) || json_array_size(val) > CONTACT_PHONES_MAX) {
		verr_add(v, "phones", "最多 %d 个号码", CONTACT_PHONES_MAX);
		return;
	}
	c->nphones = 0;
	json_array_foreach(val, i, it) {
		char norm[CUST_PHONE_LEN];
		bool dup = false;
		if (!json_is_string(it) || !cnid_phone(json_string_value(it), norm, sizeof norm)) {
			verr_add(v, "phones", "第 %zu 项不是有效的手机号或固定电话", i + 1);
			return;
		}
		for (int k = 0; k < c->nphones; k++)
			dup |= !strcmp(c->phones[k], norm);
		if (!dup)
			snprintf(c->phones[c->nphones++], CUST_PHONE_LEN, "%s", norm);
	}
}

static void apply_email(json_t *val, struct contact_rec *c, struct verr *v)
{
	const char *s = json_string_value(val);
	size_t i;

	if (json_is_null(val) || (s && !*s)) {
		c->email[0] = '\0';
		return;
	}
	if (!s || !customers_email_ok(s)) {
		verr_add(v, "email", "不是有效的邮箱地址");
		return;
	}
	for (i = 0; s[i] && i + 1 < sizeof c->email; i++)
		c->email[i] = (char)tolower((unsigned char)s[i]);
	c->email[i] = '\0';
}

/* Applies the fields present in the object onto c. */
static void apply_fields(json_t *fields, struct contact_rec *c, struct verr *v)
{
	json_t *val;

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if ((val = json_object_get(fields, texts[i].name)))
			apply_text(&texts[i], val, c, v);
	if ((val = json_object_get(fields, "phones")))
		apply_phones(val, c, v);
	if ((val = json_object_get(fields, "email")))
		apply_email(val, c, v);
	if ((val = json_object_get(fields, "decision_role"))) {
		if (!json_is_string(val) || !role_known(json_string_value(val)))
			verr_add(v, "decision_role", "取值无效");
		else
			snprintf(c->decision_role, sizeof c->decision_role, "%s",
				 json_string_value(val));
	}
	if (c->name[strspn(c->name, " ")] == '\0')
		verr_add(v, "name", "不能为空");
}

/* Fills the reader's view; true if it shows a phone unmasked. */
static bool fill_view(const struct principal *who, const struct contact_rec *c,
		      struct contact_view *view)
{
	bool open = principal_can(who, PERM_CUSTOMER_READ_SENSITIVE);

	view->nphones = c->nphones;
	for (int i = 0; i < c->nphones; i++) {
		if (open)
			snprintf(view->phones[i], CUST_PHONE_LEN, "%s", c->phones[i]);
		else
			mask_phone(c->phones[i], view->phones[i], CUST_PHONE_LEN);
	}
	return open && c->nphones;
}

/* A field's value as history text, phones joined by ", " as the
 * customer's are (so the history masks them the same way). */
static void history_value(const struct contact_rec *c, const char *field, char *out,
			  size_t cap)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (!strcmp(texts[i].name, field)) {
			snprintf(out, cap, "%s", (const char *)c + texts[i].offset);
			return;
		}
	if (!strcmp(field, "phones"))
		for (int i = 0; i < c->nphones; i++)
			len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? ", " : "",
						c->phones[i]);
	else if (!strcmp(field, "email"))
		snprintf(out, cap, "%s", c->email);
	else if (!strcmp(field, "decision_role"))
		snprintf(out, cap, "%s", c->decision_role);
}

/* One history row per field that differs between before and after; a
 * new contact (before NULL) writes its non-empty fields, a deleted one
 * (after NULL) the fields it had. */
static int write_history(struct db *db, const struct principal *who, const char *action,
			 const struct contact_rec *before, const struct contact_rec *after)
{
	const struct contact_rec *c = after ? after : before;
	struct customer_change *h = calloc(1, sizeof *h);
	int rc = 0;

	if (!h)
		return GX_ENOMEM;
	h->customer_id = c->customer_id;
	h->contact_id = c->id;
	snprintf(h->contact_name, sizeof h->contact_name, "%s", c->name);
	h->at = clock_now_ms();
	h->actor_id = who->user_id;
	snprintf(h->actor, sizeof h->actor, "%s", who->username);
	snprintf(h->action, sizeof h->action, "%s", action);
	for (size_t i = 0; i < sizeof history_fields / sizeof *history_fields && rc == 0; i++) {
		const char *f = history_fields[i];
		snprintf(h->field, sizeof h->field, "%s", f);
		h->old_value[0] = h->new_value[0] = '\0';
		if (before)
			history_value(before, f, h->old_value, sizeof h->old_value);
		if (after)
			history_value(after, f, h->new_value, sizeof h->new_value);
		h->old_null = !before;
		h->new_null = !after;
		if (before && after ? !strcmp(h->old_value, h->new_value)
				    : !(before ? h->old_value : h->new_value)[0])
			continue;
		rc = store_customer_change_add(db, h);
	}
	free(h);
	return rc;
}

/* The contact and its customer, if the customer is in who's scope. */
static int load(struct db *db, const struct principal *who, int64_t id,
		struct contact_rec *out, struct customer_rec *customer)
{
	int rc = store_contact_get(db, id, out);

	return rc ? rc : customers_load_scoped(db, who, out->customer_id, customer);
}

/* The view of one contact, audited as `what` if it shows phones. */
static int view_one(struct db *db, const struct principal *who,
		    const struct customer_rec *customer, const struct contact_rec *c,
		    struct contact_view *view, const char *what)
{
	return fill_view(who, c, view) && what
		? customers_audit_reveal(db, who, customer, what) : 0;
}

int contacts_create(const struct principal *who, int64_t customer_id, json_t *fields,
		    struct contact_rec *out, struct contact_view *view, struct verr *v)
{
	struct customer_rec *customer = malloc(sizeof *customer);
	struct db *db;
	int rc, count = 0;

	if (!customer)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_CUSTOMER_WRITE, &rc)) ||
	    (rc = customers_load_scoped(db, who, customer_id, customer)) != 0 ||
	    (rc = store_contacts_count(db, customer_id, &count)) != 0)
		goto out;
	if (!strcmp(customer->type, "individual"))
		verr_add(v, "customer", "个人客户没有联系人；联系人只属于公司、金融机构和政府机构客户");
	else if (count >= CONTACTS_PER_CUSTOMER_MAX)
		verr_add(v, "customer", "一个客户最多 %d 个联系人", CONTACTS_PER_CUSTOMER_MAX);
	memset(out, 0, sizeof *out);
	snprintf(out->decision_role, sizeof out->decision_role, "other");
	if (!json_object_get(fields, "name"))
		verr_add(v, "name", "必填");
	apply_fields(fields, out, v);
	if (v->n) {
		rc = GX_EINVAL;
		goto out;
	}
	out->customer_id = customer_id;
	out->created_by = who->user_id;
	out->created_at = clock_now_ms();
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_contact_insert(db, out)) != 0 ||
	    (rc = write_history(db, who, "create", NULL, out)) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		goto out;
	}
	rc = view_one(db, who, customer, out, view, NULL);
out:
	free(customer);
	return rc;
}

int contacts_update(const struct principal *who, int64_t id, int64_t version,
		    json_t *fields, struct contact_rec *out, struct contact_view *view,
		    struct verr *v)
{
	struct customer_rec *customer = malloc(sizeof *customer);
	struct contact_rec *before = malloc(sizeof *before);
	struct db *db;
	int rc;

	if (!customer || !before) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (!(db = principal_db(who, PERM_CUSTOMER_WRITE, &rc)) ||
	    (rc = load(db, who, id, before, customer)) != 0)
		goto out;
	*out = *before;
	apply_fields(fields, out, v);
	if (v->n) {
		rc = GX_EINVAL;
		goto out;
	}
	out->version = version;
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_contact_update(db, out, clock_now_ms())) != 0 ||
	    (rc = write_history(db, who, "update", before, out)) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		goto out;
	}
	rc = view_one(db, who, customer, out, view, "contact.update");
out:
	free(customer);
	free(before);
	return rc;
}

int contacts_delete(const struct principal *who, int64_t id, int64_t version)
{
	struct customer_rec *customer = malloc(sizeof *customer);
	struct contact_rec *c = malloc(sizeof *c);
	struct db *db;
	int rc;

	if (!customer || !c) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (!(db = principal_db(who, PERM_CUSTOMER_WRITE, &rc)) ||
	    (rc = load(db, who, id, c, customer)) != 0)
		goto out;
	/* Checked again under the write lock, so nothing changes it between
	 * the check and the delete. */
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_contact_get(db, id, c)) != 0 ||
	    (rc = c->version == version ? 0 : GX_EVERSION) != 0 ||
	    (rc = store_contact_delete(db, id)) != 0 ||
	    (rc = write_history(db, who, "delete", c, NULL)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
out:
	free(customer);
	free(c);
	return rc;
}

int contacts_get(const struct principal *who, int64_t id, struct contact_rec *out,
		 struct contact_view *view)
{
	struct customer_rec *customer = malloc(sizeof *customer);
	struct db *db;
	int rc;

	if (!customer)
		return GX_ENOMEM;
	if ((db = principal_db(who, PERM_CUSTOMER_READ, &rc)) &&
	    (rc = load(db, who, id, out, customer)) == 0)
		rc = view_one(db, who, customer, out, view, "contact");
	free(customer);
	return rc;
}

int contacts_list(const struct principal *who, int64_t customer_id, const char *what,
		  struct customer_rec *customer, struct contact_rec *out,
		  struct contact_view *views, int *n)
{
	struct customer_rec *c = customer ? customer : malloc(sizeof *c);
	struct db *db;
	int rc, shown = 0;

	*n = 0;
	if (!c)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)) ||
	    (rc = customers_load_scoped(db, who, customer_id, c)) != 0 ||
	    (rc = store_contacts_of(db, customer_id, out, CONTACTS_PER_CUSTOMER_MAX, n)) != 0)
		goto out;
	for (int i = 0; i < *n; i++)
		shown += fill_view(who, &out[i], &views[i]);
	if (shown)
		rc = customers_audit_reveal(db, who, c, what);
out:
	if (c != customer)
		free(c);
	return rc;
}
