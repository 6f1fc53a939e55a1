#include "domain/acd.h"
#include "lib/evt.h"
#include "lib/clock.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)
#define CHINA_OFFSET_MS (8LL * 3600 * 1000)
#define TICK_BATCH 200
#define REASON_MAX_CHARS 20

int64_t acd_day_start(int64_t now)
{
	return (now + CHINA_OFFSET_MS) / DAY_MS * DAY_MS - CHINA_OFFSET_MS;
}

/* After commit: the wallboards, and the agent's desktop when user_id is
 * not 0. */
static int wake(struct db *db, int64_t user_id)
{
	if ((user_id && db_after_commit(db, evt_publish, user_id) != 0) ||
	    db_after_commit(db, evt_publish, EVT_WALLBOARD) != 0)
		return GX_ENOMEM;
	return 0;
}

int acd_assign(struct db *db, struct cc_call *c, int64_t user_id, int64_t now)
{
	int rc;

	snprintf(c->state, sizeof c->state, "ringing");
	c->agent_id = user_id;
	c->assigned_at = now;
	if ((rc = store_cc_call_update(db, c)) != 0 ||
	    (rc = store_cc_agent_state(db, user_id, "ringing", "", c->id, 0, 0, now)) != 0 ||
	    (rc = store_cc_agent_offered(db, user_id, acd_day_start(now), now)) != 0 ||
	    (rc = store_cc_log(db, c->id, "assigned", user_id, c->queue_id, now)) != 0)
		return rc;
	if (db_after_commit(db, evt_publish, EVT_CTI) != 0)
		return GX_ENOMEM;
	return wake(db, user_id);
}

int acd_route(struct db *db, struct cc_call *c, int64_t now)
{
	struct cc_queue q;
	int64_t agent;
	int rc;

	if ((rc = store_cc_queue_get(db, c->queue_id, &q)) != 0)
		return rc;
	rc = store_cc_pick_agent(db, q.skill_id, q.strategy, acd_day_start(now), now, &agent);
	if (rc == GX_ENOTFOUND)
		return wake(db, 0);
	return rc ? rc : acd_assign(db, c, agent, now);
}

int acd_agent_free(struct db *db, int64_t user_id, int64_t now)
{
	struct cc_call c;
	int64_t call_id;
	int rc;

	if ((rc = store_cc_next_call_for(db, user_id, &call_id)) == GX_ENOTFOUND)
		return wake(db, user_id);
	if (rc || (rc = store_cc_call_get(db, call_id, &c)) != 0)
		return rc;
	return acd_assign(db, &c, user_id, now);
}

int acd_agent_done(struct db *db, int64_t user_id, int wrap_s, int64_t now)
{
	struct cc_agent a;
	int64_t until = now + (int64_t)wrap_s * 1000;
	int rc;

	if ((rc = store_cc_agent_get(db, user_id, &a)) != 0)
		return rc;
	if (wrap_s > 0) {
		rc = store_cc_agent_state(db, user_id, "wrap_up", "", a.call_id, until, until, now);
		return rc ? rc : wake(db, user_id);
	}
	if ((rc = store_cc_agent_state(db, user_id, "ready", "", 0, 0, now, now)) != 0)
		return rc;
	return acd_agent_free(db, user_id, now);
}

/* The call an agent is wrapping up gets its wrap-up end now. */
static int end_wrap(struct db *db, const struct cc_agent *a, int64_t now)
{
	struct cc_call c;
	int rc;

	if (!a->call_id)
		return 0;
	if ((rc = store_cc_call_get(db, a->call_id, &c)) != 0)
		return rc == GX_ENOTFOUND ? 0 : rc;
	if (c.wrap_end_at && c.wrap_end_at <= now)
		return 0;
	c.wrap_end_at = now;
	if ((rc = store_cc_call_update(db, &c)) != 0)
		return rc;
	return store_cc_log(db, c.id, "wrap_done", a->user_id, c.queue_id, now);
}

