#include "domain/cc_calls.h"
#include "domain/cc_config.h"
#include "domain/customers.h"
#include "domain/interactions.h"
#include "domain/tickets.h"
#include "lib/clock.h"
#include "lib/mask.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

#define DISPOSITION_MAX_CHARS 50
#define NOTE_MAX_CHARS 200

static json_t *time_or_null(int64_t ms)
{
	char buf[CLOCK_RFC3339_LEN];

	if (!ms)
		return json_null();
	clock_rfc3339(ms, buf);
	return json_string(buf);
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *number_json(const char *number, bool unmasked)
{
	char masked[CC_NUMBER_LEN];

	if (unmasked || !number[0])
		return json_string(number);
	mask_phone(number, masked, sizeof masked);
	return json_string(masked);
}

json_t *cc_call_json(const struct cc_call *c, bool unmasked)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:i,s:o,s:s,s:i}",
		"id", (json_int_t)c->id, "ext_id", c->ext_id, "direction", c->direction,
		"caller", number_json(c->caller, unmasked), "called", json_string(c->called),
		"queue_id", id_or_null(c->queue_id), "first_queue_id", id_or_null(c->first_queue_id),
		"customer_id", id_or_null(c->customer_id), "matches", c->matches,
		"agent_id", id_or_null(c->agent_id), "state", c->state, "priority", c->priority);

	json_object_update_new(o, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:s,s:b,s:i,s:s}",
		"offered_at", time_or_null(c->offered_at), "queued_at", time_or_null(c->queued_at),
		"assigned_at", time_or_null(c->assigned_at),
		"answered_at", time_or_null(c->answered_at), "ended_at", time_or_null(c->ended_at),
		"wrap_end_at", time_or_null(c->wrap_end_at), "end_cause", c->end_cause,
		"disposition", c->disposition, "overflowed", c->overflowed,
		"transfers", c->transfers, "recording", c->recording));
	json_object_update_new(o, json_pack("{s:o,s:o,s:o,s:s,s:o,s:s,s:s,s:s,s:I}",
		"ticket_id", id_or_null(c->ticket_id),
		"rating", c->rating ? json_integer(c->rating) : json_null(),
		"rated_at", time_or_null(c->rated_at), "note", c->note,
		"outbound_entry_id", id_or_null(c->outbound_entry_id),
		"queue_name", c->queue_name, "agent_name", c->agent_name,
		"customer_name", c->customer_name, "version", (json_int_t)c->version));
	return o;
}

bool cc_calls_unmasked(const struct principal *who)
{
	return principal_can(who, PERM_CUSTOMER_READ_SENSITIVE);
}

/* Supervisors reach every call, agents the calls they took. */
static struct db *calls_db(const struct principal *who, bool *all, int *rc)
{
	*all = principal_can(who, PERM_CC_SUPERVISE);
	return principal_db(who, *all ? PERM_CC_SUPERVISE : PERM_CC_AGENT, rc);
}

int cc_calls_list(const struct principal *who, struct cc_call_filter *f, struct cc_call *out,
		  int max, int *n)
{
	struct db *db;
	bool all;
	int rc;

	*n = 0;
	if (!(db = calls_db(who, &all, &rc)))
		return rc;
	if (!all)
		f->agent_id = who->user_id;
	return store_cc_calls(db, f, out, max, n);
}

static int reach(struct db *db, const struct principal *who, bool all, int64_t id,
		 struct cc_call *out)
{
	int rc = store_cc_call_get(db, id, out);

	if (rc == 0 && !all && out->agent_id != who->user_id)
		return GX_ENOTFOUND;
	return rc;
}

int cc_call_get(const struct principal *who, int64_t id, struct cc_call *out,
		struct cc_log *log, int log_max, int *nlog)
{
	struct db *db;
	bool all;
	int rc;

	*nlog = 0;
	if (!(db = calls_db(who, &all, &rc)) || (rc = reach(db, who, all, id, out)) != 0)
		return rc;
	return store_cc_call_log(db, id, log, log_max, nlog);
}

static int check_change(const struct principal *who, const struct cc_call_change *ch,
			struct verr *v)
{
	char name[8];

	if (ch->disposition && (!utf8_text_ok(ch->disposition, false) ||
				utf8_len(ch->disposition) > DISPOSITION_MAX_CHARS))
		verr_add(v, "disposition", "最多 %d 个字符", DISPOSITION_MAX_CHARS);
	if (ch->note && (!utf8_text_ok(ch->note, true) || utf8_len(ch->note) > NOTE_MAX_CHARS))
		verr_add(v, "note", "最多 %d 个字符", NOTE_MAX_CHARS);
	if (ch->customer_id && customers_visible(who, ch->customer_id, name, sizeof name) != 0)
		verr_add(v, "customer_id", "客户不存在或不在您的客户范围内");
	return v->n ? GX_EINVAL : 0;
}

