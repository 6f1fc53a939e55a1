#include "store/cc_outbound.h"
#include "store/db.h"
#include "lib/err.h"

#include <stdio.h>
#include <string.h>

const char *const ob_states[OBS__COUNT + 1] = {
	[OBS_PENDING] = "pending", [OBS_CLAIMED] = "claimed", [OBS_RETRY] = "retry",
	[OBS_DONE] = "done", [OBS_FAILED] = "failed", [OBS__COUNT] = NULL,
};

const char *const ob_results[OBR__COUNT + 1] = {
	[OBR_SUCCESS] = "success", [OBR_REFUSED] = "refused", [OBR_NO_ANSWER] = "no_answer",
	[OBR_BUSY] = "busy", [OBR_UNREACHABLE] = "unreachable",
	[OBR_WRONG_NUMBER] = "wrong_number", [OBR_CALLBACK_LATER] = "callback_later",
	[OBR__COUNT] = NULL,
};

#define LIST_COLS                                                              \
	"l.id, l.name, l.kind, coalesce(l.team_id, 0), coalesce(t.name, ''),"  \
	" l.description, l.max_attempts, l.retry_minutes, l.call_from, l.call_to," \
	" l.state, coalesce(l.created_by, 0), coalesce(u.display_name, ''),"   \
	" l.created_at, l.updated_at, l.version "
#define LIST_FROM                                                              \
	" FROM cc_outbound_lists l LEFT JOIN teams t ON t.id = l.team_id"      \
	" LEFT JOIN users u ON u.id = l.created_by "
/* Lists a team sees: of that team or of none (:team 0: all). */
#define LIST_TEAM " (:team = 0 OR l.team_id IS NULL OR l.team_id = :team) "

#define ENTRY_COLS                                                             \
	"e.id, e.list_id, l.name, l.kind, coalesce(e.customer_id, 0), e.name,"  \
	" e.phone, e.state, e.attempts, e.next_at, e.result, e.note,"          \
	" coalesce(e.callback_at, 0), coalesce(e.agent_id, 0),"                \
	" coalesce(a.display_name, ''), coalesce(e.claimed_at, 0),"            \
	" e.created_at, e.updated_at "
#define ENTRY_FROM                                                             \
	" FROM cc_outbound_entries e JOIN cc_outbound_lists l ON l.id = e.list_id" \
	" LEFT JOIN users a ON a.id = e.agent_id "

/* An entry that may be claimed at :now: due, or held by a stale claim. */
#define CLAIMABLE                                                              \
	" ((e.state IN ('pending', 'retry') AND e.next_at <= :now)"             \
	" OR (e.state = 'claimed' AND e.claimed_at <= :stale)) "
/* Its list is active, open for calls at :minute, visible to :team and
 * the one asked for (:list 0: any). */
#define OPEN_LIST                                                              \
	" l.state = 'active' AND (:list = 0 OR l.id = :list) AND" LIST_TEAM

static void list_from_row(sqlite3_stmt *st, void *row)
{
	struct ob_list *l = row;
	int col = 0;

	memset(l, 0, sizeof *l);
	l->id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, l->name, sizeof l->name);
	db_col_text(st, col++, l->kind, sizeof l->kind);
	l->team_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, l->team_name, sizeof l->team_name);
	db_col_text(st, col++, l->description, sizeof l->description);
	l->max_attempts = sqlite3_column_int(st, col++);
	l->retry_minutes = sqlite3_column_int(st, col++);
	l->call_from = sqlite3_column_int(st, col++);
	l->call_to = sqlite3_column_int(st, col++);
	db_col_text(st, col++, l->state, sizeof l->state);
	l->created_by = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, l->creator_name, sizeof l->creator_name);
	l->created_at = sqlite3_column_int64(st, col++);
	l->updated_at = sqlite3_column_int64(st, col++);
	l->version = sqlite3_column_int64(st, col++);
}

