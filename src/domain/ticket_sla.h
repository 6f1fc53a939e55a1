/* ticket_sla.h - work orders against their time limits (SVC-3, SVC-4).
 *
 * An order takes its deadlines from the SLA policy of its type, priority
 * and customer tier when it is created (domain/sla.h); waiting for the
 * customer moves them on by the working time spent waiting. The chase
 * then goes stage by stage, each at its moment:
 *   1 at 80% of the working time to the resolution deadline: the owner
 *     (or, for an order in a team's queue, the team's supervisors) is
 *     warned;
 *   2 at the deadline: the order is marked overdue (escalation level 1)
 *     and the owner and the team's supervisors are told;
 *   3, 4 each ticket.escalate_after_minutes later: one level up, to the
 *     supervisors of the parent team, or to the top when there is none.
 * A missed first response is told to the owner and supervisors once.
 * Supervisors are decided by permission, not by role name: a team's are
 * its enabled members whose roles grant ticket.supervise; the top are
 * those, in any team or none, whose roles grant ticket.supervise and
 * ticket.manage (their view of work orders is not limited to a team, so
 * they can open what reaches them). An order without a team goes to the
 * top.
 * Each order keeps the moment of its next step (sla_next_at), indexed, so
 * a pass of the scheduler reads only the orders whose moment has come. */
#ifndef GX_DOMAIN_TICKET_SLA_H
#define GX_DOMAIN_TICKET_SLA_H

#include <stdint.h>

#include "store/tickets.h"

struct db;

/* Deadlines and the first chase moment of a new order t (type, priority,
 * customer_id and created_at set), inside the caller's transaction. */
int tsla_start(struct db *db, struct ticket_rec *t, int64_t now_ms);

/* After a move of t from state from at now_ms: a pause that ended
 * (paused_from, 0 if none) moves the deadlines on; the next chase moment
 * follows the new state (none once resolved, or while waiting). */
int tsla_after_move(struct db *db, struct ticket_rec *t, const char *from,
		    int64_t paused_from, int64_t now_ms);

/* After a change of t's type or priority at now_ms, while it is open
 * (not resolved): its deadlines again from the policy for the new type,
 * priority and its tier, counted from its creation on that policy's
 * calendar and moved on by every pause it has finished, as each pause
 * moved them (tsla_after_move); the first-response deadline only while
 * not yet responded. A pause still running moves them when it ends. The
 * chase follows the new deadlines: when the resolution deadline now lies
 * ahead, the order is no longer overdue or escalated and is warned again
 * only if it was not yet (the overdue and escalate events already
 * recorded stay); when it has passed, the next pass of the chase marks
 * the order overdue. Nothing is stored: the caller saves t. */
int tsla_repolicy(struct db *db, struct ticket_rec *t, int64_t now_ms);

/* After order id's deadlines or times were set or moved (the demo's
 * history): its next chase moment again, stored, in the caller's open
 * write transaction. */
int tsla_reschedule(struct db *db, int64_t id);

/* Fills t's working time left to each deadline at now_ms (not stored). */
int tsla_view(struct db *db, struct ticket_rec *t, int64_t now_ms);

/* The scheduler's job: every order whose chase moment has come, in
 * batches of short transactions. 0 or a GX_E* code. */
int tsla_chase(struct db *db, int64_t now_ms);

#endif
