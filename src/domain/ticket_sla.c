#include "domain/ticket_sla.h"
#include "domain/notifications.h"
#include "domain/settings.h"
#include "domain/tickets.h"
#include "domain/sla.h"
#include "lib/err.h"
#include "lib/log.h"
#include "store/accounts.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARN_PERMILLE 800 /* the warning at 80% of the working time */
#define STAGE_LAST 4      /* warned, overdue, two escalations */
#define CHASE_BATCH 200   /* orders per transaction */
#define CHASE_BATCHES 25  /* per pass (5,000 orders, well under a second);
			   * the rest wait for the next pass, 30 s later */
#define PAUSE_BATCH 32    /* pauses read at a time */

static bool open_state(const char *state)
{
	return strcmp(state, "resolved") && strcmp(state, "callback") && strcmp(state, "closed");
}

/* The order's clocks run while it is open and not waiting for the customer. */
static bool running(const struct ticket_rec *t)
{
	return open_state(t->state) && !t->paused_at;
}

static int64_t escalate_ms(struct db *db)
{
	return settings_number(db, "ticket.escalate_after_minutes") * 60 * 1000;
}

/* The moment of t's next resolution stage; 0 when there is none. */
static int resolve_moment(struct db *db, const struct ticket_rec *t, int64_t *at)
{
	*at = 0;
	if (!t->due_resolve_at || !running(t) || t->sla_stage >= STAGE_LAST)
		return 0;
	if (t->sla_stage == 0)
		return sla_mark(db, t->type, t->priority, t->sla_tier, t->created_at,
				t->due_resolve_at, WARN_PERMILLE, at);
	*at = t->due_resolve_at + (t->sla_stage - 1) * escalate_ms(db);
	return 0;
}

/* The first-response deadline while it still has to be told; 0: none. */
static int64_t response_moment(const struct ticket_rec *t)
{
	return !t->responded_at && t->due_response_at && !t->response_late && running(t)
		? t->due_response_at : 0;
}

static int set_next(struct db *db, struct ticket_rec *t)
{
	int64_t resolve, response = response_moment(t);
	int rc;

	if ((rc = resolve_moment(db, t, &resolve)) != 0)
		return rc;
	t->sla_next_at = !resolve || (response && response < resolve) ? response : resolve;
	return 0;
}

/* The team t's escalation has reached, into t->escalated_team_id: level
 * 2 the parent of its team, each level one further up, the highest team
 * when the teams end before (*beyond true then, may be NULL); 0 below
 * level 2 or for a team without a parent. */
static int escalated_team(struct db *db, struct ticket_rec *t, bool *beyond)
{
	int64_t id = t->team_id;
	struct team_rec team;
	bool ended = false;
	int rc;

	for (int i = 0; i < t->escalation_level - 1 && id && !ended; i++) {
		if ((rc = store_team_get(db, id, &team)) != 0 && rc != GX_ENOTFOUND)
			return rc;
		ended = rc != 0 || !team.parent_id;
		id = ended ? id : team.parent_id;
	}
	t->escalated_team_id = id != t->team_id ? id : 0;
	if (beyond)
		*beyond = ended || !id;
	return 0;
}

int tsla_start(struct db *db, struct ticket_rec *t, int64_t now_ms)
{
	int64_t response, resolve;
	int rc;

	if ((rc = store_ticket_customer_tier(db, t->customer_id, t->sla_tier,
					     sizeof t->sla_tier)) != 0 ||
	    (rc = sla_due(db, t->type, t->priority, t->sla_tier, now_ms, &response,
			  &resolve)) != 0)
		return rc;
	t->created_at = now_ms;
	t->due_response_at = response > 0 ? response : 0;
	t->due_resolve_at = resolve > 0 ? resolve : 0;
	t->sla_stage = 0;
	t->response_late = false;
	t->escalated_team_id = 0;
	return set_next(db, t);
}

/* A deadline moved on by the working time of a pause. */
static int extend(struct db *db, const struct ticket_rec *t, int64_t *due, int64_t from,
		  int64_t to)
{
	return *due ? sla_extend(db, t->type, t->priority, t->sla_tier, *due, from, to, due) : 0;
}

int tsla_after_move(struct db *db, struct ticket_rec *t, const char *from,
		    int64_t paused_from, int64_t now_ms)
{
	int rc;

	(void)from;
	if (paused_from &&
	    ((rc = extend(db, t, &t->due_resolve_at, paused_from, now_ms)) != 0 ||
	     (!t->responded_at &&
	      (rc = extend(db, t, &t->due_response_at, paused_from, now_ms)) != 0)))
		return rc;
	/* A dispatch to another team carries the escalation up from there. */
	if ((rc = escalated_team(db, t, NULL)) != 0)
		return rc;
	return set_next(db, t);
}

