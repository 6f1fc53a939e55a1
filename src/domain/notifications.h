/* notifications.h - notifications (SVC-4 infrastructure): short messages to
 * a user about something that needs them ("工单 #42 即将超时"), listed in
 * the bell and on the notifications page and pushed live to the user's
 * open browser tabs.
 *
 * Sending is for other modules and jobs: ntf_send and ntf_send_perm_* take
 * the caller's connection, write inside the caller's open write
 * transaction (or commit at once when none is open) and announce the new
 * rows on the live event hub (lib/evt.h) only after that transaction
 * commits; a rollback sends nothing. A message with a ref_type is sent at
 * most once per (ref_type, ref_id, kind, user): a job that looks at the
 * same record twice notifies once. Disabled users get nothing.
 *
 * Reading is for the principal: everyone signed in sees, marks read and
 * streams only their own notifications (someone else's is GX_ENOTFOUND).
 * Broadcasting a notice to a team or role needs notify.broadcast. */
#ifndef GX_DOMAIN_NOTIFICATIONS_H
#define GX_DOMAIN_NOTIFICATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/notifications.h"

struct db;

#define NTF_TITLE_MAX_CHARS 200
#define NTF_BODY_MAX_CHARS 2000
/* Read notifications are deleted this long after they were read. */
#define NTF_KEEP_READ_MS (90LL * 24 * 3600 * 1000)

/* A message to send. Strings are borrowed. */
struct ntf_msg {
	const char *kind;     /* required: what happened, [a-z0-9_.] 1 to 40 ("ticket.overdue") */
	const char *title;    /* required: 1 to 200 characters, one line */
	const char *body;     /* NULL or up to 2000 characters */
	const char *link;     /* NULL or a path inside the app: "/tickets/42" */
	const char *ref_type; /* NULL, or the record it is about ([a-z_] 1 to 40) ... */
	int64_t ref_id;       /* ... and its id (> 0); together the dedupe key */
};

/* Sends m to user_id. *sent (may be NULL) is 1, or 0 when the user is
 * disabled or already has this message's dedupe key. GX_EINVAL (logged:
 * a caller's bug) when m breaks the rules above; GX_EDB; GX_ENOMEM. */
int ntf_send(struct db *db, int64_t user_id, const struct ntf_msg *m, int *sent);

/* Sends m to every enabled user of team team_id whose roles grant p
 * (ticket.supervise: who supervises that team's work orders); *sent
 * counts them. */
int ntf_send_perm_in_team(struct db *db, int64_t team_id, enum perm p,
			  const struct ntf_msg *m, int *sent);

/* Sends m to every enabled user, in any team or none, whose roles grant
 * both p and across, the permission that lifts their limit to their own
 * team (ticket.supervise and ticket.manage: who supervises the work
 * orders of every team, where an escalation ends). *sent counts them. */
int ntf_send_perm_across(struct db *db, enum perm p, enum perm across,
			 const struct ntf_msg *m, int *sent);

/* The principal's notifications newest first, with id below before (0:
 * from the newest), up to max; only unread ones when unread_only. */
int ntf_list(const struct principal *who, bool unread_only, int64_t before,
	     struct ntf_rec *out, int max, int *n);

/* The principal's notifications with id above after, oldest first: what
 * a live stream has not delivered yet. */
int ntf_since(const struct principal *who, int64_t after, struct ntf_rec *out, int max,
	      int *n);

/* The principal's unread count and newest notification id (0: none). */
int ntf_counts(const struct principal *who, int64_t *unread, int64_t *latest_id);

/* Marks one of the principal's notifications read (keeping the first
 * read time) and returns it; GX_ENOTFOUND if it is not theirs. */
int ntf_mark_read(const struct principal *who, int64_t id, struct ntf_rec *out);

/* Marks all the principal's unread notifications read; *changed counts. */
int ntf_mark_all_read(const struct principal *who, int *changed);

/* A notice from an administrator (notify.broadcast) to every enabled user
 * of a team (team_id 0: all teams) holding a role (NULL: any role).
 * Fields are checked into v (title, body, link, team_id, role); the
 * broadcast is audited (notification.broadcast). *sent counts the users. */
struct ntf_broadcast {
	const char *title, *body, *link, *role;
	int64_t team_id;
};
int ntf_broadcast(const struct principal *who, const struct ntf_broadcast *b, int *sent,
		  struct verr *v);

/* Scheduler job: deletes notifications read more than NTF_KEEP_READ_MS
 * before now_ms, in batches. 0 or GX_EDB. */
int ntf_purge(struct db *db, int64_t now_ms);

#endif
