#include "store/credentials.h"
#include "store/db.h"
#include "lib/err.h"

#include <string.h>

/* The permission names a user holds through any role, as a comma list. */
#define PERMS_OF(user) "(SELECT group_concat(DISTINCT rp.permission) FROM"  \
	" user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id"  \
	" WHERE ur.user_id = " user ")"

static int bind_digest(sqlite3_stmt *st, int idx, const digest_t d)
{
	return sqlite3_bind_blob(st, idx, d, TOKEN_DIGEST_LEN, SQLITE_STATIC);
}

int store_session_insert(struct db *db, const digest_t id, int64_t user_id,
			 const char *csrf, int64_t now_ms, const char *ip)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO sessions (id, user_id, csrf_token, created_at,"
		" last_seen_at, ip) VALUES (?, ?, ?, ?, ?, ?)");

	if (!st)
		return GX_EDB;
	bind_digest(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	sqlite3_bind_int64(st, 4, now_ms);
	sqlite3_bind_int64(st, 5, now_ms);
	db_bind_text(st, 6, ip);
	return db_step_done(db, st);
}

int store_session_get(struct db *db, const digest_t id, struct session_rec *out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at,"
		" u.disabled, u.username, coalesce(u.team_id, 0), u.level, "
		PERMS_OF("s.user_id")
		" FROM sessions s JOIN users u ON u.id = s.user_id"
		" WHERE s.id = ?");
	int rc;

	if (!st)
		return GX_EDB;
	bind_digest(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->user_id = sqlite3_column_int64(st, 0);
		db_col_text(st, 1, out->csrf, sizeof out->csrf);
		out->created_at = sqlite3_column_int64(st, 2);
		out->last_seen_at = sqlite3_column_int64(st, 3);
		out->user_disabled = sqlite3_column_int(st, 4) != 0;
		db_col_text(st, 5, out->username, sizeof out->username);
		out->team_id = sqlite3_column_int64(st, 6);
		out->level = sqlite3_column_int(st, 7);
		db_col_text(st, 8, out->permissions, sizeof out->permissions);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GX_ENOTFOUND : GX_EDB;
}

int store_session_touch(struct db *db, const digest_t id, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE sessions SET last_seen_at = ? WHERE id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, now_ms);
	bind_digest(st, 2, id);
	return db_step_done(db, st);
}

int store_session_delete(struct db *db, const digest_t id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM sessions WHERE id = ?");

	if (!st)
		return GX_EDB;
	bind_digest(st, 1, id);
	return db_step_done(db, st);
}

int store_session_delete_user(struct db *db, int64_t user_id, const digest_t keep)
{
	static const digest_t none;
	sqlite3_stmt *st = db_stmt(db,
		"DELETE FROM sessions WHERE user_id = ? AND id <> ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, user_id);
	bind_digest(st, 2, keep ? keep : none);
	return db_step_done(db, st);
}

int store_session_purge(struct db *db, int64_t idle_before, int64_t created_before, int max,
			int *deleted)
{
	sqlite3_stmt *st = db_stmt(db,
		"DELETE FROM sessions WHERE id IN (SELECT id FROM sessions"
		" WHERE last_seen_at < ? OR created_at < ? LIMIT ?)");
	int rc;

	*deleted = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, idle_before);
	sqlite3_bind_int64(st, 2, created_before);
	sqlite3_bind_int(st, 3, max);
	if ((rc = db_step_done(db, st)) == 0)
		*deleted = db_changes(db);
	return rc;
}

int store_token_insert(struct db *db, struct token_rec *t, const digest_t digest)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO api_tokens (user_id, name, digest, prefix, created_at)"
		" VALUES (?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, t->user_id);
	db_bind_text(st, 2, t->name);
	bind_digest(st, 3, digest);
	db_bind_text(st, 4, t->prefix);
	sqlite3_bind_int64(st, 5, t->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	t->id = db_last_id(db);
	return 0;
}

