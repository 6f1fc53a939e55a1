#include "store/cc_calls.h"
#include "store/db.h"
#include "lib/err.h"

#include <stdlib.h>
#include <string.h>

#define CALL_SQL "SELECT c.id, c.ext_id, c.direction, c.caller, c.called," \
	" coalesce(c.queue_id, 0), coalesce(c.first_queue_id, 0), coalesce(c.customer_id, 0)," \
	" c.matches, coalesce(c.agent_id, 0), c.state, c.priority, c.offered_at, c.queued_at," \
	" coalesce(c.assigned_at, 0), coalesce(c.answered_at, 0), coalesce(c.ended_at, 0)," \
	" coalesce(c.wrap_end_at, 0), coalesce(c.end_cause, ''), c.disposition, c.overflowed," \
	" c.transfers, c.recording, coalesce(c.ticket_id, 0), coalesce(c.rating, 0)," \
	" coalesce(c.rated_at, 0), c.note, coalesce(c.outbound_entry_id, 0), c.version," \
	" coalesce(q.name, ''), coalesce(u.display_name, ''), coalesce(k.name, '')" \
	" FROM cc_calls c LEFT JOIN cc_queues q ON q.id = c.queue_id" \
	" LEFT JOIN users u ON u.id = c.agent_id LEFT JOIN customers k ON k.id = c.customer_id "

static void call_from_row(sqlite3_stmt *st, void *row)
{
	struct cc_call *c = row;
	int i = 0;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, i++);
	db_col_text(st, i++, c->ext_id, sizeof c->ext_id);
	db_col_text(st, i++, c->direction, sizeof c->direction);
	db_col_text(st, i++, c->caller, sizeof c->caller);
	db_col_text(st, i++, c->called, sizeof c->called);
	c->queue_id = sqlite3_column_int64(st, i++);
	c->first_queue_id = sqlite3_column_int64(st, i++);
	c->customer_id = sqlite3_column_int64(st, i++);
	c->matches = sqlite3_column_int(st, i++);
	c->agent_id = sqlite3_column_int64(st, i++);
	db_col_text(st, i++, c->state, sizeof c->state);
	c->priority = sqlite3_column_int(st, i++);
	c->offered_at = sqlite3_column_int64(st, i++);
	c->queued_at = sqlite3_column_int64(st, i++);
	c->assigned_at = sqlite3_column_int64(st, i++);
	c->answered_at = sqlite3_column_int64(st, i++);
	c->ended_at = sqlite3_column_int64(st, i++);
	c->wrap_end_at = sqlite3_column_int64(st, i++);
	db_col_text(st, i++, c->end_cause, sizeof c->end_cause);
	db_col_text(st, i++, c->disposition, sizeof c->disposition);
	c->overflowed = sqlite3_column_int(st, i++) != 0;
	c->transfers = sqlite3_column_int(st, i++);
	db_col_text(st, i++, c->recording, sizeof c->recording);
	c->ticket_id = sqlite3_column_int64(st, i++);
	c->rating = sqlite3_column_int(st, i++);
	c->rated_at = sqlite3_column_int64(st, i++);
	db_col_text(st, i++, c->note, sizeof c->note);
	c->outbound_entry_id = sqlite3_column_int64(st, i++);
	c->version = sqlite3_column_int64(st, i++);
	db_col_text(st, i++, c->queue_name, sizeof c->queue_name);
	db_col_text(st, i++, c->agent_name, sizeof c->agent_name);
	db_col_text(st, i, c->customer_name, sizeof c->customer_name);
}

int store_cc_call_get(struct db *db, int64_t id, struct cc_call *out)
{
	sqlite3_stmt *st = db_stmt(db, CALL_SQL "WHERE c.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, call_from_row, out);
}

int store_cc_call_by_ext(struct db *db, const char *ext_id, struct cc_call *out)
{
	sqlite3_stmt *st = db_stmt(db, CALL_SQL "WHERE c.ext_id = ?");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, ext_id);
	return db_row(st, call_from_row, out);
}

static void set_time(sqlite3_stmt *st, const char *name, int64_t ms)
{
	if (ms)
		db_set_int(st, name, ms);
	else
		sqlite3_bind_null(st, sqlite3_bind_parameter_index(st, name));
}

