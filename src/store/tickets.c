#include "store/tickets.h"
#include "store/db.h"
#include "lib/err.h"

#include <string.h>

#define TKT_COLS                                                                 \
	"t.id, t.type, t.channel, t.priority, t.state, coalesce(t.category, ''),"  \
	" coalesce(d.label, ''), t.customer_id, coalesce(cu.name, ''),"            \
	" coalesce(t.contact_id, 0), coalesce(co.name, ''), t.title, t.description," \
	" coalesce(t.team_id, 0), coalesce(tm.name, ''), coalesce(t.assignee_id, 0)," \
	" coalesce(a.display_name, ''), coalesce(t.created_by, 0),"               \
	" coalesce(cr.display_name, ''), t.created_at, t.updated_at,"             \
	" coalesce(t.responded_at, 0), coalesce(t.resolved_at, 0),"               \
	" coalesce(t.closed_at, 0), coalesce(t.due_response_at, 0),"              \
	" coalesce(t.due_resolve_at, 0), t.paused_ms, coalesce(t.paused_at, 0),"  \
	" t.overdue, t.escalation_level, t.resolution, coalesce(t.rating, 0),"    \
	" t.rating_comment, coalesce(t.rated_at, 0), t.reopen_count,"             \
	" t.fault_location, t.fault_nature, coalesce(t.repair_team_id, 0),"       \
	" coalesce(rt.name, ''), coalesce(t.restored_at, 0),"                      \
	" coalesce(t.customer_notified_at, 0), t.version, t.sla_tier, t.sla_stage,"  \
	" t.response_late, coalesce(t.sla_next_at, 0),"                          \
	" coalesce(t.escalated_team_id, 0), coalesce(et.name, '') "
#define TKT_FROM                                                                 \
	" FROM tickets t"                                                          \
	" LEFT JOIN dictionaries d ON d.kind = 'ticket_category' AND d.code = t.category" \
	" LEFT JOIN customers cu ON cu.id = t.customer_id"                        \
	" LEFT JOIN contacts co ON co.id = t.contact_id"                          \
	" LEFT JOIN teams tm ON tm.id = t.team_id"                                \
	" LEFT JOIN users a ON a.id = t.assignee_id"                              \
	" LEFT JOIN users cr ON cr.id = t.created_by"                             \
	" LEFT JOIN teams rt ON rt.id = t.repair_team_id"                        \
	" LEFT JOIN teams et ON et.id = t.escalated_team_id "

/* Filters every view shares. They only narrow the rows the view's index
 * yields in id order, so the index still drives the page. */
#define TKT_FILTERS                                                              \
	" AND (:state IS NULL OR t.state = :state)"                                \
	" AND (:cats IS NULL OR t.category IN (SELECT value FROM json_each(:cats)))" \
	" AND (:q IS NULL OR instr(t.title, :q) > 0 OR t.id = :qid)"             \
	" AND t.id < :after ORDER BY t.id DESC LIMIT :limit"
#define TKT_LIST(where) "SELECT " TKT_COLS TKT_FROM "WHERE " where TKT_FILTERS
/* A team's own orders and those of the teams below that escalated up to
 * it: two index range scans of at most a page each, merged. An order's
 * escalated_team_id is always a team above its own, so none comes twice. */
#define TKT_LIST_UP(own, up)                                                     \
	"SELECT * FROM (" TKT_LIST(own) ") UNION ALL SELECT * FROM (" TKT_LIST(up)   \
	") ORDER BY 1 DESC LIMIT :limit"
#define TKT_OPEN "t.state <> 'closed'"
#define TKT_UP "t.escalated_team_id = :team AND t.escalated_team_id IS NOT NULL AND " TKT_OPEN

/* [view][all_teams]: each the WHERE of one partial index of migration 0009
 * (0016 for escalations), word for word, so SQLite can use it. */
