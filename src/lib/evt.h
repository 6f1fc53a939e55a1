/* evt.h - the in-process live event hub: who is listening for which
 * user's events, and waking them once something for that user has
 * committed.
 *
 * A listener (an open event stream, see http/sse.c) embeds a struct
 * evt_sub and subscribes it; evt_publish(user_id) calls wake() of every
 * subscription of that user. The hub carries no payload: the durable copy
 * is the database row (a notification), and a woken listener reads what
 * is new there. So nothing is lost between a wake and a read, and a client
 * that reconnects catches up from the rows. Publishers call evt_publish
 * after their transaction commits (db_after_commit), never before, or a
 * listener could look before the row is visible.
 *
 * Lifetime: a subscription is reference counted. evt_sub_init gives the
 * owner one reference; the hub takes one more for as long as it is waking
 * the subscription, and wakes with no lock of its own held, so wake() may
 * take the listener's locks and call into the transport. release() runs
 * once, on whichever thread drops the last reference. Thread-safe. */
#ifndef GX_EVT_H
#define GX_EVT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Channels that are not a user's: the telephone system's stream of call
 * assignments, and the contact centre's wallboards. Publishers of call and
 * agent changes wake both after commit. */
#define EVT_CTI (-1)
#define EVT_WALLBOARD (-2)

struct evt_sub {
	int64_t user_id;
	void (*wake)(struct evt_sub *s);
	void (*release)(struct evt_sub *s);
	/* The hub's. */
	atomic_int refs;
	bool listed;
	struct evt_sub *prev, *next;
};

/* Prepares s with one reference (the caller's); not yet subscribed. */
void evt_sub_init(struct evt_sub *s, int64_t user_id, void (*wake)(struct evt_sub *),
		  void (*release)(struct evt_sub *));

/* Adds s to the hub. false when max subscriptions are open already or the
 * hub has stopped (evt_stop); s is then not subscribed. */
bool evt_subscribe(struct evt_sub *s, int max);

/* Takes s out of the hub (no-op if it is not in). A wake already under
 * way may still arrive; it holds its own reference. */
void evt_unsubscribe(struct evt_sub *s);

/* Drops one reference; the last one runs s->release(s). */
void evt_put(struct evt_sub *s);

/* Wakes every subscription of user_id. The signature suits
 * db_after_commit(db, evt_publish, user_id). */
void evt_publish(int64_t user_id);

/* Wakes each subscription for which pick(s, arg) is true (heartbeats).
 * pick runs under the hub's lock: it may only look at s. */
void evt_wake_if(bool (*pick)(const struct evt_sub *s, void *arg), void *arg);

/* From now on no subscription is accepted and evt_stopped() is true; every
 * open one is woken so that it can end (the process is stopping). */
void evt_stop(void);
bool evt_stopped(void);

/* Subscriptions open now. */
int evt_count(void);

#endif