static void bind_call(sqlite3_stmt *st, const struct cc_call *c)
{
	db_set_int(st, ":id", c->id);
	db_set_text(st, ":ext", c->ext_id);
	db_set_text(st, ":direction", c->direction);
	db_set_text(st, ":caller", c->caller);
	db_set_text(st, ":called", c->called);
	db_set_id(st, ":queue", c->queue_id);
	db_set_id(st, ":first", c->first_queue_id);
	db_set_id(st, ":customer", c->customer_id);
	db_set_int(st, ":matches", c->matches);
	db_set_id(st, ":agent", c->agent_id);
	db_set_text(st, ":state", c->state);
	db_set_int(st, ":priority", c->priority);
	db_set_int(st, ":offered", c->offered_at);
	db_set_int(st, ":queued", c->queued_at);
	set_time(st, ":assigned", c->assigned_at);
	set_time(st, ":answered", c->answered_at);
	set_time(st, ":ended", c->ended_at);
	set_time(st, ":wrap_end", c->wrap_end_at);
	db_set_opt_text(st, ":cause", c->end_cause);
	db_set_text(st, ":disposition", c->disposition);
	db_set_int(st, ":overflowed", c->overflowed);
	db_set_int(st, ":transfers", c->transfers);
	db_set_text(st, ":recording", c->recording);
	db_set_id(st, ":ticket", c->ticket_id);
	db_set_id(st, ":rating", c->rating);
	set_time(st, ":rated", c->rated_at);
	db_set_text(st, ":note", c->note);
	db_set_id(st, ":entry", c->outbound_entry_id);
}

int store_cc_call_insert(struct db *db, struct cc_call *c)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO cc_calls (ext_id, direction, caller, called,"
		" queue_id, first_queue_id, customer_id, matches, agent_id, state, priority, offered_at,"
		" queued_at, assigned_at, answered_at, ended_at, wrap_end_at, end_cause, disposition,"
		" overflowed, transfers, recording, ticket_id, rating, rated_at, note,"
		" outbound_entry_id) VALUES (:ext, :direction, :caller, :called, :queue, :first,"
		" :customer, :matches, :agent, :state, :priority, :offered, :queued, :assigned,"
		" :answered, :ended, :wrap_end, :cause, :disposition, :overflowed, :transfers,"
		" :recording, :ticket, :rating, :rated, :note, :entry)");
	int rc;

	if (!st)
		return GX_EDB;
	bind_call(st, c);
	if ((rc = db_step_done(db, st)) == 0) {
		c->id = db_last_id(db);
		c->version = 1;
	}
	return rc;
}

int store_cc_call_update(struct db *db, struct cc_call *c)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE cc_calls SET queue_id = :queue,"
		" customer_id = :customer, agent_id = :agent, state = :state, priority = :priority,"
		" queued_at = :queued, assigned_at = :assigned, answered_at = :answered,"
		" ended_at = :ended, wrap_end_at = :wrap_end, end_cause = :cause,"
		" disposition = :disposition, overflowed = :overflowed, transfers = :transfers,"
		" recording = :recording, ticket_id = :ticket, rating = :rating, rated_at = :rated,"
		" note = :note, version = version + 1 WHERE id = :id");
	int rc;

	if (!st)
		return GX_EDB;
	bind_call(st, c);
	if ((rc = db_step_done(db, st)) == 0)
		c->version++;
	return rc;
}

int store_cc_calls(struct db *db, const struct cc_call_filter *f, struct cc_call *out,
		   int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, CALL_SQL "WHERE (:agent = 0 OR c.agent_id = :agent)"
		" AND (:customer = 0 OR c.customer_id = :customer)"
		" AND (:queue = 0 OR c.queue_id = :queue)"
		" AND (:from = 0 OR c.offered_at >= :from) AND (:to = 0 OR c.offered_at < :to)"
		" AND (:state = '' OR c.state = :state)"
		" AND (:before = 0 OR c.id < :before) ORDER BY c.id DESC LIMIT :max");

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":agent", f->agent_id);
	db_set_int(st, ":customer", f->customer_id);
	db_set_int(st, ":queue", f->queue_id);
	db_set_int(st, ":from", f->from_ms);
	db_set_int(st, ":to", f->to_ms);
	db_set_text(st, ":state", f->state);
	db_set_int(st, ":before", f->before_id);
	db_set_int(st, ":max", max);
	return db_rows(st, call_from_row, out, sizeof *out, max, n);
}