static const char *const list_sql[TKV__COUNT][2] = {
	[TKV_MY_OPEN] = {TKT_LIST("t.assignee_id = :user AND " TKT_OPEN),
			 TKT_LIST("t.assignee_id = :user AND " TKT_OPEN)},
	[TKV_TEAM] = {TKT_LIST_UP("t.team_id = :team AND " TKT_OPEN, TKT_UP),
		      TKT_LIST("t.team_id = :team AND " TKT_OPEN)},
	[TKV_UNASSIGNED] = {
		TKT_LIST("t.team_id = :team AND t.assignee_id IS NULL AND " TKT_OPEN),
		TKT_LIST("t.assignee_id IS NULL AND " TKT_OPEN)},
	[TKV_OVERDUE] = {TKT_LIST_UP("t.team_id = :team AND t.overdue = 1 AND " TKT_OPEN,
				     TKT_UP " AND t.overdue = 1"),
			 TKT_LIST("t.overdue = 1 AND " TKT_OPEN)},
	[TKV_CALLBACK] = {
		TKT_LIST("t.team_id = :team AND t.state IN ('resolved', 'callback')"),
		TKT_LIST("t.state IN ('resolved', 'callback')")},
	[TKV_ALL] = {TKT_LIST("t.team_id = :team"), TKT_LIST("1")},
	[TKV_CUSTOMER] = {TKT_LIST("t.customer_id = :customer"),
			  TKT_LIST("t.customer_id = :customer")},
};

static void ticket_from_row(sqlite3_stmt *st, void *row)
{
	struct ticket_rec *t = row;
	int c = 0;

	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, t->type, sizeof t->type);
	db_col_text(st, c++, t->channel, sizeof t->channel);
	db_col_text(st, c++, t->priority, sizeof t->priority);
	db_col_text(st, c++, t->state, sizeof t->state);
	db_col_text(st, c++, t->category, sizeof t->category);
	db_col_text(st, c++, t->category_label, sizeof t->category_label);
	t->customer_id = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, t->customer_name, sizeof t->customer_name);
	t->contact_id = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, t->contact_name, sizeof t->contact_name);
	db_col_text(st, c++, t->title, sizeof t->title);
	db_col_text(st, c++, t->description, sizeof t->description);
	t->team_id = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, t->team_name, sizeof t->team_name);
	t->assignee_id = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, t->assignee_name, sizeof t->assignee_name);
	t->created_by = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, t->creator_name, sizeof t->creator_name);
	t->created_at = sqlite3_column_int64(st, c++);
	t->updated_at = sqlite3_column_int64(st, c++);
	t->responded_at = sqlite3_column_int64(st, c++);
	t->resolved_at = sqlite3_column_int64(st, c++);
	t->closed_at = sqlite3_column_int64(st, c++);
	t->due_response_at = sqlite3_column_int64(st, c++);
	t->due_resolve_at = sqlite3_column_int64(st, c++);
	t->paused_ms = sqlite3_column_int64(st, c++);
	t->paused_at = sqlite3_column_int64(st, c++);
	t->overdue = sqlite3_column_int(st, c++) != 0;
	t->escalation_level = sqlite3_column_int(st, c++);
	db_col_text(st, c++, t->resolution, sizeof t->resolution);
	t->rating = sqlite3_column_int(st, c++);
	db_col_text(st, c++, t->rating_comment, sizeof t->rating_comment);
	t->rated_at = sqlite3_column_int64(st, c++);
	t->reopen_count = sqlite3_column_int(st, c++);
	db_col_text(st, c++, t->fault_location, sizeof t->fault_location);
	db_col_text(st, c++, t->fault_nature, sizeof t->fault_nature);
	t->repair_team_id = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, t->repair_team_name, sizeof t->repair_team_name);
	t->restored_at = sqlite3_column_int64(st, c++);
	t->customer_notified_at = sqlite3_column_int64(st, c++);
	t->version = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, t->sla_tier, sizeof t->sla_tier);
	t->sla_stage = sqlite3_column_int(st, c++);
	t->response_late = sqlite3_column_int(st, c++) != 0;
	t->sla_next_at = sqlite3_column_int64(st, c++);
	t->escalated_team_id = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, t->escalated_team_name, sizeof t->escalated_team_name);
}

int store_ticket_get(struct db *db, int64_t id, struct ticket_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " TKT_COLS TKT_FROM "WHERE t.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, ticket_from_row, out);
}