static void token_from_row(sqlite3_stmt *st, struct token_rec *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	t->user_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, t->name, sizeof t->name);
	db_col_text(st, 3, t->prefix, sizeof t->prefix);
	t->created_at = sqlite3_column_int64(st, 4);
	t->last_used_at = sqlite3_column_int64(st, 5);
	t->user_disabled = sqlite3_column_int(st, 6) != 0;
	db_col_text(st, 7, t->username, sizeof t->username);
	t->team_id = sqlite3_column_int64(st, 8);
	t->level = sqlite3_column_int(st, 9);
	db_col_text(st, 10, t->permissions, sizeof t->permissions);
}

#define TOKEN_SELECT                                                        \
	"SELECT t.id, t.user_id, t.name, t.prefix, t.created_at,"           \
	" coalesce(t.last_used_at, 0), u.disabled, u.username,"            \
	" coalesce(u.team_id, 0), u.level, " PERMS_OF("t.user_id")          \
	" FROM api_tokens t"                                                \
	" JOIN users u ON u.id = t.user_id "

int store_token_by_digest(struct db *db, const digest_t digest, struct token_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, TOKEN_SELECT
		"WHERE t.digest = ? AND t.revoked_at IS NULL");
	int rc;

	if (!st)
		return GX_EDB;
	bind_digest(st, 1, digest);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		token_from_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GX_ENOTFOUND : GX_EDB;
}

int store_token_touch(struct db *db, int64_t id, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE api_tokens SET last_used_at = ? WHERE id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, now_ms);
	sqlite3_bind_int64(st, 2, id);
	return db_step_done(db, st);
}

int store_token_list(struct db *db, int64_t user_id, struct token_rec *out,
		     int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, TOKEN_SELECT
		"WHERE t.user_id = ? AND t.revoked_at IS NULL ORDER BY t.id LIMIT ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int(st, 2, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		token_from_row(st, &out[(*n)++]);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_token_revoke(struct db *db, int64_t id, int64_t user_id, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ?"
		" AND revoked_at IS NULL");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, now_ms);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, user_id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) ? 0 : GX_ENOTFOUND;
}

int store_attempt_add(struct db *db, const char *username, int64_t now_ms,
		      const char *outcome, const char *ip)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO login_attempts (username, at, outcome, ip)"
		" VALUES (?, ?, ?, ?)");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, username);
	sqlite3_bind_int64(st, 2, now_ms);
	db_bind_text(st, 3, outcome);
	db_bind_text(st, 4, ip);
	return db_step_done(db, st);
}

int store_attempt_failures(struct db *db, const char *username, int64_t since_ms,
			   int64_t *times, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT at FROM login_attempts WHERE username = ?1 AND at >= ?2"
		" AND outcome = 'fail' AND at > coalesce((SELECT max(at) FROM"
		" login_attempts WHERE username = ?1 AND outcome = 'ok'), -1)"
		" ORDER BY at DESC LIMIT ?3");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, username);
	sqlite3_bind_int64(st, 2, since_ms);
	sqlite3_bind_int(st, 3, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		times[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_reset_insert(struct db *db, const digest_t digest, int64_t user_id,
		       int64_t now_ms, int64_t expires_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO password_resets (digest, user_id, created_at, expires_at)"
		" VALUES (?, ?, ?, ?)");

	if (!st)
		return GX_EDB;
	bind_digest(st, 1, digest);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, now_ms);
	sqlite3_bind_int64(st, 4, expires_ms);
	return db_step_done(db, st);
}

int store_reset_check(struct db *db, const digest_t digest, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT 1 FROM password_resets WHERE digest = ? AND used_at IS NULL"
		" AND expires_at > ?");
	int rc;

	if (!st)
		return GX_EDB;
	bind_digest(st, 1, digest);
	sqlite3_bind_int64(st, 2, now_ms);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GX_ENOTFOUND : GX_EDB;
}

int store_reset_consume(struct db *db, const digest_t digest, int64_t now_ms,
			int64_t *user_id)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE password_resets SET used_at = ?1 WHERE digest = ?2"
		" AND used_at IS NULL AND expires_at > ?1 RETURNING user_id");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, now_ms);
	bind_digest(st, 2, digest);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(st, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return GX_EDB;
	return db_changes(db) ? 0 : GX_ENOTFOUND;
}