static int write_change(struct db *db, const struct cc_call_change *ch, struct cc_call *c)
{
	if (ch->version && ch->version != c->version)
		return GX_EVERSION;
	if (ch->disposition && strcmp(c->state, "ended"))
		return GX_ECONFLICT;
	if (ch->disposition)
		snprintf(c->disposition, sizeof c->disposition, "%s", ch->disposition);
	if (ch->note)
		snprintf(c->note, sizeof c->note, "%s", ch->note);
	if (ch->customer_id)
		c->customer_id = ch->customer_id;
	return store_cc_call_update(db, c);
}

int cc_call_update(const struct principal *who, int64_t id, const struct cc_call_change *ch,
		   struct cc_call *out, struct verr *v)
{
	struct db *db;
	bool all;
	int rc;

	if (!(db = calls_db(who, &all, &rc)))
		return rc;
	if ((rc = check_change(who, ch, v)) != 0 || (rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = reach(db, who, all, id, out)) == 0 && (rc = write_change(db, ch, out)) == 0 &&
	    (rc = store_cc_call_get(db, id, out)) == 0)
		rc = db_commit(db);
	if (rc == GX_ECONFLICT)
		verr_add(v, "disposition", "通话结束后才能填写处理结果");
	if (rc != 0)
		db_rollback(db);
	return rc;
}

static int link_ticket(struct db *db, int64_t call_id, int64_t ticket_id, int64_t customer_id)
{
	struct cc_call c;
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_cc_call_get(db, call_id, &c)) == 0) {
		c.ticket_id = ticket_id;
		c.customer_id = customer_id;
		if ((rc = store_cc_call_update(db, &c)) == 0 &&
		    (rc = store_cc_log(db, call_id, "ticket", c.agent_id, c.queue_id,
				       clock_now_ms())) == 0)
			rc = db_commit(db);
	}
	if (rc != 0)
		db_rollback(db);
	return rc;
}

int cc_call_ticket(const struct principal *who, int64_t id, json_t *fields, int64_t *ticket_id,
		   struct verr *v)
{
	struct ticket_rec t;
	struct cc_call c;
	struct db *db;
	bool all;
	int rc;

	if (!(db = calls_db(who, &all, &rc)) || (rc = reach(db, who, all, id, &c)) != 0)
		return rc;
	if (c.ticket_id) {
		verr_add(v, "call", "该通话已建工单 %lld", (long long)c.ticket_id);
		return GX_ECONFLICT;
	}
	json_object_set_new(fields, "channel", json_string("phone"));
	if (!json_object_get(fields, "customer_id") && c.customer_id)
		json_object_set_new(fields, "customer_id", json_integer(c.customer_id));
	if ((rc = tkt_create(who, fields, &t, v)) != 0)
		return rc;
	*ticket_id = t.id;
	return link_ticket(db, id, t.id, t.customer_id);
}

int cc_call_interaction(const struct principal *who, int64_t id, const char *summary,
			int64_t *interaction_id, struct verr *v)
{
	struct interaction_rec i;
	struct cc_call c;
	struct db *db;
	json_t *fields;
	bool all;
	int rc;

	if (!(db = calls_db(who, &all, &rc)) || (rc = reach(db, who, all, id, &c)) != 0)
		return rc;
	if (!c.customer_id)
		return verr_add(v, "customer_id", "请先为通话选定客户");
	fields = json_pack("{s:s,s:s,s:s,s:o,s:o}", "channel", "phone", "direction", c.direction,
			   "summary", summary ? summary : "", "ticket_id", id_or_null(c.ticket_id),
			   "occurred_at", time_or_null(c.answered_at ? c.answered_at : c.offered_at));
	rc = interactions_create(who, c.customer_id, fields, &i, v);
	json_decref(fields);
	if (rc == 0)
		*interaction_id = i.id;
	return rc;
}

int cc_log_last(const struct principal *who, int64_t *id)
{
	struct db *db;
	int rc;

	*id = 0;
	if (!(db = cc_reader_db(who, &rc)))
		return rc;
	return store_cc_log_last(db, id);
}

int cc_calls_log_since(const struct principal *who, int64_t after_id, struct cc_log *log,
		       struct cc_call *calls, int max, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_CC_AGENT, &rc)))
		return rc;
	if ((rc = store_cc_log_since(db, who->user_id, NULL, after_id, log, max, n)) != 0)
		return rc;
	for (int i = 0; i < *n; i++)
		if ((rc = store_cc_call_get(db, log[i].call_id, &calls[i])) != 0)
			return rc;
	return 0;
}
