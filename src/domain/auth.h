/* auth.h - sign-in, sessions, API tokens and password recovery (SYS-1,
 * SYS-5). The rules and their numbers live here:
 *
 *   - a session ends after AUTH_IDLE_MS without a request or AUTH_MAX_MS
 *     after sign-in, whichever comes first;
 *   - AUTH_LOCK_FAILS failed sign-ins for one username within
 *     AUTH_LOCK_WINDOW_MS lock it for AUTH_LOCK_MS from the last of them,
 *     even with the right password; a successful sign-in clears the count;
 *   - reset tokens are one-time and live AUTH_RESET_TTL_MS.
 *
 * Every outcome that matters to an auditor is written to the audit log in
 * the same transaction as the change. */
#ifndef GX_AUTH_H
#define GX_AUTH_H

#include <stdint.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/accounts.h"
#include "store/credentials.h"

#define AUTH_IDLE_MS (8LL * 3600 * 1000)
#define AUTH_MAX_MS (7LL * 24 * 3600 * 1000)
#define AUTH_LOCK_FAILS 5
#define AUTH_LOCK_WINDOW_MS (15LL * 60 * 1000)
#define AUTH_LOCK_MS (15LL * 60 * 1000)
#define AUTH_RESET_TTL_MS (24LL * 3600 * 1000)
/* last_seen_at is written at most this often per session. */
#define AUTH_TOUCH_MS (60LL * 1000)

struct sign_in {
	char session[TOKEN_MAX]; /* cookie value: goes to the client only */
	char csrf[TOKEN_MAX];
	struct user_rec user;
};

/* Checks credentials and opens a session. GX_EAUTH (wrong or unknown,
 * indistinguishable), GX_ELOCKED, GX_EDISABLED, or GX_EDB. */
int auth_sign_in(const char *username, const char *password, const char *ip,
		 struct sign_in *out);

/* Resolves a session cookie or a bearer token into *out. GX_EAUTH when
 * unknown, expired, revoked or the user is disabled. */
int auth_session(const char *cookie, const char *ip, struct principal *out);
int auth_bearer(const char *token, const char *ip, struct principal *out);

/* Is who still signed in: the session not ended or expired, the user not
 * disabled? Unlike auth_session it does not count as use (a long-lived
 * event stream must not keep an idle session alive). 0 or GX_EAUTH. */
int auth_check(const struct principal *who);

/* Scheduler job: deletes expired sessions in batches. 0 or GX_EDB. */
struct db;
int auth_purge_sessions(struct db *db, int64_t now_ms);

/* Ends the principal's session (no-op for tokens). */
int auth_sign_out(const struct principal *who);

/* Needs the current password; ends the user's other sessions. */
int auth_change_password(const struct principal *who, const char *current,
			 const char *next, struct verr *v);

/* Checks a new password against the policy; GX_EINVAL with v filled. */
int auth_password_policy(const char *field, const char *password, struct verr *v);

/* API tokens of the principal's own user. secret (TOKEN_MAX) is the only
 * copy of the token; the database keeps its digest. */
int auth_token_create(const struct principal *who, const char *name,
		      struct token_rec *out, char *secret);
int auth_token_list(const struct principal *who, struct token_rec *out,
		    int max, int *n);
int auth_token_revoke(const struct principal *who, int64_t id);

/* Issues a one-time reset token for user_id (needs user.manage). */
int auth_reset_issue(const struct principal *who, int64_t user_id,
		     char *token, int64_t *expires_ms);

/* Sets a new password with a reset token and ends the user's sessions. */
int auth_reset_redeem(const char *token, const char *password, const char *ip,
		      struct verr *v);

#endif
