/* credentials.h - storage of sessions, API tokens, sign-in attempts and
 * password-reset tokens. Secrets are stored only as TOKEN_DIGEST_LEN-byte
 * digests (lib/token.h); expiry and lockout rules live in domain/auth.c. */
#ifndef GX_STORE_CREDENTIALS_H
#define GX_STORE_CREDENTIALS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/token.h"

struct db;

/* Session and token rows come with the few user fields every request
 * needs, so one lookup authenticates a request. */
struct session_rec {
	int64_t user_id;
	char csrf[TOKEN_MAX];
	int64_t created_at, last_seen_at;
	bool user_disabled;
	char username[40];
	int64_t team_id;
	int level;
	char permissions[1024]; /* comma-separated */
};

struct token_rec {
	int64_t id, user_id;
	char name[128];
	char prefix[16];
	int64_t created_at, last_used_at;
	bool user_disabled;
	char username[40];
	int64_t team_id;
	int level;
	char permissions[1024]; /* comma-separated */
};

typedef unsigned char digest_t[TOKEN_DIGEST_LEN];

int store_session_insert(struct db *db, const digest_t id, int64_t user_id,
			 const char *csrf, int64_t now_ms, const char *ip);
/* 0, GX_ENOTFOUND or GX_EDB. */
int store_session_get(struct db *db, const digest_t id, struct session_rec *out);
int store_session_touch(struct db *db, const digest_t id, int64_t now_ms);
int store_session_delete(struct db *db, const digest_t id);
/* Ends every session of the user except keep (NULL: all). */
int store_session_delete_user(struct db *db, int64_t user_id, const digest_t keep);
/* Deletes up to max sessions last seen before idle_before or made before
 * created_before (expired ones); *deleted counts them. */
int store_session_purge(struct db *db, int64_t idle_before, int64_t created_before, int max,
			int *deleted);

/* Sets t->id. */
int store_token_insert(struct db *db, struct token_rec *t, const digest_t digest);
/* An unrevoked token; 0, GX_ENOTFOUND or GX_EDB. */
int store_token_by_digest(struct db *db, const digest_t digest, struct token_rec *out);
int store_token_touch(struct db *db, int64_t id, int64_t now_ms);
int store_token_list(struct db *db, int64_t user_id, struct token_rec *out,
		     int max, int *n);
/* GX_ENOTFOUND unless an unrevoked token id belongs to user_id. */
int store_token_revoke(struct db *db, int64_t id, int64_t user_id, int64_t now_ms);

/* outcome: "ok", "fail" or "locked". */
int store_attempt_add(struct db *db, const char *username, int64_t now_ms,
		      const char *outcome, const char *ip);
/* Times of failed attempts for username at or after since_ms and after its
 * last successful sign-in, newest first, at most max. */
int store_attempt_failures(struct db *db, const char *username, int64_t since_ms,
			   int64_t *times, int max, int *n);

int store_reset_insert(struct db *db, const digest_t digest, int64_t user_id,
		       int64_t now_ms, int64_t expires_ms);
/* 0 if digest names an unused, unexpired reset token, else GX_ENOTFOUND. */
int store_reset_check(struct db *db, const digest_t digest, int64_t now_ms);
/* Marks an unused, unexpired reset token used and returns its user.
 * GX_ENOTFOUND if unknown, used or expired. */
int store_reset_consume(struct db *db, const digest_t digest, int64_t now_ms,
			int64_t *user_id);

#endif
