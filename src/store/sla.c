#include "store/sla.h"
#include "store/db.h"
#include "lib/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hours as "weekday:start:end" items and years as "2026" items, each
 * joined by ","; parsed by cal_from_row. */
#define CAL_COLS                                                               \
	"c.id, c.name, c.kind, c.created_at, c.updated_at, c.version,"         \
	" (SELECT group_concat(h.weekday || ':' || h.start_min || ':' || h.end_min)" \
	"  FROM sla_calendar_hours h WHERE h.calendar_id = c.id),"             \
	" (SELECT group_concat(DISTINCT substr(d.date, 1, 4))"                 \
	"  FROM sla_calendar_days d WHERE d.calendar_id = c.id),"              \
	" (SELECT count(*) FROM sla_policies p WHERE p.calendar_id = c.id) "

#define POLICY_COLS                                                            \
	"p.id, p.ticket_type, p.priority, coalesce(p.tier, ''), p.calendar_id,"  \
	" c.name, c.kind, p.response_minutes, p.resolve_minutes, p.created_at,"  \
	" p.updated_at, p.version FROM sla_policies p"                           \
	" JOIN sla_calendars c ON c.id = p.calendar_id "

static int cmp_span(const void *a, const void *b)
{
	const struct cal_span *x = a, *y = b;

	if (x->weekday != y->weekday)
		return x->weekday - y->weekday;
	return x->start - y->start;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void spans_from_text(const char *s, struct cal_rec *c)
{
	int w, a, b, used;

	c->nspans = 0;
	while (s && *s && c->nspans < CAL_SPANS_MAX &&
	       sscanf(s, "%d:%d:%d%n", &w, &a, &b, &used) == 3) {
		c->spans[c->nspans++] = (struct cal_span){w, a, b};
		s += used + (s[used] == ',');
	}
	/* group_concat keeps no order: sort here. */
	qsort(c->spans, (size_t)c->nspans, sizeof c->spans[0], cmp_span);
}

static void years_from_text(const char *s, struct cal_rec *c)
{
	char *end;

	c->nyears = 0;
	while (s && *s && c->nyears < CAL_YEARS_MAX) {
		long y = strtol(s, &end, 10);
		if (end == s)
			break;
		c->years[c->nyears++] = (int)y;
		s = end + (*end == ',');
	}
	qsort(c->years, (size_t)c->nyears, sizeof c->years[0], cmp_int);
}

static void cal_from_row(sqlite3_stmt *st, void *row)
{
	struct cal_rec *c = row;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, c->name, sizeof c->name);
	db_col_text(st, 2, c->kind, sizeof c->kind);
	c->created_at = sqlite3_column_int64(st, 3);
	c->updated_at = sqlite3_column_int64(st, 4);
	c->version = sqlite3_column_int64(st, 5);
	spans_from_text((const char *)sqlite3_column_text(st, 6), c);
	years_from_text((const char *)sqlite3_column_text(st, 7), c);
	c->policies = sqlite3_column_int64(st, 8);
}

int store_cal_list(struct db *db, struct cal_rec *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CAL_COLS
				       "FROM sla_calendars c ORDER BY c.id LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int(st, 1, max);
	return db_rows(st, cal_from_row, out, sizeof *out, max, n);
}

int store_cal_count(struct db *db, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM sla_calendars");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_cal_get(struct db *db, int64_t id, struct cal_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CAL_COLS "FROM sla_calendars c WHERE c.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, cal_from_row, out);
}

int store_cal_stamp(struct db *db, int64_t id, int64_t *version, int64_t *created_at)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT version, created_at FROM sla_calendars WHERE id = ?");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*version = sqlite3_column_int64(st, 0);
		*created_at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GX_ENOTFOUND : GX_EDB;
}

/* Rewrites the weekly hours of calendar id from c. */
static int write_hours(struct db *db, int64_t id, const struct cal_rec *c)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM sla_calendar_hours WHERE calendar_id = ?");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	for (int i = 0; i < c->nspans; i++) {
		st = db_stmt(db, "INSERT INTO sla_calendar_hours (calendar_id, weekday, start_min,"
				 " end_min) VALUES (?, ?, ?, ?)");
		if (!st)
			return GX_EDB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, c->spans[i].weekday);
		sqlite3_bind_int(st, 3, c->spans[i].start);
		sqlite3_bind_int(st, 4, c->spans[i].end);
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
	}
	return 0;
}

int store_cal_insert(struct db *db, struct cal_rec *c)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO sla_calendars (name, kind, created_at,"
				       " updated_at, version) VALUES (?, ?, ?, ?, 1)");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, c->name);
	db_bind_text(st, 2, c->kind);
	sqlite3_bind_int64(st, 3, c->created_at);
	sqlite3_bind_int64(st, 4, c->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	c->id = db_last_id(db);
	c->version = 1;
	c->updated_at = c->created_at;
	return write_hours(db, c->id, c);
}

int store_cal_update(struct db *db, struct cal_rec *c, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE sla_calendars SET name = ?, kind = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, c->name);
	db_bind_text(st, 2, c->kind);
	sqlite3_bind_int64(st, 3, now_ms);
	sqlite3_bind_int64(st, 4, c->id);
	sqlite3_bind_int64(st, 5, c->version);
	if ((rc = db_step_versioned(db, st, "SELECT 1 FROM sla_calendars WHERE id = ?", c->id)) != 0)
		return rc;
	c->version++;
	c->updated_at = now_ms;
	return write_hours(db, c->id, c);
}

int store_cal_delete(struct db *db, int64_t id, int64_t version)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM sla_calendars WHERE id = ? AND version = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	return db_step_versioned(db, st, "SELECT 1 FROM sla_calendars WHERE id = ?", id);
}

