#include "domain/auth.h"
#include "domain/audit.h"
#include "lib/clock.h"
#include "lib/evt.h"
#include "lib/log.h"
#include "lib/password.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_PREFIX "s_"
#define TOKEN_PREFIX "gx_"
#define RESET_PREFIX "rs_"

/* Writes the attempt and its audit row in one transaction. */
static int record_attempt(struct db *db, const struct principal *who,
			  const char *username, const char *outcome,
			  const char *action, const char *ip, const char *reason)
{
	json_t *detail = reason ? json_pack("{s:s}", "reason", reason) : NULL;
	struct principal anon = {0};
	int rc;

	if (!who) {
		snprintf(anon.username, sizeof anon.username, "%s", username);
		snprintf(anon.ip, sizeof anon.ip, "%s", ip ? ip : "");
		who = &anon;
	}
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_attempt_add(db, username, clock_now_ms(), outcome, ip)) != 0 ||
	    (rc = audit_append(db, who, NULL, action, username, detail)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
out:
	json_decref(detail);
	return rc;
}

static bool is_locked(struct db *db, const char *username, int64_t now, int *rc)
{
	int64_t times[AUTH_LOCK_FAILS];
	int n;

	*rc = store_attempt_failures(db, username,
				     now - AUTH_LOCK_WINDOW_MS - AUTH_LOCK_MS,
				     times, AUTH_LOCK_FAILS, &n);
	if (*rc != 0 || n < AUTH_LOCK_FAILS)
		return false;
	/* times[0] is the newest failure; the lock runs from it. */
	return times[0] - times[AUTH_LOCK_FAILS - 1] <= AUTH_LOCK_WINDOW_MS &&
	       now < times[0] + AUTH_LOCK_MS;
}

static void principal_from_user(const struct user_rec *u, const char *ip,
				struct principal *p)
{
	memset(p, 0, sizeof *p);
	p->user_id = u->id;
	snprintf(p->username, sizeof p->username, "%s", u->username);
	p->team_id = u->team_id;
	p->level = u->level;
	snprintf(p->ip, sizeof p->ip, "%s", ip ? ip : "");
}

int auth_sign_in(const char *username, const char *password, const char *ip,
		 struct sign_in *out)
{
	struct db *db = db_get();
	struct principal who;
	digest_t sid;
	int rc;

	if (!db)
		return GX_EDB;
	if (is_locked(db, username, clock_now_ms(), &rc)) {
		record_attempt(db, NULL, username, "locked",
			       "session.sign_in_locked", ip, "locked");
		return GX_ELOCKED;
	}
	if (rc != 0)
		return rc;
	rc = store_user_by_name(db, username, &out->user);
	if (rc == GX_ENOTFOUND) {
		password_verify_dummy(password);
		record_attempt(db, NULL, username, "fail",
			       "session.sign_in_failed", ip, "unknown user");
		return GX_EAUTH;
	}
	if (rc != 0)
		return rc;
	principal_from_user(&out->user, ip, &who);
	if (!password_verify(out->user.password_hash, password)) {
		record_attempt(db, &who, username, "fail",
			       "session.sign_in_failed", ip, "wrong password");
		return GX_EAUTH;
	}
	if (out->user.disabled) {
		record_attempt(db, &who, username, "fail",
			       "session.sign_in_failed", ip, "disabled");
		return GX_EDISABLED;
	}
	token_new(SESSION_PREFIX, out->session);
	token_new("", out->csrf);
	token_digest(out->session, sid);
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_session_insert(db, sid, out->user.id, out->csrf,
				       clock_now_ms(), ip)) != 0 ||
	    (rc = store_attempt_add(db, out->user.username, clock_now_ms(), "ok", ip)) != 0 ||
	    (rc = audit_append(db, &who, NULL, "session.sign_in", username, NULL)) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	return 0;
}

int auth_session(const char *cookie, const char *ip, struct principal *out)
{
	struct db *db = db_get();
	struct session_rec s;
	digest_t sid;
	int64_t now = clock_now_ms();
	int rc;

	if (!db)
		return GX_EDB;
	if (!cookie || strncmp(cookie, SESSION_PREFIX, strlen(SESSION_PREFIX)) != 0)
		return GX_EAUTH;
	token_digest(cookie, sid);
	rc = store_session_get(db, sid, &s);
	if (rc == GX_ENOTFOUND)
		return GX_EAUTH;
	if (rc != 0)
		return rc;
	if (s.user_disabled || now - s.last_seen_at > AUTH_IDLE_MS ||
	    now - s.created_at > AUTH_MAX_MS) {
		store_session_delete(db, sid);
		return GX_EAUTH;
	}
	if (now - s.last_seen_at > AUTH_TOUCH_MS)
		store_session_touch(db, sid, now);
	memset(out, 0, sizeof *out);
	out->user_id = s.user_id;
	snprintf(out->username, sizeof out->username, "%s", s.username);
	out->team_id = s.team_id;
	out->level = s.level;
	memcpy(out->session_id, sid, sizeof sid);
	snprintf(out->csrf, sizeof out->csrf, "%s", s.csrf);
	snprintf(out->ip, sizeof out->ip, "%s", ip ? ip : "");
	out->perms = perm_mask(s.permissions);
	return 0;
}

