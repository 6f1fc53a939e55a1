#include "store/tasks.h"
#include "store/db.h"
#include "lib/err.h"

#include <string.h>

#define TASK_COLS                                                            \
	"t.id, t.title, t.description, coalesce(t.due_at, 0), t.priority,"   \
	" t.status, t.assignee_id, coalesce(a.display_name, ''),"            \
	" coalesce(t.customer_id, 0), coalesce(cu.name, ''),"                \
	" coalesce(t.ticket_id, 0), coalesce(t.opportunity_id, 0),"          \
	" coalesce(t.created_by, 0), coalesce(cr.display_name, ''),"         \
	" t.created_at, t.updated_at, coalesce(t.completed_at, 0), t.version "
#define TASK_FROM                                                            \
	" FROM tasks t LEFT JOIN users a ON a.id = t.assignee_id"            \
	" LEFT JOIN users cr ON cr.id = t.created_by"                        \
	" LEFT JOIN customers cu ON cu.id = t.customer_id "
/* The sort key; the same expression as in the indexes. */
#define TASK_KEY "coalesce(t.due_at, 9223372036854775807)"
#define TASK_FILTERS                                                         \
	" AND t.status IN (:s1, :s2, :s3)"                                   \
	" AND (:visible = 0 OR t.assignee_id = :visible OR t.created_by = :visible)" \
	" AND (" TASK_KEY ", t.id) > (:key, :id)"                            \
	" ORDER BY " TASK_KEY ", t.id LIMIT :limit"

/* One statement per view, so that each uses its own index. */
static const char *const list_sql[TV__COUNT] = {
	[TV_ASSIGNEE] = "SELECT " TASK_COLS TASK_FROM "WHERE t.assignee_id = :user" TASK_FILTERS,
	[TV_CREATOR] = "SELECT " TASK_COLS TASK_FROM "WHERE t.created_by = :user" TASK_FILTERS,
	[TV_CUSTOMER] = "SELECT " TASK_COLS TASK_FROM "WHERE t.customer_id = :customer"
		TASK_FILTERS,
	[TV_ALL] = "SELECT " TASK_COLS TASK_FROM "WHERE 1" TASK_FILTERS,
};

static void task_from_row(sqlite3_stmt *st, void *row)
{
	struct task_rec *t = row;
	int col = 0;

	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, t->title, sizeof t->title);
	db_col_text(st, col++, t->description, sizeof t->description);
	t->due_at = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, t->priority, sizeof t->priority);
	db_col_text(st, col++, t->status, sizeof t->status);
	t->assignee_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, t->assignee_name, sizeof t->assignee_name);
	t->customer_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, t->customer_name, sizeof t->customer_name);
	t->ticket_id = sqlite3_column_int64(st, col++);
	t->opportunity_id = sqlite3_column_int64(st, col++);
	t->created_by = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, t->creator_name, sizeof t->creator_name);
	t->created_at = sqlite3_column_int64(st, col++);
	t->updated_at = sqlite3_column_int64(st, col++);
	t->completed_at = sqlite3_column_int64(st, col++);
	t->version = sqlite3_column_int64(st, col++);
}

int store_task_get(struct db *db, int64_t id, struct task_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " TASK_COLS TASK_FROM "WHERE t.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, task_from_row, out);
}

/* The columns insert and update share. */
static void bind_record(sqlite3_stmt *st, const struct task_rec *t)
{
	db_set_text(st, ":title", t->title);
	db_set_text(st, ":description", t->description);
	db_set_id(st, ":due_at", t->due_at);
	db_set_text(st, ":priority", t->priority);
	db_set_text(st, ":status", t->status);
	db_set_int(st, ":assignee_id", t->assignee_id);
	db_set_id(st, ":customer_id", t->customer_id);
	db_set_id(st, ":ticket_id", t->ticket_id);
	db_set_id(st, ":opportunity_id", t->opportunity_id);
	db_set_id(st, ":completed_at", t->completed_at);
}

int store_task_insert(struct db *db, struct task_rec *t)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO tasks (title, description, due_at, priority, status, assignee_id,"
		" customer_id, ticket_id, opportunity_id, created_by, created_at, updated_at,"
		" completed_at, version) VALUES (:title, :description, :due_at, :priority,"
		" :status, :assignee_id, :customer_id, :ticket_id, :opportunity_id,"
		" :created_by, :now, :now, :completed_at, 1)");
	int rc;

	if (!st)
		return GX_EDB;
	bind_record(st, t);
	db_set_id(st, ":created_by", t->created_by);
	db_set_int(st, ":now", t->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	t->id = db_last_id(db);
	t->version = 1;
	t->updated_at = t->created_at;
	return 0;
}

int store_task_update(struct db *db, struct task_rec *t, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE tasks SET title = :title, description = :description, due_at = :due_at,"
		" priority = :priority, status = :status, assignee_id = :assignee_id,"
		" customer_id = :customer_id, ticket_id = :ticket_id,"
		" opportunity_id = :opportunity_id, completed_at = :completed_at,"
		" updated_at = :now, version = version + 1 WHERE id = :id AND version = :version");
	int rc;

	if (!st)
		return GX_EDB;
	bind_record(st, t);
	db_set_int(st, ":now", now_ms);
	db_set_int(st, ":id", t->id);
	db_set_int(st, ":version", t->version);
	if ((rc = db_step_versioned(db, st, "SELECT 1 FROM tasks WHERE id = ?", t->id)) != 0)
		return rc;
	t->version++;
	t->updated_at = now_ms;
	return 0;
}

int store_task_delete(struct db *db, int64_t id, int64_t version)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM tasks WHERE id = ? AND version = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	return db_step_versioned(db, st, "SELECT 1 FROM tasks WHERE id = ?", id);
}

int store_task_list(struct db *db, const struct task_query *q, struct task_rec *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, list_sql[q->view]);
	static const char *const slots[] = {":s1", ":s2", ":s3"};

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":user", q->user_id);
	db_set_int(st, ":customer", q->customer_id);
	db_set_int(st, ":visible", q->visible_to);
	/* Unused slots repeat the first status. */
	for (int i = 0; i < 3; i++)
		db_set_text(st, slots[i], q->statuses[i < q->nstatuses ? i : 0]);
	db_set_int(st, ":key", q->after_id ? q->after_key : INT64_MIN);
	db_set_int(st, ":id", q->after_id);
	db_set_int(st, ":limit", q->limit);
	return db_rows(st, task_from_row, out, sizeof *out, q->limit, n);
}

int store_task_counts(struct db *db, int64_t user_id, int64_t now_ms, int64_t *open,
		      int64_t *overdue)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT count(*), count(CASE WHEN due_at < ?2 THEN 1 END) FROM tasks"
		" WHERE assignee_id = ?1 AND status = 'open'");
	int rc;

	*open = *overdue = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now_ms);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*open = sqlite3_column_int64(st, 0);
		*overdue = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}