/* due (0: none) moved on by the working time of each finished pause of t. */
static int replay_pauses(struct db *db, const struct ticket_rec *t, int64_t *resolve,
			 int64_t *response)
{
	struct ticket_pause p[PAUSE_BATCH];
	int64_t after = 0;
	int n = 0, rc;

	do {
		if ((rc = store_ticket_pauses(db, t->id, after, p, PAUSE_BATCH, &n)) != 0)
			return rc;
		for (int i = 0; i < n; i++)
			if ((rc = extend(db, t, resolve, p[i].from, p[i].to)) != 0 ||
			    (rc = extend(db, t, response, p[i].from, p[i].to)) != 0)
				return rc;
		after = n ? p[n - 1].end_event_id : after;
	} while (n == PAUSE_BATCH);
	return 0;
}

/* The chase state of t against deadlines that moved: a resolution
 * deadline ahead undoes overdue and escalation; the warning stands only
 * if its moment has passed too. A deadline passed keeps what was told. */
static int rewind_chase(struct db *db, struct ticket_rec *t, int64_t now_ms)
{
	int64_t warn_at;
	int rc;

	if (!t->responded_at && (!t->due_response_at || t->due_response_at > now_ms))
		t->response_late = false;
	if (t->due_resolve_at && t->due_resolve_at <= now_ms)
		return 0;
	t->overdue = false;
	t->escalation_level = 0;
	t->escalated_team_id = 0;
	if (!t->due_resolve_at || t->sla_stage == 0) {
		t->sla_stage = 0;
		return 0;
	}
	if ((rc = sla_mark(db, t->type, t->priority, t->sla_tier, t->created_at,
			   t->due_resolve_at, WARN_PERMILLE, &warn_at)) != 0)
		return rc;
	t->sla_stage = warn_at <= now_ms ? 1 : 0;
	return 0;
}

int tsla_repolicy(struct db *db, struct ticket_rec *t, int64_t now_ms)
{
	int64_t response, resolve;
	int rc;

	if (!open_state(t->state))
		return 0;
	if ((rc = sla_due(db, t->type, t->priority, t->sla_tier, t->created_at, &response,
			  &resolve)) != 0)
		return rc;
	response = response > 0 && !t->responded_at ? response : 0;
	resolve = resolve > 0 ? resolve : 0;
	if ((rc = replay_pauses(db, t, &resolve, &response)) != 0)
		return rc;
	t->due_resolve_at = resolve;
	if (!t->responded_at)
		t->due_response_at = response;
	if ((rc = rewind_chase(db, t, now_ms)) != 0)
		return rc;
	return set_next(db, t);
}

int tsla_reschedule(struct db *db, int64_t id)
{
	struct ticket_rec *t = malloc(sizeof *t);
	int rc = t ? store_ticket_get(db, id, t) : GX_ENOMEM;

	if (rc == 0 && (rc = set_next(db, t)) == 0)
		rc = store_ticket_set_chase(db, t);
	free(t);
	return rc;
}

int tsla_view(struct db *db, struct ticket_rec *t, int64_t now_ms)
{
	/* A paused order's time stands where the pause began. */
	int64_t at = t->paused_at ? t->paused_at : now_ms;
	int rc = 0;

	t->has_response_left = !t->responded_at && t->due_response_at && open_state(t->state);
	t->has_resolve_left = t->due_resolve_at && open_state(t->state);
	if (t->has_response_left)
		rc = sla_left(db, t->type, t->priority, t->sla_tier, at, t->due_response_at,
			      &t->response_left_ms);
	if (rc == 0 && t->has_resolve_left)
		rc = sla_left(db, t->type, t->priority, t->sla_tier, at, t->due_resolve_at,
			      &t->resolve_left_ms);
	return rc;
}

/* ---- the chase ----------------------------------------------------- */

struct notice {
	char kind[40], title[200], body[200], link[32];
	struct ntf_msg msg;
};

static void notice_init(struct notice *n, const struct ticket_rec *t, const char *kind,
			const char *what, const char *body)
{
	snprintf(n->kind, sizeof n->kind, "%s", kind);
	snprintf(n->title, sizeof n->title, "工单 #%lld %s：%.120s", (long long)t->id, what,
		 t->title);
	snprintf(n->body, sizeof n->body, "%s", body);
	snprintf(n->link, sizeof n->link, "/tickets/%lld", (long long)t->id);
	n->msg = (struct ntf_msg){.kind = n->kind, .title = n->title, .body = n->body,
				  .link = n->link, .ref_type = "ticket", .ref_id = t->id};
}