int auth_bearer(const char *token, const char *ip, struct principal *out)
{
	struct db *db = db_get();
	struct token_rec t;
	digest_t d;
	int64_t now = clock_now_ms();
	int rc;

	if (!db)
		return GX_EDB;
	if (!token || strncmp(token, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0)
		return GX_EAUTH;
	token_digest(token, d);
	rc = store_token_by_digest(db, d, &t);
	if (rc == GX_ENOTFOUND || (rc == 0 && t.user_disabled))
		return GX_EAUTH;
	if (rc != 0)
		return rc;
	if (now - t.last_used_at > AUTH_TOUCH_MS)
		store_token_touch(db, t.id, now);
	memset(out, 0, sizeof *out);
	out->user_id = t.user_id;
	snprintf(out->username, sizeof out->username, "%s", t.username);
	out->team_id = t.team_id;
	out->level = t.level;
	out->via_token = true;
	snprintf(out->ip, sizeof out->ip, "%s", ip ? ip : "");
	out->perms = perm_mask(t.permissions);
	return 0;
}

int auth_check(const struct principal *who)
{
	struct db *db = db_get();
	struct session_rec s;
	struct user_rec *u;
	int64_t now = clock_now_ms();
	int rc;

	if (!db)
		return GX_EDB;
	if (!who->via_token) {
		rc = store_session_get(db, who->session_id, &s);
		if (rc == GX_ENOTFOUND || (rc == 0 && (s.user_disabled ||
			now - s.last_seen_at > AUTH_IDLE_MS || now - s.created_at > AUTH_MAX_MS)))
			return GX_EAUTH;
		return rc;
	}
	if (!(u = malloc(sizeof *u)))
		return GX_ENOMEM;
	rc = store_user_get(db, who->user_id, u);
	if (rc == GX_ENOTFOUND || (rc == 0 && u->disabled))
		rc = GX_EAUTH;
	free(u);
	return rc;
}

int auth_purge_sessions(struct db *db, int64_t now_ms)
{
	int deleted, rc;

	/* Batches keep each write short beside the requests being served. */
	do {
		rc = store_session_purge(db, now_ms - AUTH_IDLE_MS, now_ms - AUTH_MAX_MS, 500,
					 &deleted);
	} while (rc == 0 && deleted == 500);
	return rc;
}

int auth_sign_out(const struct principal *who)
{
	struct db *db = db_get();
	int rc;

	if (!db)
		return GX_EDB;
	if (who->via_token)
		return 0;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	/* The user's open event streams look again and the signed-out one
	 * ends (auth_check) instead of at its next heartbeat. */
	if ((rc = store_session_delete(db, who->session_id)) != 0 ||
	    (rc = db_after_commit(db, evt_publish, who->user_id)) != 0 ||
	    (rc = audit_append(db, who, NULL, "session.sign_out", who->username, NULL)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
	return rc;
}

int auth_password_policy(const char *field, const char *password, struct verr *v)
{
	if (strlen(password) > PASSWORD_MAX_BYTES)
		return verr_add(v, field, "密码过长");
	if (utf8_len(password) < PASSWORD_MIN_CHARS)
		return verr_add(v, field, "密码至少 %d 个字符", PASSWORD_MIN_CHARS);
	return 0;
}

/* Sets the hash, ends sessions (all but keep) and audits, in one transaction. */
static int set_password(struct db *db, const struct principal *who,
			int64_t user_id, const char *hash, const unsigned char *keep,
			const char *action, const char *target)
{
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_user_set_password(db, user_id, hash, clock_now_ms())) != 0 ||
	    (rc = store_session_delete_user(db, user_id, keep)) != 0 ||
	    (rc = audit_append(db, who, NULL, action, target, NULL)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
	return rc;
}

int auth_change_password(const struct principal *who, const char *current,
			 const char *next, struct verr *v)
{
	struct db *db = db_get();
	struct user_rec u;
	char hash[PASSWORD_HASH_MAX];
	int rc;

	if (!db)
		return GX_EDB;
	if ((rc = store_user_get(db, who->user_id, &u)) != 0)
		return rc;
	if (!password_verify(u.password_hash, current))
		return verr_add(v, "current_password", "当前密码不正确");
	if ((rc = auth_password_policy("new_password", next, v)) != 0)
		return rc;
	if ((rc = password_hash(next, hash)) != 0)
		return rc;
	return set_password(db, who, u.id, hash,
			    who->via_token ? NULL : who->session_id,
			    "user.password_change", u.username);
}

int auth_token_create(const struct principal *who, const char *name,
		      struct token_rec *out, char *secret)
{
	struct db *db = db_get();
	digest_t d;
	int rc;

	if (!db)
		return GX_EDB;
	memset(out, 0, sizeof *out);
	token_new(TOKEN_PREFIX, secret);
	token_digest(secret, d);
	out->user_id = who->user_id;
	utf8_copy(out->name, sizeof out->name, name && *name ? name : "API");
	/* Enough of the token to recognise it in a list, not to use it. */
	snprintf(out->prefix, sizeof out->prefix, "%.9s", secret);
	out->created_at = clock_now_ms();
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	json_t *detail = json_pack("{s:s}", "name", out->name);
	if ((rc = store_token_insert(db, out, d)) != 0 ||
	    (rc = audit_append(db, who, NULL, "token.create", who->username, detail)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
	json_decref(detail);
	return rc;
}

int auth_token_list(const struct principal *who, struct token_rec *out,
		    int max, int *n)
{
	struct db *db = db_get();

	if (!db)
		return GX_EDB;
	return store_token_list(db, who->user_id, out, max, n);
}

int auth_token_revoke(const struct principal *who, int64_t id)
{
	struct db *db = db_get();
	char target[32];
	int rc;

	if (!db)
		return GX_EDB;
	snprintf(target, sizeof target, "token:%lld", (long long)id);
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_token_revoke(db, id, who->user_id, clock_now_ms())) != 0 ||
	    (rc = audit_append(db, who, NULL, "token.revoke", target, NULL)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
	return rc;
}

int auth_reset_issue(const struct principal *who, int64_t user_id,
		     char *token, int64_t *expires_ms)
{
	struct db *db;
	struct user_rec u;
	digest_t d;
	int64_t now = clock_now_ms();
	int rc;

	if (!(db = principal_db(who, PERM_USER_MANAGE, &rc)))
		return rc;
	if ((rc = store_user_get(db, user_id, &u)) != 0)
		return rc;
	token_new(RESET_PREFIX, token);
	token_digest(token, d);
	*expires_ms = now + AUTH_RESET_TTL_MS;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_reset_insert(db, d, user_id, now, *expires_ms)) != 0 ||
	    (rc = audit_append(db, who, NULL, "user.reset_token", u.username, NULL)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
	return rc;
}

int auth_reset_redeem(const char *token, const char *password, const char *ip,
		      struct verr *v)
{
	struct db *db = db_get();
	struct user_rec u;
	struct principal who;
	char hash[PASSWORD_HASH_MAX];
	digest_t d;
	int64_t user_id;
	int rc;

	if (!db)
		return GX_EDB;
	token_digest(token, d);
	/* The token is checked before the costly hash, so that guessing
	 * tokens cannot make the server hash for free. */
	rc = store_reset_check(db, d, clock_now_ms());
	if (rc == GX_ENOTFOUND)
		return verr_add(v, "token", "重置令牌无效、已使用或已过期");
	if (rc != 0)
		return rc;
	if ((rc = auth_password_policy("new_password", password, v)) != 0)
		return rc;
	if ((rc = password_hash(password, hash)) != 0)
		return rc;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	rc = store_reset_consume(db, d, clock_now_ms(), &user_id);
	if (rc == GX_ENOTFOUND) {
		db_rollback(db);
		return verr_add(v, "token", "重置令牌无效、已使用或已过期");
	}
	if (rc != 0 || (rc = store_user_get(db, user_id, &u)) != 0)
		goto fail;
	principal_from_user(&u, ip, &who);
	if ((rc = store_user_set_password(db, user_id, hash, clock_now_ms())) != 0 ||
	    (rc = store_session_delete_user(db, user_id, NULL)) != 0 ||
	    (rc = audit_append(db, &who, NULL, "user.password_reset", u.username, NULL)) != 0 ||
	    (rc = db_commit(db)) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return rc;
}