int store_ob_list_get(struct db *db, int64_t id, struct ob_list *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " LIST_COLS LIST_FROM "WHERE l.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, list_from_row, out);
}

static void bind_list(sqlite3_stmt *st, const struct ob_list *l)
{
	db_set_text(st, ":name", l->name);
	db_set_text(st, ":kind", l->kind);
	db_set_id(st, ":team_id", l->team_id);
	db_set_text(st, ":description", l->description);
	db_set_int(st, ":max_attempts", l->max_attempts);
	db_set_int(st, ":retry_minutes", l->retry_minutes);
	db_set_int(st, ":call_from", l->call_from);
	db_set_int(st, ":call_to", l->call_to);
	db_set_text(st, ":state", l->state);
}

int store_ob_list_insert(struct db *db, struct ob_list *l)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO cc_outbound_lists (name, kind, team_id, description, max_attempts,"
		" retry_minutes, call_from, call_to, state, created_by, created_at, updated_at,"
		" version) VALUES (:name, :kind, :team_id, :description, :max_attempts,"
		" :retry_minutes, :call_from, :call_to, :state, :created_by, :now, :now, 1)");
	int rc;

	if (!st)
		return GX_EDB;
	bind_list(st, l);
	db_set_id(st, ":created_by", l->created_by);
	db_set_int(st, ":now", l->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	l->id = db_last_id(db);
	l->version = 1;
	l->updated_at = l->created_at;
	return 0;
}

int store_ob_list_update(struct db *db, struct ob_list *l, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE cc_outbound_lists SET name = :name, kind = :kind, team_id = :team_id,"
		" description = :description, max_attempts = :max_attempts,"
		" retry_minutes = :retry_minutes, call_from = :call_from, call_to = :call_to,"
		" state = :state, updated_at = :now, version = version + 1"
		" WHERE id = :id AND version = :version");
	int rc;

	if (!st)
		return GX_EDB;
	bind_list(st, l);
	db_set_int(st, ":now", now_ms);
	db_set_int(st, ":id", l->id);
	db_set_int(st, ":version", l->version);
	if ((rc = db_step_versioned(db, st, "SELECT 1 FROM cc_outbound_lists WHERE id = ?",
				    l->id)) != 0)
		return rc;
	l->version++;
	l->updated_at = now_ms;
	return 0;
}

int store_ob_lists(struct db *db, int64_t team, const char *state, bool open_only,
		   int64_t after_id, int limit, struct ob_list *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " LIST_COLS LIST_FROM
		"WHERE l.id > :after AND (:state IS NULL OR l.state = :state)"
		" AND (:open = 0 OR l.state <> 'closed') AND" LIST_TEAM
		"ORDER BY l.id LIMIT :limit");

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":after", after_id);
	db_set_opt_text(st, ":state", state);
	db_set_int(st, ":open", open_only);
	db_set_int(st, ":team", team);
	db_set_int(st, ":limit", limit);
	return db_rows(st, list_from_row, out, sizeof *out, limit, n);
}

