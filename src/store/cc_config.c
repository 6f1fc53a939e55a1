#include "store/cc_config.h"
#include "store/db.h"
#include "lib/err.h"

#include <stdlib.h>
#include <string.h>

static void skill_from_row(sqlite3_stmt *st, void *row)
{
	struct cc_skill *s = row;

	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, s->name, sizeof s->name);
	s->agents = sqlite3_column_int(st, 2);
	s->queues = sqlite3_column_int(st, 3);
}

#define SKILL_SQL "SELECT id, name," \
	" (SELECT count(*) FROM cc_agent_skills a WHERE a.skill_id = s.id)," \
	" (SELECT count(*) FROM cc_queues q WHERE q.skill_id = s.id) FROM cc_skills s "

int store_cc_skills(struct db *db, struct cc_skill *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, SKILL_SQL "ORDER BY name");

	*n = 0;
	return db_rows(st, skill_from_row, out, sizeof *out, max, n);
}

int store_cc_skill_get(struct db *db, int64_t id, struct cc_skill *out)
{
	sqlite3_stmt *st = db_stmt(db, SKILL_SQL "WHERE id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, skill_from_row, out);
}

int store_cc_skill_insert(struct db *db, const char *name, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO cc_skills (name, created_at) VALUES (?, ?)");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = db_step_done(db, st)) == 0)
		*id = db_last_id(db);
	return rc;
}

/* Steps a write of one row: GX_ENOTFOUND when it changed none. */
static int write_one(struct db *db, sqlite3_stmt *st)
{
	int rc;

	if (!st)
		return GX_EDB;
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) ? 0 : GX_ENOTFOUND;
}

int store_cc_skill_rename(struct db *db, int64_t id, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE cc_skills SET name = ? WHERE id = ?");

	if (st) {
		db_bind_text(st, 1, name);
		sqlite3_bind_int64(st, 2, id);
	}
	return write_one(db, st);
}

int store_cc_skill_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM cc_skills WHERE id = ?");

	if (st)
		sqlite3_bind_int64(st, 1, id);
	return write_one(db, st);
}

#define QUEUE_COLS "id, name, skill_id, strategy, priority_tiers, coalesce(overflow_queue_id, 0)," \
	" overflow_after_s, wrap_up_s, sl_seconds, coalesce(team_id, 0), created_at, updated_at," \
	" version FROM cc_queues "

static void queue_from_row(sqlite3_stmt *st, void *row)
{
	struct cc_queue *q = row;

	memset(q, 0, sizeof *q);
	q->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, q->name, sizeof q->name);
	q->skill_id = sqlite3_column_int64(st, 2);
	db_col_text(st, 3, q->strategy, sizeof q->strategy);
	db_col_text(st, 4, q->priority_tiers, sizeof q->priority_tiers);
	q->overflow_queue_id = sqlite3_column_int64(st, 5);
	q->overflow_after_s = sqlite3_column_int(st, 6);
	q->wrap_up_s = sqlite3_column_int(st, 7);
	q->sl_seconds = sqlite3_column_int(st, 8);
	q->team_id = sqlite3_column_int64(st, 9);
	q->created_at = sqlite3_column_int64(st, 10);
	q->updated_at = sqlite3_column_int64(st, 11);
	q->version = sqlite3_column_int64(st, 12);
}

int store_cc_queues(struct db *db, struct cc_queue *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " QUEUE_COLS "ORDER BY name");

	*n = 0;
	return db_rows(st, queue_from_row, out, sizeof *out, max, n);
}

int store_cc_queue_get(struct db *db, int64_t id, struct cc_queue *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " QUEUE_COLS "WHERE id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, queue_from_row, out);
}

static void bind_queue(sqlite3_stmt *st, const struct cc_queue *q)
{
	db_set_text(st, ":name", q->name);
	db_set_int(st, ":skill", q->skill_id);
	db_set_text(st, ":strategy", q->strategy);
	db_set_text(st, ":tiers", q->priority_tiers);
	db_set_id(st, ":overflow", q->overflow_queue_id);
	db_set_int(st, ":after", q->overflow_after_s);
	db_set_int(st, ":wrap", q->wrap_up_s);
	db_set_int(st, ":sl", q->sl_seconds);
	db_set_id(st, ":team", q->team_id);
	db_set_int(st, ":now", q->updated_at);
	db_set_int(st, ":id", q->id);
	db_set_int(st, ":version", q->version);
}