/* The columns insert and update share. */
static void bind_record(sqlite3_stmt *st, const struct ticket_rec *t)
{
	db_set_text(st, ":type", t->type);
	db_set_text(st, ":channel", t->channel);
	db_set_text(st, ":priority", t->priority);
	db_set_text(st, ":state", t->state);
	db_set_opt_text(st, ":category", t->category);
	db_set_int(st, ":customer_id", t->customer_id);
	db_set_id(st, ":contact_id", t->contact_id);
	db_set_text(st, ":title", t->title);
	db_set_text(st, ":description", t->description);
	db_set_id(st, ":team_id", t->team_id);
	db_set_id(st, ":assignee_id", t->assignee_id);
	db_set_id(st, ":responded_at", t->responded_at);
	db_set_id(st, ":resolved_at", t->resolved_at);
	db_set_id(st, ":closed_at", t->closed_at);
	db_set_id(st, ":due_response_at", t->due_response_at);
	db_set_id(st, ":due_resolve_at", t->due_resolve_at);
	db_set_int(st, ":paused_ms", t->paused_ms);
	db_set_id(st, ":paused_at", t->paused_at);
	db_set_int(st, ":overdue", t->overdue);
	db_set_int(st, ":escalation_level", t->escalation_level);
	db_set_text(st, ":resolution", t->resolution);
	db_set_id(st, ":rating", t->rating);
	db_set_text(st, ":rating_comment", t->rating_comment);
	db_set_id(st, ":rated_at", t->rated_at);
	db_set_int(st, ":reopen_count", t->reopen_count);
	db_set_text(st, ":fault_location", t->fault_location);
	db_set_text(st, ":fault_nature", t->fault_nature);
	db_set_id(st, ":repair_team_id", t->repair_team_id);
	db_set_id(st, ":restored_at", t->restored_at);
	db_set_id(st, ":customer_notified_at", t->customer_notified_at);
	db_set_text(st, ":sla_tier", t->sla_tier);
	db_set_int(st, ":sla_stage", t->sla_stage);
	db_set_int(st, ":response_late", t->response_late);
	db_set_id(st, ":sla_next_at", t->sla_next_at);
	db_set_id(st, ":escalated_team_id", t->escalated_team_id);
}

int store_ticket_insert(struct db *db, struct ticket_rec *t)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO tickets (type, channel, priority, state, category, customer_id,"
		" contact_id, title, description, team_id, assignee_id, created_by, created_at,"
		" updated_at, responded_at, resolved_at, closed_at, due_response_at,"
		" due_resolve_at, paused_ms, paused_at, overdue, escalation_level, resolution,"
		" rating, rating_comment, rated_at, reopen_count, fault_location, fault_nature,"
		" repair_team_id, restored_at, customer_notified_at, sla_tier, sla_stage,"
		" response_late, sla_next_at, escalated_team_id, version) VALUES (:type,"
		" :channel, :priority, :state, :category, :customer_id, :contact_id, :title,"
		" :description, :team_id, :assignee_id, :created_by, :now, :now, :responded_at,"
		" :resolved_at, :closed_at, :due_response_at, :due_resolve_at, :paused_ms,"
		" :paused_at, :overdue, :escalation_level, :resolution, :rating,"
		" :rating_comment, :rated_at, :reopen_count, :fault_location, :fault_nature,"
		" :repair_team_id, :restored_at, :customer_notified_at, :sla_tier, :sla_stage,"
		" :response_late, :sla_next_at, :escalated_team_id, 1)");
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