int store_ob_shift(struct db *db, int64_t id, int64_t delta_ms)
{
	static const char *const shifts[] = {
		"UPDATE cc_outbound_lists SET created_at = created_at - :d,"
		" updated_at = updated_at - :d WHERE id = :id",
		"UPDATE cc_outbound_attempts SET at = at - :d, callback_at = callback_at - :d"
		" WHERE entry_id IN (SELECT id FROM cc_outbound_entries WHERE list_id = :id)",
		"UPDATE cc_outbound_entries SET next_at = next_at - :d, callback_at = callback_at - :d,"
		" claimed_at = claimed_at - :d, created_at = created_at - :d,"
		" updated_at = updated_at - :d WHERE list_id = :id",
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

/* Adds one "word, count" row to the counter of that word in names. */
static void count_into(sqlite3_stmt *st, const char *const *names, int64_t *counts)
{
	const char *word = (const char *)sqlite3_column_text(st, 0);

	for (int i = 0; word && names[i]; i++)
		if (!strcmp(word, names[i]))
			counts[i] = sqlite3_column_int64(st, 1);
}

int store_ob_counts(struct db *db, int64_t list_id, struct ob_counts *out)
{
	sqlite3_stmt *by_state = db_stmt(db, "SELECT state, count(*) FROM cc_outbound_entries"
		" WHERE list_id = ? GROUP BY state");
	sqlite3_stmt *by_result = db_stmt(db, "SELECT result, count(*) FROM cc_outbound_entries"
		" WHERE list_id = ? AND result <> '' GROUP BY result");
	int rc;

	memset(out, 0, sizeof *out);
	if (!by_state || !by_result)
		return GX_EDB;
	sqlite3_bind_int64(by_state, 1, list_id);
	while ((rc = sqlite3_step(by_state)) == SQLITE_ROW) {
		count_into(by_state, ob_states, out->state);
		out->total += sqlite3_column_int64(by_state, 1);
	}
	sqlite3_reset(by_state);
	if (rc != SQLITE_DONE)
		return GX_EDB;
	sqlite3_bind_int64(by_result, 1, list_id);
	while ((rc = sqlite3_step(by_result)) == SQLITE_ROW)
		count_into(by_result, ob_results, out->result);
	sqlite3_reset(by_result);
	return rc == SQLITE_DONE ? 0 : GX_EDB;
}

static void entry_from_row(sqlite3_stmt *st, void *row)
{
	struct ob_entry *e = row;
	int col = 0;

	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, col++);
	e->list_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, e->list_name, sizeof e->list_name);
	db_col_text(st, col++, e->list_kind, sizeof e->list_kind);
	e->customer_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, e->name, sizeof e->name);
	db_col_text(st, col++, e->phone, sizeof e->phone);
	db_col_text(st, col++, e->state, sizeof e->state);
	e->attempts = sqlite3_column_int(st, col++);
	e->next_at = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, e->result, sizeof e->result);
	db_col_text(st, col++, e->note, sizeof e->note);
	e->callback_at = sqlite3_column_int64(st, col++);
	e->agent_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, e->agent_name, sizeof e->agent_name);
	e->claimed_at = sqlite3_column_int64(st, col++);
	e->created_at = sqlite3_column_int64(st, col++);
	e->updated_at = sqlite3_column_int64(st, col++);
}

int store_ob_entry_get(struct db *db, int64_t id, struct ob_entry *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ENTRY_COLS ENTRY_FROM "WHERE e.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, entry_from_row, out);
}

int store_ob_entry_insert(struct db *db, struct ob_entry *e)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO cc_outbound_entries (list_id, customer_id, name, phone, state,"
		" attempts, next_at, created_at, updated_at) VALUES (:list, :customer, :name,"
		" :phone, 'pending', 0, :now, :now, :now)");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":list", e->list_id);
	db_set_id(st, ":customer", e->customer_id);
	db_set_text(st, ":name", e->name);
	db_set_text(st, ":phone", e->phone);
	db_set_int(st, ":now", e->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	e->id = db_last_id(db);
	return 0;
}

int store_ob_entries(struct db *db, int64_t list_id, const char *state, const char *result,
		     int64_t after_id, int limit, struct ob_entry *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ENTRY_COLS ENTRY_FROM
		"WHERE e.list_id = :list AND (:state IS NULL OR e.state = :state)"
		" AND (:result IS NULL OR e.result = :result) AND e.id > :after"
		" ORDER BY e.id LIMIT :limit");

	*n = 0;
	if (!st)
		return GX_EDB;
	db_set_int(st, ":list", list_id);
	db_set_opt_text(st, ":state", state);
	db_set_opt_text(st, ":result", result);
	db_set_int(st, ":after", after_id);
	db_set_int(st, ":limit", limit);
	return db_rows(st, entry_from_row, out, sizeof *out, limit, n);
}

