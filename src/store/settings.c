#include "store/settings.h"
#include "store/db.h"
#include "lib/err.h"

int store_setting_get(struct db *db, const char *key, char *out, size_t cap)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM settings WHERE key = ?");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		db_col_text(st, 0, out, cap);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GX_ENOTFOUND : GX_EDB;
}

int store_setting_set(struct db *db, const char *key, const char *value, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO settings (key, value, updated_at)"
				   " VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
				   " value = excluded.value, updated_at = excluded.updated_at");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	sqlite3_bind_int64(st, 3, now_ms);
	return db_step_done(db, st);
}