int store_cc_log(struct db *db, int64_t call_id, const char *kind, int64_t agent_id,
		 int64_t queue_id, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO cc_call_log (call_id, kind, agent_id,"
				   " queue_id, at) VALUES (?, ?, ?, ?, ?)");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, call_id);
	db_bind_text(st, 2, kind);
	if (agent_id)
		sqlite3_bind_int64(st, 3, agent_id);
	if (queue_id)
		sqlite3_bind_int64(st, 4, queue_id);
	sqlite3_bind_int64(st, 5, at);
	return db_step_done(db, st);
}

static void log_from_row(sqlite3_stmt *st, void *row)
{
	struct cc_log *l = row;

	memset(l, 0, sizeof *l);
	l->id = sqlite3_column_int64(st, 0);
	l->call_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, l->kind, sizeof l->kind);
	l->agent_id = sqlite3_column_int64(st, 3);
	l->queue_id = sqlite3_column_int64(st, 4);
	l->at = sqlite3_column_int64(st, 5);
}

#define LOG_COLS "SELECT id, call_id, kind, coalesce(agent_id, 0), coalesce(queue_id, 0), at" \
	" FROM cc_call_log "

int store_cc_log_since(struct db *db, int64_t agent_id, const char *kind, int64_t after_id,
		       struct cc_log *out, int max, int *n)
{
	sqlite3_stmt *st = agent_id
		? db_stmt(db, LOG_COLS "WHERE agent_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3")
		: db_stmt(db, LOG_COLS "WHERE id > ?2 AND kind = ?4 ORDER BY id LIMIT ?3");

	*n = 0;
	if (!st)
		return GX_EDB;
	if (agent_id)
		sqlite3_bind_int64(st, 1, agent_id);
	else
		db_bind_text(st, 4, kind);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, max);
	return db_rows(st, log_from_row, out, sizeof *out, max, n);
}

int store_cc_log_last(struct db *db, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(id), 0) FROM cc_call_log");

	*id = 0;
	return st ? db_row(st, db_fill_int64, id) : GX_EDB;
}

int store_cc_call_log(struct db *db, int64_t call_id, struct cc_log *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, LOG_COLS "WHERE call_id = ? ORDER BY id LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, call_id);
	sqlite3_bind_int(st, 2, max);
	return db_rows(st, log_from_row, out, sizeof *out, max, n);
}

struct event_answer {
	int status;
	char *response;
};

static void answer_from_row(sqlite3_stmt *st, void *row)
{
	struct event_answer *a = row;
	const char *text = (const char *)sqlite3_column_text(st, 1);

	a->status = sqlite3_column_int(st, 0);
	a->response = strdup(text ? text : "{}");
}

int store_cti_event_get(struct db *db, const char *event_id, int *status, char **response)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT status, response FROM cc_cti_events"
				   " WHERE event_id = ?");
	struct event_answer a = {0};
	int rc;

	*response = NULL;
	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, event_id);
	if ((rc = db_row(st, answer_from_row, &a)) != 0)
		return rc;
	if (!a.response)
		return GX_ENOMEM;
	*status = a.status;
	*response = a.response;
	return 0;
}

int store_cti_event_put(struct db *db, const char *event_id, const char *type,
			const char *call_ext_id, int64_t at, int status, const char *response)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO cc_cti_events (event_id, type, call_ext_id,"
				   " received_at, status, response) VALUES (?, ?, ?, ?, ?, ?)");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, event_id);
	db_bind_text(st, 2, type);
	db_bind_text(st, 3, call_ext_id);
	sqlite3_bind_int64(st, 4, at);
	sqlite3_bind_int(st, 5, status);
	db_bind_text(st, 6, response);
	return db_step_done(db, st);
}

int store_cc_agent_state(struct db *db, int64_t user_id, const char *state, const char *reason,
			 int64_t call_id, int64_t wrap_until, int64_t idle_from, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE cc_agents SET state = :state, reason = :reason,"
		" call_id = :call, wrap_until = :wrap, state_since = :now,"
		" idle_since = CASE WHEN :idle > 0 THEN :idle ELSE idle_since END, updated_at = :now"
		" WHERE user_id = :user");

	if (!st)
		return GX_EDB;
	db_set_text(st, ":state", state);
	db_set_text(st, ":reason", reason);
	db_set_id(st, ":call", call_id);
	set_time(st, ":wrap", wrap_until);
	db_set_int(st, ":idle", idle_from);
	db_set_int(st, ":now", now);
	db_set_int(st, ":user", user_id);
	return db_step_done(db, st);
}