static void bind_pick(sqlite3_stmt *st, const struct ob_pick *p)
{
	db_set_int(st, ":list", p->list_id);
	db_set_int(st, ":team", p->team);
	db_set_int(st, ":minute", p->minute);
	db_set_int(st, ":now", p->now);
	db_set_int(st, ":stale", p->stale);
}

int store_ob_held(struct db *db, int64_t agent_id, const struct ob_pick *p,
		  struct ob_entry *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ENTRY_COLS ENTRY_FROM
		"WHERE e.agent_id = :agent AND e.state = 'claimed'"
		" AND (:list = 0 OR l.id = :list) AND" LIST_TEAM "ORDER BY e.id LIMIT 1");

	if (!st)
		return GX_EDB;
	bind_pick(st, p);
	db_set_int(st, ":agent", agent_id);
	return db_row(st, entry_from_row, out);
}

int store_ob_next(struct db *db, const struct ob_pick *p, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT e.id, coalesce(e.claimed_at, e.next_at) AS due FROM cc_outbound_entries e"
		" JOIN cc_outbound_lists l ON l.id = e.list_id WHERE" CLAIMABLE "AND" OPEN_LIST
		" AND l.call_from <= :minute AND :minute < l.call_to ORDER BY due, e.id LIMIT 1");
	int rc;

	*id = 0;
	if (!st)
		return GX_EDB;
	bind_pick(st, p);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : GX_EDB;
}

int store_ob_outlook(struct db *db, const struct ob_pick *p, int64_t *due_outside,
		     int64_t *open, int64_t *earliest)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT count(CASE WHEN" CLAIMABLE "AND NOT (l.call_from <= :minute"
		" AND :minute < l.call_to) THEN 1 END), count(*),"
		" coalesce(min(CASE WHEN e.state <> 'claimed' THEN e.next_at END), 0)"
		" FROM cc_outbound_entries e JOIN cc_outbound_lists l ON l.id = e.list_id"
		" WHERE e.state IN ('pending', 'retry', 'claimed') AND" OPEN_LIST);
	int rc;

	*due_outside = *open = *earliest = 0;
	if (!st)
		return GX_EDB;
	bind_pick(st, p);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*due_outside = sqlite3_column_int64(st, 0);
		*open = sqlite3_column_int64(st, 1);
		*earliest = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_ob_claim(struct db *db, int64_t id, int64_t agent_id, const struct ob_pick *p)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE cc_outbound_entries AS e SET state = 'claimed', agent_id = :agent,"
		" claimed_at = :now, updated_at = :now WHERE e.id = :id AND" CLAIMABLE);
	int rc;

	if (!st)
		return GX_EDB;
	bind_pick(st, p);
	db_set_int(st, ":agent", agent_id);
	db_set_int(st, ":id", id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) == 1 ? 0 : GX_ECONFLICT;
}

int store_ob_entry_record(struct db *db, const struct ob_entry *e, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE cc_outbound_entries SET state = :state, attempts = :attempts,"
		" next_at = :next_at, result = :result, note = :note, callback_at = :callback_at,"
		" claimed_at = NULL, updated_at = :now"
		" WHERE id = :id AND state = 'claimed' AND agent_id = :agent");
	int rc;

	if (!st)
		return GX_EDB;
	db_set_text(st, ":state", e->state);
	db_set_int(st, ":attempts", e->attempts);
	db_set_int(st, ":next_at", e->next_at);
	db_set_text(st, ":result", e->result);
	db_set_text(st, ":note", e->note);
	db_set_id(st, ":callback_at", e->callback_at);
	db_set_int(st, ":now", now_ms);
	db_set_int(st, ":id", e->id);
	db_set_int(st, ":agent", e->agent_id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) == 1 ? 0 : GX_ECONFLICT;
}

int store_ob_release(struct db *db, int64_t id, int64_t agent_id, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE cc_outbound_entries SET state = CASE WHEN attempts = 0 THEN 'pending'"
		" ELSE 'retry' END, claimed_at = NULL, updated_at = ?3"
		" WHERE id = ?1 AND state = 'claimed' AND agent_id = ?2");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, agent_id);
	sqlite3_bind_int64(st, 3, now_ms);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) == 1 ? 0 : GX_ECONFLICT;
}

