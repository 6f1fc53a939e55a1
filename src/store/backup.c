#include "store/backup.h"
#include "lib/err.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ERRLEN 256

static int copy_db(sqlite3 *from, sqlite3 *to, char *err)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (!b) {
		snprintf(err, ERRLEN, "%s", sqlite3_errmsg(to));
		return GX_EDB;
	}
	/* Small steps let a running server's writers in between; a writer's
	 * change restarts the copy, so the result is always one snapshot. */
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK ||
	       rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		if (rc != SQLITE_OK)
			sqlite3_sleep(5);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, ERRLEN, "%s", sqlite3_errstr(rc));
		return GX_EDB;
	}
	return 0;
}

static int open_db(const char *path, int flags, sqlite3 **out, char *err)
{
	if (sqlite3_open_v2(path, out, flags, NULL) != SQLITE_OK) {
		snprintf(err, ERRLEN, "%s: %s", path,
			 *out ? sqlite3_errmsg(*out) : "out of memory");
		return GX_EDB;
	}
	sqlite3_busy_timeout(*out, 10000);
	return 0;
}

/* An intact database with our migrations table. */
static int check_db(sqlite3 *db, const char *path, char *err)
{
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ok = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(err, ERRLEN, "%s is not an intact database", path);
		return GX_EDB;
	}
	ok = sqlite3_prepare_v2(db, "SELECT max(version) FROM schema_migrations",
				-1, &st, NULL) == SQLITE_OK &&
	     sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(err, ERRLEN, "%s is not a Guanxi database", path);
		return GX_EDB;
	}
	return 0;
}

int store_backup(const char *db_path, const char *dest, char *err)
{
	sqlite3 *from = NULL, *to = NULL;
	int rc;

	if (access(dest, F_OK) == 0) {
		snprintf(err, ERRLEN, "%s already exists", dest);
		return GX_ECONFLICT;
	}
	if ((rc = open_db(db_path, SQLITE_OPEN_READWRITE, &from, err)) != 0)
		goto out;
	if ((rc = check_db(from, db_path, err)) != 0)
		goto out;
	rc = open_db(dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &to, err);
	if (rc == 0)
		rc = copy_db(from, to, err);
out:
	sqlite3_close(from);
	sqlite3_close(to);
	if (rc != 0 && to)
		unlink(dest);
	return rc;
}

int store_restore(const char *db_path, const char *src, char *err)
{
	sqlite3 *from = NULL, *to = NULL;
	int rc;

	if ((rc = open_db(src, SQLITE_OPEN_READONLY, &from, err)) != 0)
		goto out;
	if ((rc = check_db(from, src, err)) != 0)
		goto out;
	if ((rc = open_db(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			  &to, err)) != 0)
		goto out;
	if (sqlite3_exec(to, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, ERRLEN, "%s", sqlite3_errmsg(to));
		rc = GX_EDB;
		goto out;
	}
	rc = copy_db(from, to, err);
out:
	sqlite3_close(from);
	sqlite3_close(to);
	return rc;
}