static int check_state(const struct cc_agent *a, const char *state, const char *reason,
		       struct verr *v)
{
	if (strcmp(state, "ready") && strcmp(state, "not_ready") && strcmp(state, "signed_out"))
		return verr_add(v, "state", "应为 ready、not_ready 或 signed_out");
	if (!strcmp(state, "not_ready") &&
	    (!utf8_text_ok(reason, false) || utf8_blank(reason) || utf8_len(reason) > REASON_MAX_CHARS))
		return verr_add(v, "reason", "示忙须写明原因（1–%d 个字符）", REASON_MAX_CHARS);
	if (!strcmp(a->state, "ringing") || !strcmp(a->state, "talking"))
		return GX_ECONFLICT;
	return 0;
}

static int apply_state(struct db *db, const struct cc_agent *a, const char *state,
		       const char *reason, int64_t now)
{
	bool was_idle = !strcmp(a->state, "ready");
	int rc;

	if (!strcmp(a->state, "wrap_up") && (rc = end_wrap(db, a, now)) != 0)
		return rc;
	if (!strcmp(state, "ready")) {
		rc = store_cc_agent_state(db, a->user_id, "ready", "", 0, 0, was_idle ? 0 : now, now);
		return rc ? rc : acd_agent_free(db, a->user_id, now);
	}
	rc = store_cc_agent_state(db, a->user_id, state, strcmp(state, "not_ready") ? "" : reason,
				  0, 0, 0, now);
	return rc ? rc : wake(db, a->user_id);
}

int acd_set_state(const struct principal *who, int64_t user_id, const char *state,
		  const char *reason, struct cc_agent *out, struct verr *v)
{
	enum perm need = who && who->user_id == user_id ? PERM_CC_AGENT : PERM_CC_SUPERVISE;
	int64_t now = clock_now_ms();
	struct db *db;
	int rc;

	if (!(db = principal_db(who, need, &rc)))
		return rc;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_cc_agent_get(db, user_id, out)) == 0 &&
	    (rc = check_state(out, state, reason ? reason : "", v)) == 0 &&
	    (rc = apply_state(db, out, state, reason ? reason : "", now)) == 0 &&
	    (rc = store_cc_agent_get(db, user_id, out)) == 0)
		rc = db_commit(db);
	if (rc != 0)
		db_rollback(db);
	return rc;
}

static int overflow(struct db *db, int64_t call_id, int64_t now)
{
	struct cc_call c;
	struct cc_queue q;
	int rc;

	if ((rc = store_cc_call_get(db, call_id, &c)) != 0 ||
	    (rc = store_cc_queue_get(db, c.queue_id, &q)) != 0)
		return rc;
	c.queue_id = q.overflow_queue_id;
	c.overflowed = true;
	if ((rc = store_cc_call_update(db, &c)) != 0 ||
	    (rc = store_cc_log(db, c.id, "overflowed", 0, c.queue_id, now)) != 0)
		return rc;
	return acd_route(db, &c, now);
}

int acd_tick(struct db *db, int64_t now)
{
	int64_t ids[TICK_BATCH];
	int n, rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_cc_wrap_due(db, now, ids, TICK_BATCH, &n)) != 0)
		goto out;
	for (int i = 0; i < n && rc == 0; i++) {
		struct cc_agent a;

		if ((rc = store_cc_agent_get(db, ids[i], &a)) == 0 &&
		    (rc = store_cc_agent_state(db, a.user_id, "ready", "", 0, 0, 0, now)) == 0)
			rc = acd_agent_free(db, a.user_id, now);
	}
	if (rc == 0 && (rc = store_cc_overflow_due(db, now, ids, TICK_BATCH, &n)) == 0)
		for (int i = 0; i < n && rc == 0; i++)
			rc = overflow(db, ids[i], now);
out:
	if (rc == 0)
		return db_commit(db);
	db_rollback(db);
	return rc;
}
