/* notifications.h - storage of notifications: rows per user, newest first,
 * with the dedupe key (ref_type, ref_id, kind, user) of migration 0012.
 * What is valid and who reads what lives in domain/notifications.c. */
#ifndef GX_STORE_NOTIFICATIONS_H
#define GX_STORE_NOTIFICATIONS_H

#include <stdbool.h>
#include <stdint.h>

struct db;

#define NTF_KIND_LEN 48       /* 40 ASCII characters */
#define NTF_TITLE_LEN 604     /* 200 characters of up to 3 bytes */
#define NTF_BODY_LEN 6004     /* 2000 characters */
#define NTF_LINK_LEN 504      /* 500 ASCII characters */
#define NTF_REF_TYPE_LEN 48

struct ntf_rec {
	int64_t id, user_id;
	char kind[NTF_KIND_LEN];
	char title[NTF_TITLE_LEN];
	char body[NTF_BODY_LEN];
	char link[NTF_LINK_LEN];         /* "" for none */
	char ref_type[NTF_REF_TYPE_LEN]; /* "" for none */
	int64_t ref_id;                  /* 0 when ref_type is "" */
	int64_t created_at, read_at;     /* read_at 0: unread */
};

/* Who a new notification goes to: user_id alone, or (user_id 0) every
 * enabled user of team_id (0: any team) holding role (NULL: any role)
 * whose roles grant perm and perm_also (each NULL: no condition). */
struct ntf_audience {
	int64_t user_id;
	int64_t team_id;
	const char *role;
	const char *perm, *perm_also;
};

/* Inserts n (its user_id ignored) for every enabled user of the audience
 * who has no notification with the same dedupe key yet, at n->created_at.
 * on_row(user_id, arg) runs for each row written (while the statement
 * runs: it must not use db); *sent counts them. 0 or GX_EDB. */
int store_ntf_insert(struct db *db, const struct ntf_rec *n, const struct ntf_audience *to,
		     void (*on_row)(int64_t user_id, void *arg), void *arg, int *sent);

/* user's notifications with id below before (0: from the newest), newest
 * first, up to max into out; only unread ones when unread_only. */
int store_ntf_list(struct db *db, int64_t user_id, bool unread_only, int64_t before,
		   struct ntf_rec *out, int max, int *n);

/* user's notifications with id above after, oldest first (what an event
 * stream has not sent yet). */
int store_ntf_since(struct db *db, int64_t user_id, int64_t after, struct ntf_rec *out,
		    int max, int *n);

/* One of user's notifications; GX_ENOTFOUND if it is not theirs. */
int store_ntf_get(struct db *db, int64_t user_id, int64_t id, struct ntf_rec *out);

/* Marks one (if unread) or all of user's unread notifications read at
 * now_ms; *changed counts the rows marked (may be NULL). */
int store_ntf_mark_read(struct db *db, int64_t user_id, int64_t id, int64_t now_ms,
			int *changed);
int store_ntf_mark_all_read(struct db *db, int64_t user_id, int64_t now_ms, int *changed);

/* user's unread count and the id of their newest notification (0: none). */
int store_ntf_counts(struct db *db, int64_t user_id, int64_t *unread, int64_t *latest_id);

/* Deletes up to max notifications read before cutoff_ms; *deleted counts. */
int store_ntf_purge_read(struct db *db, int64_t cutoff_ms, int max, int *deleted);

#endif
