#include "domain/interactions.h"
#include "domain/customers.h"
#include "domain/tickets.h"
#include "lib/clock.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A time a few minutes ahead of the server is a clock difference, not a
 * record of the future. */
#define FUTURE_SLACK_MS (5 * 60 * 1000)

static const struct {
	const char *name, *label;
} channels[] = {
	{"phone", "电话"}, {"email", "邮件"}, {"meeting", "会议"}, {"visit", "拜访"},
	{"sms", "短信"},   {"wechat", "微信"}, {"weibo", "微博"},
};

static const char *channel_label(const char *name)
{
	for (size_t i = 0; i < sizeof channels / sizeof *channels; i++)
		if (!strcmp(channels[i].name, name))
			return channels[i].label;
	return NULL;
}

static void apply_text(json_t *fields, const char *name, char *dst, size_t cap,
		       size_t max_chars, bool multiline, struct verr *v)
{
	json_t *val = json_object_get(fields, name);
	const char *s = json_string_value(val);

	if (!val)
		return;
	if (!s)
		verr_add(v, name, "应为字符串");
	else if (utf8_len(s) > max_chars)
		verr_add(v, name, "不能超过 %zu 个字符", max_chars);
	else if (!utf8_text_ok(s, multiline))
		verr_add(v, name, "不能包含控制字符");
	else
		snprintf(dst, cap, "%s", s);
}

static void apply_choice(json_t *fields, const char *name, char *dst, size_t cap,
			 bool ok(const char *), struct verr *v)
{
	const char *s = json_string_value(json_object_get(fields, name));

	if (!json_object_get(fields, name))
		verr_add(v, name, "必填");
	else if (!s || !ok(s))
		verr_add(v, name, "取值无效");
	else
		snprintf(dst, cap, "%s", s);
}

static bool channel_ok(const char *s)
{
	return channel_label(s) != NULL;
}

static bool direction_ok(const char *s)
{
	return !strcmp(s, "inbound") || !strcmp(s, "outbound");
}

static void apply_fields(struct db *db, json_t *fields, struct interaction_rec *i,
			 struct verr *v)
{
	json_t *val;
	struct contact_rec *k;

	apply_choice(fields, "channel", i->channel, sizeof i->channel, channel_ok, v);
	apply_choice(fields, "direction", i->direction, sizeof i->direction, direction_ok, v);
	apply_text(fields, "participants", i->participants, sizeof i->participants, 200,
		   false, v);
	apply_text(fields, "summary", i->summary, sizeof i->summary, 2000, true, v);
	if (!json_object_get(fields, "summary"))
		verr_add(v, "summary", "必填");
	else if (i->summary[strspn(i->summary, " \n\r\t")] == '\0')
		verr_add(v, "summary", "不能为空");
	i->occurred_at = clock_now_ms();
	if ((val = json_object_get(fields, "occurred_at")) && !json_is_null(val)) {
		if (!json_is_string(val) ||
		    clock_parse_rfc3339(json_string_value(val), &i->occurred_at) != 0)
			verr_add(v, "occurred_at", "应为 RFC 3339 时间，如 2026-11-22T10:00:00+08:00");
		else if (i->occurred_at > clock_now_ms() + FUTURE_SLACK_MS)
			verr_add(v, "occurred_at", "不能晚于现在");
	}
	if ((val = json_object_get(fields, "ticket_id")) && !json_is_null(val)) {
		i->ticket_id = json_integer_value(val);
		if (tkt_of_customer(db, i->ticket_id, i->customer_id) != 0)
			verr_add(v, "ticket_id", "不是该客户的工单");
	}
	if ((val = json_object_get(fields, "contact_id")) && !json_is_null(val)) {
		i->contact_id = json_integer_value(val);
		if (!(k = malloc(sizeof *k)))
			verr_add(v, "contact_id", "内存不足");
		else if (store_contact_get(db, i->contact_id, k) != 0 ||
			 k->customer_id != i->customer_id)
			verr_add(v, "contact_id", "不是该客户的联系人");
		free(k);
	}
}

int interactions_create(const struct principal *who, int64_t customer_id, json_t *fields,
			struct interaction_rec *out, struct verr *v)
{
	struct customer_rec *customer = malloc(sizeof *customer);
	struct db *db;
	int rc;

	if (!customer)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_CUSTOMER_WRITE, &rc)) ||
	    (rc = customers_load_scoped(db, who, customer_id, customer)) != 0)
		goto out;
	memset(out, 0, sizeof *out);
	out->customer_id = customer_id;
	apply_fields(db, fields, out, v);
	if (v->n) {
		rc = GX_EINVAL;
		goto out;
	}
	out->created_by = who->user_id;
	out->created_at = clock_now_ms();
	if ((rc = store_interaction_insert(db, out)) == 0)
		rc = store_interaction_get(db, out->id, out);
out:
	free(customer);
	return rc;
}