int store_cc_queue_insert(struct db *db, struct cc_queue *q)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO cc_queues (name, skill_id, strategy,"
		" priority_tiers, overflow_queue_id, overflow_after_s, wrap_up_s, sl_seconds, team_id,"
		" created_at, updated_at) VALUES (:name, :skill, :strategy, :tiers, :overflow, :after,"
		" :wrap, :sl, :team, :now, :now)");
	int rc;

	if (!st)
		return GX_EDB;
	bind_queue(st, q);
	if ((rc = db_step_done(db, st)) == 0) {
		q->id = db_last_id(db);
		q->created_at = q->updated_at;
		q->version = 1;
	}
	return rc;
}

int store_cc_queue_update(struct db *db, struct cc_queue *q)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE cc_queues SET name = :name, skill_id = :skill,"
		" strategy = :strategy, priority_tiers = :tiers, overflow_queue_id = :overflow,"
		" overflow_after_s = :after, wrap_up_s = :wrap, sl_seconds = :sl, team_id = :team,"
		" updated_at = :now, version = version + 1 WHERE id = :id AND version = :version");
	int rc;

	if (!st)
		return GX_EDB;
	bind_queue(st, q);
	rc = db_step_versioned(db, st, "SELECT 1 FROM cc_queues WHERE id = ?", q->id);
	if (rc == 0)
		q->version++;
	return rc;
}

int store_cc_queue_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM cc_queues WHERE id = ?");

	if (st)
		sqlite3_bind_int64(st, 1, id);
	return write_one(db, st);
}

static void count_from_row(sqlite3_stmt *st, void *row)
{
	*(int *)row = sqlite3_column_int(st, 0);
}

int store_cc_queue_uses(struct db *db, int64_t id, int *uses)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT"
		" (SELECT count(*) FROM cc_numbers WHERE queue_id = ?1)"
		" + (SELECT count(*) FROM cc_queues WHERE overflow_queue_id = ?1)"
		" + EXISTS (SELECT 1 FROM cc_calls WHERE queue_id = ?1 OR first_queue_id = ?1)");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, count_from_row, uses);
}

static void number_from_row(sqlite3_stmt *st, void *row)
{
	struct cc_number *num = row;

	memset(num, 0, sizeof *num);
	db_col_text(st, 0, num->number, sizeof num->number);
	num->queue_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, num->label, sizeof num->label);
}

int store_cc_numbers(struct db *db, struct cc_number *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT number, queue_id, label FROM cc_numbers"
				   " ORDER BY number");

	*n = 0;
	return db_rows(st, number_from_row, out, sizeof *out, max, n);
}

int store_cc_number_queue(struct db *db, const char *number, int64_t *queue_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT queue_id FROM cc_numbers WHERE number = ?");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, number);
	return db_row(st, db_fill_int64, queue_id);
}

int store_cc_number_insert(struct db *db, const struct cc_number *num)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO cc_numbers (number, queue_id, label)"
				   " VALUES (?, ?, ?)");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, num->number);
	sqlite3_bind_int64(st, 2, num->queue_id);
	db_bind_text(st, 3, num->label);
	return db_step_done(db, st);
}

int store_cc_number_delete(struct db *db, const char *number)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM cc_numbers WHERE number = ?");

	if (st)
		db_bind_text(st, 1, number);
	return write_one(db, st);
}

#define AGENT_SQL "SELECT a.user_id, u.username, u.display_name, coalesce(u.team_id, 0)," \
	" a.extension, a.state, a.reason, a.state_since, a.idle_since, coalesce(a.wrap_until, 0)," \
	" coalesce(a.call_id, 0), a.calls_today," \
	" (SELECT group_concat(skill_id || ':' || level) FROM cc_agent_skills s" \
	"  WHERE s.user_id = a.user_id)" \
	" FROM cc_agents a JOIN users u ON u.id = a.user_id "