int store_ticket_update(struct db *db, struct ticket_rec *t, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE tickets SET type = :type, channel = :channel, priority = :priority,"
		" state = :state, category = :category, customer_id = :customer_id,"
		" contact_id = :contact_id, title = :title, description = :description,"
		" team_id = :team_id, assignee_id = :assignee_id, responded_at = :responded_at,"
		" resolved_at = :resolved_at, closed_at = :closed_at,"
		" due_response_at = :due_response_at, due_resolve_at = :due_resolve_at,"
		" paused_ms = :paused_ms, paused_at = :paused_at, overdue = :overdue,"
		" escalation_level = :escalation_level, resolution = :resolution,"
		" rating = :rating, rating_comment = :rating_comment, rated_at = :rated_at,"
		" reopen_count = :reopen_count, fault_location = :fault_location,"
		" fault_nature = :fault_nature, repair_team_id = :repair_team_id,"
		" restored_at = :restored_at, customer_notified_at = :customer_notified_at,"
		" sla_tier = :sla_tier, sla_stage = :sla_stage, response_late = :response_late,"
		" sla_next_at = :sla_next_at, escalated_team_id = :escalated_team_id,"
		" updated_at = :now, version = version + 1"
		" WHERE id = :id AND version = :version");
	int rc;

	if (!st)
		return GX_EDB;
	bind_record(st, t);
	db_set_int(st, ":now", now_ms);
	db_set_int(st, ":id", t->id);
	db_set_int(st, ":version", t->version);
	if ((rc = db_step_versioned(db, st, "SELECT 1 FROM tickets WHERE id = ?", t->id)) != 0)
		return rc;
	t->version++;
	t->updated_at = now_ms;
	return 0;
}

int store_ticket_mark_responded(struct db *db, int64_t id, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE tickets SET responded_at = ? WHERE id = ? AND responded_at IS NULL");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, at);
	sqlite3_bind_int64(st, 2, id);
	return db_step_done(db, st);
}

int store_ticket_set_deadlines(struct db *db, int64_t id, int64_t due_response,
			       int64_t due_resolve)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE tickets SET due_response_at = :resp, due_resolve_at = :resolve"
		" WHERE id = :id");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_id(st, ":resp", due_response);
	db_set_id(st, ":resolve", due_resolve);
	db_set_int(st, ":id", id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) ? 0 : GX_ENOTFOUND;
}

int store_ticket_pauses(struct db *db, int64_t ticket_id, int64_t after_event_id,
			struct ticket_pause *out, int max, int *n)
{
	/* The events that change whether the order waits alternate between
	 * going into waiting and coming out; each one out, with the one
	 * before it, is a pause. By the index ticket_events_ticket. */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT from_at, at, id FROM (SELECT id, at, from_state,"
		" lag(at) OVER (ORDER BY id) AS from_at,"
		" lag(to_state) OVER (ORDER BY id) AS before"
		" FROM ticket_events WHERE ticket_id = :ticket"
		" AND (to_state = 'waiting') <> (coalesce(from_state, '') = 'waiting'))"
		" WHERE from_state = 'waiting' AND before = 'waiting' AND id > :after"
		" ORDER BY id LIMIT :max");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":ticket", ticket_id);
	db_set_int(st, ":after", after_event_id);
	db_set_int(st, ":max", max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		out[*n].from = sqlite3_column_int64(st, 0);
		out[*n].to = sqlite3_column_int64(st, 1);
		out[(*n)++].end_event_id = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_ticket_shift(struct db *db, int64_t id, int64_t delta_ms)
{
	static const char *const shifts[] = {
		"UPDATE tickets SET created_at = created_at - :d, updated_at = updated_at - :d,"
		" responded_at = responded_at - :d, resolved_at = resolved_at - :d,"
		" closed_at = closed_at - :d, due_response_at = due_response_at - :d,"
		" due_resolve_at = due_resolve_at - :d, paused_at = paused_at - :d,"
		" rated_at = rated_at - :d, restored_at = restored_at - :d,"
		" customer_notified_at = customer_notified_at - :d WHERE id = :id",
		"UPDATE ticket_events SET at = at - :d WHERE ticket_id = :id",
		"UPDATE ticket_comments SET created_at = created_at - :d WHERE ticket_id = :id",
		"UPDATE ticket_attachments SET created_at = created_at - :d WHERE ticket_id = :id",
	};
	sqlite3_stmt *st;
	int rc = 0;

	for (size_t i = 0; i < sizeof shifts / sizeof *shifts && rc == 0; i++) {
		if (!(st = db_stmt(db, shifts[i])))
			return GX_EDB;
		db_set_int(st, ":d", delta_ms);
		db_set_int(st, ":id", id);
		rc = db_step_done(db, st);
	}
	return rc;
}

int store_ticket_list(struct db *db, const struct ticket_query *q, struct ticket_rec *out,
		      int *n)
{
	sqlite3_stmt *st = db_stmt(db, list_sql[q->view][q->all_teams]);

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":user", q->user_id);
	db_set_int(st, ":team", q->team_id);
	db_set_int(st, ":customer", q->customer_id);
	db_set_text(st, ":state", q->state);
	db_set_text(st, ":cats", q->categories);
	db_set_text(st, ":q", q->q);
	db_set_int(st, ":qid", q->q_id);
	db_set_int(st, ":after", q->after_id ? q->after_id : INT64_MAX);
	db_set_int(st, ":limit", q->limit);
	return db_rows(st, ticket_from_row, out, sizeof *out, q->limit, n);
}