/* The interaction if its customer is in who's scope. */
static int load(struct db *db, const struct principal *who, int64_t id,
		struct interaction_rec *out)
{
	struct customer_rec *customer = malloc(sizeof *customer);
	int rc;

	if (!customer)
		return GX_ENOMEM;
	if ((rc = store_interaction_get(db, id, out)) == 0)
		rc = customers_load_scoped(db, who, out->customer_id, customer);
	free(customer);
	return rc;
}

int interactions_get(const struct principal *who, int64_t id, struct interaction_rec *out)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)))
		return rc;
	return load(db, who, id, out);
}

/* "[电话 · 客户发起 · 2026-11-22 10:00] summary", the time in Beijing: what
 * the history keeps of a deleted interaction. */
static void describe(const struct interaction_rec *i, char *out, size_t cap)
{
	time_t t = (time_t)(i->occurred_at / 1000) + 8 * 3600;
	struct tm tm;
	char when[32];

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	int len = snprintf(out, cap, "[%s · %s · %s] ", channel_label(i->channel),
			   !strcmp(i->direction, "inbound") ? "客户发起" : "我方发起", when);

	/* The longest summary may not fit after the prefix: cut it between
	 * characters. */
	if (len > 0 && (size_t)len < cap)
		utf8_copy(out + len, cap - (size_t)len, i->summary);
}

int interactions_delete(const struct principal *who, int64_t id)
{
	struct interaction_rec *i = malloc(sizeof *i);
	struct customer_change *h = calloc(1, sizeof *h);
	struct db *db;
	int rc;

	if (!i || !h) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (!(db = principal_db(who, PERM_CUSTOMER_DELETE, &rc)) ||
	    (rc = load(db, who, id, i)) != 0)
		goto out;
	h->customer_id = i->customer_id;
	h->at = clock_now_ms();
	h->actor_id = who->user_id;
	snprintf(h->actor, sizeof h->actor, "%s", who->username);
	snprintf(h->action, sizeof h->action, "delete");
	snprintf(h->field, sizeof h->field, "interaction");
	describe(i, h->old_value, sizeof h->old_value);
	h->new_null = true;
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_interaction_delete(db, id)) != 0 ||
	    (rc = store_customer_change_add(db, h)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
out:
	free(i);
	free(h);
	return rc;
}

int interactions_list(const struct principal *who, int64_t customer_id, int64_t before_at,
		      int64_t before_id, struct interaction_rec *out, int limit, int *n)
{
	struct customer_rec *customer = malloc(sizeof *customer);
	struct db *db;
	int rc;

	*n = 0;
	if (!customer)
		return GX_ENOMEM;
	if ((db = principal_db(who, PERM_CUSTOMER_READ, &rc)) &&
	    (rc = customers_load_scoped(db, who, customer_id, customer)) == 0)
		rc = store_interactions_of(db, customer_id, before_at, before_id, out, limit, n);
	free(customer);
	return rc;
}

/* Reads one timeline entry of a kind from its own table; true if it shows
 * a sensitive value unmasked. */
static int load_item(struct db *db, const struct principal *who, struct timeline_item *it,
		     bool *shown)
{
	int rc;

	if (!strcmp(it->key.kind, "interaction"))
		return store_interaction_get(db, it->key.id, &it->u.interaction);
	if (!strcmp(it->key.kind, "ticket"))
		return store_ticket_event_get(db, it->key.id, &it->u.ticket);
	if (!strcmp(it->key.kind, "call"))
		return store_cc_call_get(db, it->key.id, &it->u.call);
	if ((rc = store_customer_change_get(db, it->key.id, &it->u.change)) == 0)
		*shown |= customers_mask_change(who, &it->u.change);
	return rc;
}

int customers_timeline(const struct principal *who, int64_t customer_id,
		       const struct timeline_key *cursor, struct timeline_item *out,
		       int limit, int *n)
{
	struct customer_rec *customer = malloc(sizeof *customer);
	struct timeline_key *keys = calloc((size_t)limit + 1, sizeof *keys);
	bool shown = false;
	struct db *db;
	int rc, nkeys = 0;

	*n = 0;
	if (!customer || !keys) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)) ||
	    (rc = customers_load_scoped(db, who, customer_id, customer)) != 0)
		goto out;
	/* One read transaction, so every entry is read from the same state
	 * the keys came from. */
	if ((rc = db_begin(db, false)) != 0)
		goto out;
	rc = store_timeline(db, customer_id, cursor, keys, limit, &nkeys);
	for (int i = 0; i < nkeys && rc == 0; i++) {
		out[i].key = keys[i];
		if ((rc = load_item(db, who, &out[i], &shown)) == 0)
			(*n)++;
	}
	db_rollback(db);
	if (rc == 0 && shown)
		rc = customers_audit_reveal(db, who, customer, "timeline");
out:
	free(customer);
	free(keys);
	return rc;
}