/* "3:2,5:1": skill 3 at level 2, skill 5 at level 1. */
static void parse_skills(const char *text, struct cc_agent *a)
{
	const char *p = text;
	char *end;

	while (p && *p && a->nskills < CC_AGENT_SKILLS_MAX) {
		struct cc_agent_skill *s = &a->skills[a->nskills];

		s->skill_id = strtoll(p, &end, 10);
		if (*end != ':')
			return;
		s->level = (int)strtol(end + 1, &end, 10);
		a->nskills++;
		p = *end == ',' ? end + 1 : NULL;
	}
}

static void agent_from_row(sqlite3_stmt *st, void *row)
{
	struct cc_agent *a = row;

	memset(a, 0, sizeof *a);
	a->user_id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, a->username, sizeof a->username);
	db_col_text(st, 2, a->display_name, sizeof a->display_name);
	a->team_id = sqlite3_column_int64(st, 3);
	db_col_text(st, 4, a->extension, sizeof a->extension);
	db_col_text(st, 5, a->state, sizeof a->state);
	db_col_text(st, 6, a->reason, sizeof a->reason);
	a->state_since = sqlite3_column_int64(st, 7);
	a->idle_since = sqlite3_column_int64(st, 8);
	a->wrap_until = sqlite3_column_int64(st, 9);
	a->call_id = sqlite3_column_int64(st, 10);
	a->calls_today = sqlite3_column_int(st, 11);
	parse_skills((const char *)sqlite3_column_text(st, 12), a);
}

int store_cc_agents(struct db *db, struct cc_agent *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, AGENT_SQL "ORDER BY a.extension");

	*n = 0;
	return db_rows(st, agent_from_row, out, sizeof *out, max, n);
}

int store_cc_agent_get(struct db *db, int64_t user_id, struct cc_agent *out)
{
	sqlite3_stmt *st = db_stmt(db, AGENT_SQL "WHERE a.user_id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, user_id);
	return db_row(st, agent_from_row, out);
}

int store_cc_agent_by_extension(struct db *db, const char *extension, struct cc_agent *out)
{
	sqlite3_stmt *st = db_stmt(db, AGENT_SQL "WHERE a.extension = ?");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, extension);
	return db_row(st, agent_from_row, out);
}

int store_cc_agent_insert(struct db *db, const struct cc_agent *a, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO cc_agents (user_id, extension, state_since,"
				   " idle_since, created_at, updated_at) VALUES (?1, ?2, ?3, ?3, ?3, ?3)");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, a->user_id);
	db_bind_text(st, 2, a->extension);
	sqlite3_bind_int64(st, 3, now);
	return db_step_done(db, st);
}

int store_cc_agent_set_extension(struct db *db, int64_t user_id, const char *extension, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE cc_agents SET extension = ?, updated_at = ?"
				   " WHERE user_id = ?");

	if (st) {
		db_bind_text(st, 1, extension);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_int64(st, 3, user_id);
	}
	return write_one(db, st);
}

int store_cc_agent_set_skills(struct db *db, const struct cc_agent *a)
{
	sqlite3_stmt *del = db_stmt(db, "DELETE FROM cc_agent_skills WHERE user_id = ?");
	sqlite3_stmt *ins;
	int rc;

	if (!del)
		return GX_EDB;
	sqlite3_bind_int64(del, 1, a->user_id);
	if ((rc = db_step_done(db, del)) != 0)
		return rc;
	for (int i = 0; i < a->nskills; i++) {
		ins = db_stmt(db, "INSERT INTO cc_agent_skills (user_id, skill_id, level)"
			      " VALUES (?, ?, ?)");
		if (!ins)
			return GX_EDB;
		sqlite3_bind_int64(ins, 1, a->user_id);
		sqlite3_bind_int64(ins, 2, a->skills[i].skill_id);
		sqlite3_bind_int(ins, 3, a->skills[i].level);
		if ((rc = db_step_done(db, ins)) != 0)
			return rc;
	}
	return 0;
}

int store_cc_agent_delete(struct db *db, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM cc_agents WHERE user_id = ?");

	if (st)
		sqlite3_bind_int64(st, 1, user_id);
	return write_one(db, st);
}