int store_cal_days(struct db *db, int64_t id, const char *from, const char *to,
		   struct cal_day *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT date, kind, name FROM sla_calendar_days"
		" WHERE calendar_id = ? AND date BETWEEN ? AND ? ORDER BY date LIMIT ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	sqlite3_bind_int(st, 4, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cal_day *d = &out[(*n)++];
		db_col_text(st, 0, d->date, sizeof d->date);
		db_col_text(st, 1, d->kind, sizeof d->kind);
		db_col_text(st, 2, d->name, sizeof d->name);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : GX_EDB;
}

int store_cal_days_replace(struct db *db, int64_t id, const char *from, const char *to,
			   const struct cal_day *days, int n)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM sla_calendar_days"
				       " WHERE calendar_id = ? AND date BETWEEN ? AND ?");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		st = db_stmt(db, "INSERT INTO sla_calendar_days (calendar_id, date, kind, name)"
				 " VALUES (?, ?, ?, ?)");
		if (!st)
			return GX_EDB;
		sqlite3_bind_int64(st, 1, id);
		db_bind_text(st, 2, days[i].date);
		db_bind_text(st, 3, days[i].kind);
		db_bind_text(st, 4, days[i].name);
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
	}
	return 0;
}

static void policy_from_row(sqlite3_stmt *st, void *row)
{
	struct sla_policy *p = row;

	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, p->type, sizeof p->type);
	db_col_text(st, 2, p->priority, sizeof p->priority);
	db_col_text(st, 3, p->tier, sizeof p->tier);
	p->calendar_id = sqlite3_column_int64(st, 4);
	db_col_text(st, 5, p->calendar_name, sizeof p->calendar_name);
	db_col_text(st, 6, p->calendar_kind, sizeof p->calendar_kind);
	p->response_minutes = sqlite3_column_int64(st, 7);
	p->resolve_minutes = sqlite3_column_int64(st, 8);
	p->created_at = sqlite3_column_int64(st, 9);
	p->updated_at = sqlite3_column_int64(st, 10);
	p->version = sqlite3_column_int64(st, 11);
}

int store_sla_policy_list(struct db *db, struct sla_policy *out, int max, int *n)
{
	/* The order people read them in: types and priorities as the
	 * product lists them, the any-tier row first, then VIP down. */
	sqlite3_stmt *st = db_stmt(db, "SELECT " POLICY_COLS
		"ORDER BY instr('complaint repair inquiry service suggestion event', p.ticket_type),"
		" instr('urgent high normal low', p.priority),"
		" instr(' vip key general small', coalesce(p.tier, ' ')) LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int(st, 1, max);
	return db_rows(st, policy_from_row, out, sizeof *out, max, n);
}

int store_sla_policy_get(struct db *db, int64_t id, struct sla_policy *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " POLICY_COLS "WHERE p.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, policy_from_row, out);
}

/* NULL for "" (any tier). */
static void bind_tier(sqlite3_stmt *st, int idx, const char *tier)
{
	db_bind_text(st, idx, tier && *tier ? tier : NULL);
}

int store_sla_policy_insert(struct db *db, struct sla_policy *p)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO sla_policies (ticket_type, priority, tier, calendar_id,"
		" response_minutes, resolve_minutes, created_at, updated_at, version)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, p->type);
	db_bind_text(st, 2, p->priority);
	bind_tier(st, 3, p->tier);
	sqlite3_bind_int64(st, 4, p->calendar_id);
	sqlite3_bind_int64(st, 5, p->response_minutes);
	sqlite3_bind_int64(st, 6, p->resolve_minutes);
	sqlite3_bind_int64(st, 7, p->created_at);
	sqlite3_bind_int64(st, 8, p->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	p->id = db_last_id(db);
	p->version = 1;
	p->updated_at = p->created_at;
	return 0;
}

int store_sla_policy_update(struct db *db, struct sla_policy *p, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE sla_policies SET ticket_type = ?, priority = ?, tier = ?, calendar_id = ?,"
		" response_minutes = ?, resolve_minutes = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, p->type);
	db_bind_text(st, 2, p->priority);
	bind_tier(st, 3, p->tier);
	sqlite3_bind_int64(st, 4, p->calendar_id);
	sqlite3_bind_int64(st, 5, p->response_minutes);
	sqlite3_bind_int64(st, 6, p->resolve_minutes);
	sqlite3_bind_int64(st, 7, now_ms);
	sqlite3_bind_int64(st, 8, p->id);
	sqlite3_bind_int64(st, 9, p->version);
	if ((rc = db_step_versioned(db, st, "SELECT 1 FROM sla_policies WHERE id = ?", p->id)) != 0)
		return rc;
	p->version++;
	p->updated_at = now_ms;
	return 0;
}

int store_sla_policy_delete(struct db *db, int64_t id, int64_t version)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM sla_policies WHERE id = ? AND version = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	return db_step_versioned(db, st, "SELECT 1 FROM sla_policies WHERE id = ?", id);
}

int store_sla_match(struct db *db, const char *type, const char *priority, const char *tier,
		    struct sla_policy *out)
{
	/* Both candidates by the unique index; the tier's own row first. (An
	 * IN list here built a temporary b-tree on every call, and the chase
	 * calls this for every order it looks at.) */
	sqlite3_stmt *st = db_stmt(db, "SELECT " POLICY_COLS
		"WHERE p.ticket_type = ?1 AND p.priority = ?2"
		" AND (p.tier IS NULL OR p.tier = ?3)"
		" ORDER BY p.tier IS NULL LIMIT 1");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, type);
	db_bind_text(st, 2, priority);
	db_bind_text(st, 3, tier);
	return db_row(st, policy_from_row, out);
}
