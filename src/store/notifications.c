#include "store/notifications.h"
#include "store/db.h"
#include "lib/err.h"
#include "lib/log.h"

#include <string.h>

#define NTF_COLS                                                             \
	"id, user_id, kind, title, body, coalesce(link, ''), coalesce(ref_type, ''),"\
	" coalesce(ref_id, 0), created_at, coalesce(read_at, 0) "
/* The values of a new row, shared by both audiences; ON CONFLICT names
 * the dedupe index of migration 0012 (an INSERT … SELECT upsert needs the
 * SELECT's WHERE clause). */
#define NTF_VALUES                                                           \
	" :kind, :title, :body, :link, :ref_type, :ref_id, :now FROM users u"
#define NTF_UPSERT                                                           \
	" ON CONFLICT (ref_type, ref_id, kind, user_id) WHERE ref_type IS NOT NULL" \
	" DO NOTHING RETURNING user_id"

/* Whether one of user u's roles grants the permission bound to param. */
#define NTF_GRANTS(param)                                                    \
	"EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp"       \
	" ON rp.role_id = ur.role_id WHERE ur.user_id = u.id AND rp.permission = " param ")"

/* Logs a statement that failed with rc and resets it; GX_EDB. */
static int step_failed(struct db *db, sqlite3_stmt *st, int rc)
{
	log_error("db_step_failed", "{s:s,s:i}", "error", sqlite3_errmsg(db_handle(db)),
		  "code", rc);
	sqlite3_reset(st);
	return GX_EDB;
}

static void ntf_from_row(sqlite3_stmt *st, void *row)
{
	struct ntf_rec *n = row;
	int col = 0;

	memset(n, 0, sizeof *n);
	n->id = sqlite3_column_int64(st, col++);
	n->user_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, n->kind, sizeof n->kind);
	db_col_text(st, col++, n->title, sizeof n->title);
	db_col_text(st, col++, n->body, sizeof n->body);
	db_col_text(st, col++, n->link, sizeof n->link);
	db_col_text(st, col++, n->ref_type, sizeof n->ref_type);
	n->ref_id = sqlite3_column_int64(st, col++);
	n->created_at = sqlite3_column_int64(st, col++);
	n->read_at = sqlite3_column_int64(st, col++);
}

int store_ntf_insert(struct db *db, const struct ntf_rec *n, const struct ntf_audience *to,
		     void (*on_row)(int64_t user_id, void *arg), void *arg, int *sent)
{
	static const char *const one_sql =
		"INSERT INTO notifications (user_id, kind, title, body, link, ref_type,"
		" ref_id, created_at) SELECT u.id," NTF_VALUES
		" WHERE u.id = :user AND u.disabled = 0" NTF_UPSERT;
	static const char *const many_sql =
		"INSERT INTO notifications (user_id, kind, title, body, link, ref_type,"
		" ref_id, created_at) SELECT u.id," NTF_VALUES
		" WHERE u.disabled = 0 AND (:team = 0 OR u.team_id = :team)"
		" AND (:role IS NULL OR EXISTS (SELECT 1 FROM user_roles ur"
		" JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name = :role))"
		" AND (:perm IS NULL OR " NTF_GRANTS(":perm") ")"
		" AND (:perm_also IS NULL OR " NTF_GRANTS(":perm_also") ")"
		" ORDER BY u.id" NTF_UPSERT;
	sqlite3_stmt *st = db_stmt(db, to->user_id ? one_sql : many_sql);
	int rc;

	*sent = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":user", to->user_id);
	db_set_int(st, ":team", to->team_id);
	db_set_opt_text(st, ":role", to->role);
	db_set_opt_text(st, ":perm", to->perm);
	db_set_opt_text(st, ":perm_also", to->perm_also);
	db_set_opt_text(st, ":kind", n->kind);
	db_set_opt_text(st, ":title", n->title);
	db_bind_text(st, sqlite3_bind_parameter_index(st, ":body"), n->body);
	db_set_opt_text(st, ":link", n->link);
	db_set_opt_text(st, ":ref_type", n->ref_type);
	if (n->ref_type[0])
		db_set_int(st, ":ref_id", n->ref_id);
	db_set_int(st, ":now", n->created_at);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		(*sent)++;
		if (on_row)
			on_row(sqlite3_column_int64(st, 0), arg);
	}
	if (rc != SQLITE_DONE)
		return step_failed(db, st, rc);
	sqlite3_reset(st);
	return 0;
}