#define EVENT_COLS                                                              \
	"e.id, e.ticket_id, e.customer_id, coalesce(e.actor_id, 0),"            \
	" coalesce(u.display_name, ''), e.at, e.action, coalesce(e.from_state, ''),"\
	" e.to_state, e.note, coalesce(t.title, ''), coalesce(t.type, '')"       \
	" FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id"           \
	" LEFT JOIN tickets t ON t.id = e.ticket_id "

static void event_from_row(sqlite3_stmt *st, void *row)
{
	struct ticket_event *e = row;
	int c = 0;

	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, c++);
	e->ticket_id = sqlite3_column_int64(st, c++);
	e->customer_id = sqlite3_column_int64(st, c++);
	e->actor_id = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, e->actor_name, sizeof e->actor_name);
	e->at = sqlite3_column_int64(st, c++);
	db_col_text(st, c++, e->action, sizeof e->action);
	db_col_text(st, c++, e->from_state, sizeof e->from_state);
	db_col_text(st, c++, e->to_state, sizeof e->to_state);
	db_col_text(st, c++, e->note, sizeof e->note);
	db_col_text(st, c++, e->ticket_title, sizeof e->ticket_title);
	db_col_text(st, c++, e->ticket_type, sizeof e->ticket_type);
}

int store_ticket_event_insert(struct db *db, struct ticket_event *e)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO ticket_events (ticket_id, customer_id, actor_id, at, action,"
		" from_state, to_state, note) VALUES (:ticket, :customer, :actor, :at, :action,"
		" :from, :to, :note)");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":ticket", e->ticket_id);
	db_set_int(st, ":customer", e->customer_id);
	db_set_id(st, ":actor", e->actor_id);
	db_set_int(st, ":at", e->at);
	db_set_text(st, ":action", e->action);
	db_set_opt_text(st, ":from", e->from_state);
	db_set_text(st, ":to", e->to_state);
	db_set_text(st, ":note", e->note);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	e->id = db_last_id(db);
	return 0;
}

int store_ticket_event_get(struct db *db, int64_t id, struct ticket_event *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " EVENT_COLS "WHERE e.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, event_from_row, out);
}

int store_ticket_events(struct db *db, int64_t ticket_id, int64_t after_id, int limit,
			struct ticket_event *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " EVENT_COLS
		"WHERE e.ticket_id = ? AND e.id > ? ORDER BY e.id LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	return db_rows(st, event_from_row, out, sizeof *out, limit, n);
}

int store_ticket_comment_insert(struct db *db, struct ticket_comment *c)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO ticket_comments (ticket_id, internal, body, author_id, created_at)"
		" VALUES (:ticket, :internal, :body, :author, :at)");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":ticket", c->ticket_id);
	db_set_int(st, ":internal", c->internal);
	db_set_text(st, ":body", c->body);
	db_set_id(st, ":author", c->author_id);
	db_set_int(st, ":at", c->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	c->id = db_last_id(db);
	return 0;
}