int store_ob_attempt_insert(struct db *db, struct ob_attempt *a, int64_t since_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO cc_outbound_attempts (entry_id, agent_id, at, result, note,"
		" callback_at, call_id) VALUES (:entry, :agent, :at, :result, :note, :callback_at,"
		" (SELECT max(id) FROM cc_calls WHERE outbound_entry_id = :entry"
		" AND agent_id = :agent AND offered_at >= :since))");
	sqlite3_stmt *call = db_stmt(db, "SELECT coalesce(call_id, 0) FROM cc_outbound_attempts"
		" WHERE id = ?");
	int rc;

	if (!st || !call)
		return GX_EDB;
	db_set_int(st, ":entry", a->entry_id);
	db_set_int(st, ":agent", a->agent_id);
	db_set_int(st, ":at", a->at);
	db_set_text(st, ":result", a->result);
	db_set_text(st, ":note", a->note);
	db_set_id(st, ":callback_at", a->callback_at);
	db_set_int(st, ":since", since_ms);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	a->id = db_last_id(db);
	sqlite3_bind_int64(call, 1, a->id);
	rc = sqlite3_step(call);
	if (rc == SQLITE_ROW)
		a->call_id = sqlite3_column_int64(call, 0);
	sqlite3_reset(call);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

static void attempt_from_row(sqlite3_stmt *st, void *row)
{
	struct ob_attempt *a = row;
	int col = 0;

	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, col++);
	a->entry_id = sqlite3_column_int64(st, col++);
	a->agent_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, a->agent_name, sizeof a->agent_name);
	a->at = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, a->result, sizeof a->result);
	db_col_text(st, col++, a->note, sizeof a->note);
	a->callback_at = sqlite3_column_int64(st, col++);
	a->call_id = sqlite3_column_int64(st, col++);
}

int store_ob_attempts(struct db *db, int64_t entry_id, struct ob_attempt *out, int max,
		      int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT t.id, t.entry_id, t.agent_id, coalesce(u.display_name, ''), t.at, t.result,"
		" t.note, coalesce(t.callback_at, 0), coalesce(t.call_id, 0)"
		" FROM cc_outbound_attempts t LEFT JOIN users u ON u.id = t.agent_id"
		" WHERE t.entry_id = ? ORDER BY t.id LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, entry_id);
	sqlite3_bind_int(st, 2, max);
	return db_rows(st, attempt_from_row, out, sizeof *out, max, n);
}

int store_ob_dial_insert(struct db *db, int64_t agent_id, const char *ext, const char *number,
			 int64_t entry_id, int64_t at, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO cc_dial_requests (agent_id, extension, number, entry_id, at)"
		" VALUES (?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, agent_id);
	db_bind_text(st, 2, ext);
	db_bind_text(st, 3, number);
	sqlite3_bind_int64(st, 4, entry_id);
	sqlite3_bind_int64(st, 5, at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	*id = db_last_id(db);
	return 0;
}

static void dial_from_row(sqlite3_stmt *st, void *row)
{
	struct ob_dial *d = row;
	int col = 0;

	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, col++);
	d->agent_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, d->extension, sizeof d->extension);
	db_col_text(st, col++, d->number, sizeof d->number);
	d->entry_id = sqlite3_column_int64(st, col++);
	d->at = sqlite3_column_int64(st, col++);
}

int store_ob_dials_since(struct db *db, int64_t after_id, struct ob_dial *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT id, agent_id, extension, number, coalesce(entry_id, 0), at"
		" FROM cc_dial_requests WHERE id > ? ORDER BY id LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, max);
	return db_rows(st, dial_from_row, out, sizeof *out, max, n);
}

int store_ob_dial_last(struct db *db, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(id), 0) FROM cc_dial_requests");

	*id = 0;
	return st ? db_row(st, db_fill_int64, id) : GX_EDB;
}