/* The top of the chase: who supervises every team's orders. */
static int tell_top(struct db *db, const struct notice *n)
{
	return ntf_send_perm_across(db, PERM_TICKET_SUPERVISE, PERM_TICKET_MANAGE, &n->msg, NULL);
}

/* Who supervises the orders of team_id, or the top for none. */
static int tell_supervisors(struct db *db, int64_t team_id, const struct notice *n)
{
	if (team_id)
		return ntf_send_perm_in_team(db, team_id, PERM_TICKET_SUPERVISE, &n->msg, NULL);
	return tell_top(db, n);
}

/* The owner, or the team's supervisors when the order has no owner. */
static int tell_owner(struct db *db, const struct ticket_rec *t, const struct notice *n)
{
	if (t->assignee_id)
		return ntf_send(db, t->assignee_id, &n->msg, NULL);
	return tell_supervisors(db, t->team_id, n);
}

/* Moves t to the next stage and tells whom that stage concerns. */
static int next_stage(struct db *db, struct ticket_rec *t, int64_t now_ms)
{
	struct notice n;
	char note[80], kind[40];
	bool beyond;
	int rc;

	t->sla_stage++;
	if (t->sla_stage == 1) {
		/* A pass that comes late does not warn of what has passed. */
		if (t->due_resolve_at <= now_ms)
			return 0;
		notice_init(&n, t, "ticket.sla_warning", "即将超时",
			    "已用去 80% 的处理时限，请尽快处理。");
		return tell_owner(db, t, &n);
	}
	t->overdue = true;
	t->escalation_level = t->sla_stage - 1;
	if (t->sla_stage == 2) {
		notice_init(&n, t, "ticket.overdue", "已超时", "已超过处理时限，已通知班长督办。");
		if ((rc = tkt_event_record(db, 0, t, "overdue", t->state, "超过处理时限", now_ms)) != 0 ||
		    (t->assignee_id && (rc = ntf_send(db, t->assignee_id, &n.msg, NULL)) != 0))
			return rc;
		return tell_supervisors(db, t->team_id, &n);
	}
	snprintf(note, sizeof note, "超时未办结，升级至第 %d 级", t->escalation_level);
	snprintf(kind, sizeof kind, "ticket.escalated_%d", t->escalation_level);
	notice_init(&n, t, kind, "超时升级", note);
	if ((rc = tkt_event_record(db, 0, t, "escalate", t->state, note, now_ms)) != 0 ||
	    (rc = escalated_team(db, t, &beyond)) != 0)
		return rc;
	return beyond ? tell_top(db, &n) : tell_supervisors(db, t->escalated_team_id, &n);
}

static int chase_one(struct db *db, struct ticket_rec *t, int64_t now_ms)
{
	int64_t at, response = response_moment(t);
	struct notice n;
	int rc;

	if (response && response <= now_ms) {
		t->response_late = true;
		notice_init(&n, t, "ticket.response_late", "首次响应超时",
			    "超过首次响应时限仍未响应。");
		if ((rc = tell_owner(db, t, &n)) != 0 ||
		    (t->assignee_id && (rc = tell_supervisors(db, t->team_id, &n)) != 0))
			return rc;
	}
	for (;;) {
		if ((rc = resolve_moment(db, t, &at)) != 0)
			return rc;
		if (!at || at > now_ms)
			break;
		if ((rc = next_stage(db, t, now_ms)) != 0)
			return rc;
	}
	if ((rc = set_next(db, t)) != 0)
		return rc;
	if (t->sla_next_at && t->sla_next_at <= now_ms)
		t->sla_next_at = 0; /* nothing left that could move it on */
	return store_ticket_set_chase(db, t);
}

static int chase_batch(struct db *db, const int64_t *ids, int n, int64_t now_ms,
		       struct ticket_rec *t)
{
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	for (int i = 0; i < n && rc == 0; i++)
		if ((rc = store_ticket_get(db, ids[i], t)) == 0)
			rc = chase_one(db, t, now_ms);
	if (rc == 0 && (rc = db_commit(db)) == 0)
		return 0;
	db_rollback(db);
	return rc;
}

int tsla_chase(struct db *db, int64_t now_ms)
{
	struct ticket_rec *t = malloc(sizeof *t);
	int64_t ids[CHASE_BATCH];
	int n = 0, rc = t ? 0 : GX_ENOMEM, chased = 0;

	for (int b = 0; rc == 0 && b < CHASE_BATCHES; b++) {
		if ((rc = store_ticket_chase_due(db, now_ms, ids, CHASE_BATCH, &n)) != 0 || !n)
			break;
		rc = chase_batch(db, ids, n, now_ms, t);
		chased += n;
	}
	if (chased)
		log_info("tickets_chased", "{s:i}", "orders", chased);
	free(t);
	return rc;
}