int store_ticket_comments(struct db *db, int64_t ticket_id, int64_t after_id, int limit,
			  struct ticket_comment *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT c.id, c.ticket_id, c.internal, c.body, coalesce(c.author_id, 0),"
		" coalesce(u.display_name, ''), c.created_at FROM ticket_comments c"
		" LEFT JOIN users u ON u.id = c.author_id"
		" WHERE c.ticket_id = ? AND c.id > ? ORDER BY c.id LIMIT ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
		struct ticket_comment *c = &out[(*n)++];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(st, 0);
		c->ticket_id = sqlite3_column_int64(st, 1);
		c->internal = sqlite3_column_int(st, 2) != 0;
		db_col_text(st, 3, c->body, sizeof c->body);
		c->author_id = sqlite3_column_int64(st, 4);
		db_col_text(st, 5, c->author_name, sizeof c->author_name);
		c->created_at = sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

#define ATTACHMENT_COLS                                                         \
	"f.id, f.ticket_id, f.filename, f.content_type, f.size, f.sha256,"      \
	" coalesce(f.uploaded_by, 0), coalesce(u.display_name, ''), f.created_at" \
	" FROM ticket_attachments f LEFT JOIN users u ON u.id = f.uploaded_by "

static void attachment_from_row(sqlite3_stmt *st, void *row)
{
	struct ticket_attachment *a = row;

	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->ticket_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, a->filename, sizeof a->filename);
	db_col_text(st, 3, a->content_type, sizeof a->content_type);
	a->size = sqlite3_column_int64(st, 4);
	db_col_text(st, 5, a->sha256, sizeof a->sha256);
	a->uploaded_by = sqlite3_column_int64(st, 6);
	db_col_text(st, 7, a->uploader_name, sizeof a->uploader_name);
	a->created_at = sqlite3_column_int64(st, 8);
}

int store_ticket_attachment_insert(struct db *db, struct ticket_attachment *a)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO ticket_attachments (ticket_id, filename, content_type, size,"
		" sha256, uploaded_by, created_at) VALUES (:ticket, :name, :type, :size, :sha,"
		" :by, :at)");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":ticket", a->ticket_id);
	db_set_text(st, ":name", a->filename);
	db_set_text(st, ":type", a->content_type);
	db_set_int(st, ":size", a->size);
	db_set_text(st, ":sha", a->sha256);
	db_set_id(st, ":by", a->uploaded_by);
	db_set_int(st, ":at", a->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	a->id = db_last_id(db);
	return 0;
}

int store_ticket_attachment_get(struct db *db, int64_t id, struct ticket_attachment *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ATTACHMENT_COLS "WHERE f.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, attachment_from_row, out);
}

int store_ticket_attachments(struct db *db, int64_t ticket_id, struct ticket_attachment *out,
			     int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ATTACHMENT_COLS
		"WHERE f.ticket_id = ? ORDER BY f.id LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int(st, 2, max);
	return db_rows(st, attachment_from_row, out, sizeof *out, max, n);
}

int store_ticket_attachment_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM ticket_attachments WHERE id = ?");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) ? 0 : GX_ENOTFOUND;
}

int store_ticket_attachment_uses(struct db *db, const char *sha256, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM ticket_attachments WHERE sha256 = ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, sha256);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_ticket_customer_tier(struct db *db, int64_t customer_id, char *tier, size_t cap)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT tier FROM customers WHERE id = ?");
	int rc;

	tier[0] = '\0';
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, customer_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		db_col_text(st, 0, tier, cap);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : GX_EDB;
}

int store_ticket_set_chase(struct db *db, const struct ticket_rec *t)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE tickets SET overdue = :overdue, escalation_level = :escalation_level,"
		" sla_stage = :sla_stage, response_late = :response_late,"
		" sla_next_at = :sla_next_at, escalated_team_id = :escalated_team_id"
		" WHERE id = :id");

	if (!st)
		return GX_EDB;
	db_set_int(st, ":overdue", t->overdue);
	db_set_int(st, ":escalation_level", t->escalation_level);
	db_set_int(st, ":sla_stage", t->sla_stage);
	db_set_int(st, ":response_late", t->response_late);
	db_set_id(st, ":sla_next_at", t->sla_next_at);
	db_set_id(st, ":escalated_team_id", t->escalated_team_id);
	db_set_int(st, ":id", t->id);
	return db_step_done(db, st);
}

int store_ticket_chase_due(struct db *db, int64_t now_ms, int64_t *ids, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT id FROM tickets WHERE sla_next_at IS NOT NULL AND sla_next_at <= ?"
		" ORDER BY sla_next_at LIMIT ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, now_ms);
	sqlite3_bind_int(st, 2, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}