int store_cc_agent_offered(struct db *db, int64_t user_id, int64_t day_start, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE cc_agents SET rr_at = :now,"
		" calls_today = CASE WHEN day_start = :day THEN calls_today + 1 ELSE 1 END,"
		" day_start = :day WHERE user_id = :user");

	if (!st)
		return GX_EDB;
	db_set_int(st, ":now", now);
	db_set_int(st, ":day", day_start);
	db_set_int(st, ":user", user_id);
	return db_step_done(db, st);
}

/* One statement per strategy: the ORDER BY is the strategy. Free agents
 * are ready ones and those whose wrap-up has run out (the scheduler marks
 * them ready within a second; routing need not wait for it). */
#define FREE_AGENTS "SELECT a.user_id FROM cc_agent_skills s" \
	" JOIN cc_agents a ON a.user_id = s.user_id WHERE s.skill_id = :skill" \
	" AND (a.state = 'ready' OR (a.state = 'wrap_up' AND a.wrap_until <= :now)) ORDER BY "

static const struct {
	const char *strategy;
	const char *sql;
} pick_sql[] = {
	{"longest_idle", FREE_AGENTS "a.idle_since, a.user_id LIMIT 1"},
	{"fewest_calls", FREE_AGENTS "CASE WHEN a.day_start = :day THEN a.calls_today ELSE 0 END,"
			 " a.idle_since, a.user_id LIMIT 1"},
	{"round_robin", FREE_AGENTS "a.rr_at, a.user_id LIMIT 1"},
	{"skill_level", FREE_AGENTS "s.level DESC, a.idle_since, a.user_id LIMIT 1"},
};

int store_cc_pick_agent(struct db *db, int64_t skill_id, const char *strategy, int64_t day_start,
			int64_t now, int64_t *user_id)
{
	sqlite3_stmt *st = NULL;

	for (size_t i = 0; i < sizeof pick_sql / sizeof pick_sql[0] && !st; i++)
		if (!strcmp(pick_sql[i].strategy, strategy))
			st = db_stmt(db, pick_sql[i].sql);
	if (!st)
		return GX_EDB;
	db_set_int(st, ":skill", skill_id);
	db_set_int(st, ":now", now);
	db_set_int(st, ":day", day_start);
	return db_row(st, db_fill_int64, user_id);
}

int store_cc_next_call_for(struct db *db, int64_t user_id, int64_t *call_id)
{
	/* INDEXED BY: without statistics the planner takes the equally keyed
	 * cc_calls_queue_offered and walks every call the queue ever had; the
	 * partial index holds only the calls waiting now. */
	sqlite3_stmt *st = db_stmt(db, "SELECT c.id FROM cc_agent_skills s"
		" JOIN cc_queues q ON q.skill_id = s.skill_id"
		" JOIN cc_calls c INDEXED BY cc_calls_waiting"
		" ON c.queue_id = q.id AND c.state = 'queued'"
		" WHERE s.user_id = ? ORDER BY c.priority DESC, c.queued_at, c.id LIMIT 1");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, user_id);
	return db_row(st, db_fill_int64, call_id);
}

int store_cc_overflow_due(struct db *db, int64_t now, int64_t *call_ids, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT c.id FROM cc_queues q"
		" JOIN cc_calls c INDEXED BY cc_calls_waiting"
		" ON c.queue_id = q.id AND c.state = 'queued'"
		" WHERE q.overflow_queue_id IS NOT NULL AND q.overflow_after_s > 0"
		" AND c.overflowed = 0 AND c.queued_at <= ? - q.overflow_after_s * 1000"
		" ORDER BY c.queued_at LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, max);
	return db_rows(st, db_fill_int64, call_ids, sizeof *call_ids, max, n);
}

int store_cc_wrap_due(struct db *db, int64_t now, int64_t *user_ids, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT user_id FROM cc_agents"
				   " WHERE state = 'wrap_up' AND wrap_until <= ? LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, max);
	return db_rows(st, db_fill_int64, user_ids, sizeof *user_ids, max, n);
}

int store_cc_history_queue(struct db *db, int64_t customer_id, int64_t *queue_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT q.id FROM tickets t"
		" JOIN cc_queues q ON q.team_id = t.team_id"
		" WHERE t.customer_id = ? AND t.state <> 'closed' ORDER BY t.id DESC, q.id LIMIT 1");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, customer_id);
	return db_row(st, db_fill_int64, queue_id);
}
