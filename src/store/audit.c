#include "store/audit.h"
#include "store/db.h"
#include "lib/err.h"

#include <stdlib.h>
#include <string.h>

#define AUDIT_COLS "id, at, coalesce(actor_id, 0), actor, action, target," \
	" detail, ip, prev_hash, hash FROM audit_log "

static void audit_from_row(sqlite3_stmt *st, struct audit_rec *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->at = sqlite3_column_int64(st, 1);
	r->actor_id = sqlite3_column_int64(st, 2);
	db_col_text(st, 3, r->actor, sizeof r->actor);
	db_col_text(st, 4, r->action, sizeof r->action);
	db_col_text(st, 5, r->target, sizeof r->target);
	db_col_text(st, 6, r->detail, sizeof r->detail);
	db_col_text(st, 7, r->ip, sizeof r->ip);
	db_col_text(st, 8, r->prev_hash, sizeof r->prev_hash);
	db_col_text(st, 9, r->hash, sizeof r->hash);
}

int store_audit_last_hash(struct db *db, char out[AUDIT_HASH_HEX])
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
	int rc;

	out[0] = '\0';
	if (!st)
		return GX_EDB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		db_col_text(st, 0, out, AUDIT_HASH_HEX);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : GX_EDB;
}

int store_audit_insert(struct db *db, struct audit_rec *r)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO audit_log (at, actor_id, actor, action, target, detail,"
		" ip, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, r->at);
	if (r->actor_id)
		sqlite3_bind_int64(st, 2, r->actor_id);
	db_bind_text(st, 3, r->actor);
	db_bind_text(st, 4, r->action);
	db_bind_text(st, 5, r->target);
	db_bind_text(st, 6, r->detail);
	db_bind_text(st, 7, r->ip);
	db_bind_text(st, 8, r->prev_hash);
	db_bind_text(st, 9, r->hash);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	r->id = db_last_id(db);
	return 0;
}

int store_audit_list(struct db *db, int64_t before_id, int limit,
		     struct audit_rec *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " AUDIT_COLS
		"WHERE id < ? ORDER BY id DESC LIMIT ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(st, 2, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit)
		audit_from_row(st, &out[(*n)++]);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_audit_scan(struct db *db, int (*fn)(const struct audit_rec *, void *),
		     void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " AUDIT_COLS "ORDER BY id");
	struct audit_rec *r = malloc(sizeof *r);
	int rc, stop = 0;

	if (!st || !r) {
		free(r);
		return GX_EDB;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		audit_from_row(st, r);
		if ((stop = fn(r, arg)) != 0)
			break;
	}
	sqlite3_reset(st);
	free(r);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : GX_EDB;
}