/* Steps a list statement into out (max >= 1). */
int store_ntf_list(struct db *db, int64_t user_id, bool unread_only, int64_t before,
		   struct ntf_rec *out, int max, int *n)
{
	/* Two statements, so that each uses its own index. */
	static const char *const all_sql =
		"SELECT " NTF_COLS "FROM notifications WHERE user_id = :user AND id < :before"
		" ORDER BY id DESC LIMIT :limit";
	static const char *const unread_sql =
		"SELECT " NTF_COLS "FROM notifications WHERE user_id = :user AND id < :before"
		" AND read_at IS NULL ORDER BY id DESC LIMIT :limit";
	sqlite3_stmt *st = db_stmt(db, unread_only ? unread_sql : all_sql);

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":user", user_id);
	db_set_int(st, ":before", before > 0 ? before : INT64_MAX);
	db_set_int(st, ":limit", max);
	return db_rows(st, ntf_from_row, out, sizeof *out, max, n);
}

int store_ntf_since(struct db *db, int64_t user_id, int64_t after, struct ntf_rec *out,
		    int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " NTF_COLS "FROM notifications"
				       " WHERE user_id = :user AND id > :after ORDER BY id LIMIT :limit");

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":user", user_id);
	db_set_int(st, ":after", after);
	db_set_int(st, ":limit", max);
	return db_rows(st, ntf_from_row, out, sizeof *out, max, n);
}

int store_ntf_get(struct db *db, int64_t user_id, int64_t id, struct ntf_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " NTF_COLS "FROM notifications"
				       " WHERE id = :id AND user_id = :user");
	int n = 0, rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":id", id);
	db_set_int(st, ":user", user_id);
	if ((rc = db_rows(st, ntf_from_row, out, sizeof *out, 1, &n)) != 0)
		return rc;
	return n ? 0 : GX_ENOTFOUND;
}

int store_ntf_mark_read(struct db *db, int64_t user_id, int64_t id, int64_t now_ms,
			int *changed)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE notifications SET read_at = :now"
				       " WHERE id = :id AND user_id = :user AND read_at IS NULL");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":now", now_ms);
	db_set_int(st, ":id", id);
	db_set_int(st, ":user", user_id);
	if ((rc = db_step_done(db, st)) == 0 && changed)
		*changed = db_changes(db);
	return rc;
}

int store_ntf_mark_all_read(struct db *db, int64_t user_id, int64_t now_ms, int *changed)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE notifications SET read_at = :now"
				       " WHERE user_id = :user AND read_at IS NULL");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":now", now_ms);
	db_set_int(st, ":user", user_id);
	if ((rc = db_step_done(db, st)) == 0 && changed)
		*changed = db_changes(db);
	return rc;
}

int store_ntf_counts(struct db *db, int64_t user_id, int64_t *unread, int64_t *latest_id)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT (SELECT count(*) FROM notifications WHERE user_id = :user"
		" AND read_at IS NULL), (SELECT coalesce(max(id), 0) FROM notifications"
		" WHERE user_id = :user)");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":user", user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*unread = sqlite3_column_int64(st, 0);
		*latest_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_ntf_purge_read(struct db *db, int64_t cutoff_ms, int max, int *deleted)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM notifications WHERE id IN (SELECT id"
				       " FROM notifications WHERE read_at < :cutoff LIMIT :limit)");
	int rc;

	*deleted = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":cutoff", cutoff_ms);
	db_set_int(st, ":limit", max);
	if ((rc = db_step_done(db, st)) == 0)
		*deleted = db_changes(db);
	return rc;
}
