#include "store/cc_stats.h"
#include "lib/err.h"
#include "lib/log.h"
#include "store/db.h"

#include <string.h>

/* The sums of struct ccs_sums over the calls c (joined with their queue
 * q), in its order. The FCR test looks at the customer's next inbound
 * call only (by cc_calls_customer): ids grow with time, so if that one
 * came more than 7 days later, every later one did too. CASE keeps the
 * look-up to answered calls with a customer. */
#define KPI_SELECT                                                                 \
	"SELECT (c.offered_at + 28800000) / :bucket AS b, count(*),"               \
	" count(c.answered_at), sum(c.disposition = 'abandoned'),"                 \
	" sum(c.answered_at - c.offered_at),"                                      \
	" count(c.ended_at),"                                                      \
	" sum(CASE WHEN c.ended_at IS NOT NULL"                                    \
	"  THEN coalesce(c.answered_at, c.ended_at) - c.offered_at END),"          \
	" sum(c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL),"              \
	" sum(CASE WHEN c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL"      \
	"  THEN (c.ended_at - c.answered_at)"                                      \
	"   + (coalesce(c.wrap_end_at, c.ended_at) - c.ended_at) END),"            \
	" sum(c.answered_at - c.offered_at <= coalesce(q.sl_seconds, 20) * 1000)," \
	" sum(c.answered_at IS NOT NULL AND c.customer_id IS NOT NULL),"           \
	" sum(CASE WHEN c.answered_at IS NOT NULL AND c.customer_id IS NOT NULL"   \
	"  THEN coalesce((SELECT n.offered_at FROM cc_calls n"                     \
	"   WHERE n.customer_id = c.customer_id AND n.id > c.id"                   \
	"   AND n.direction = 'inbound' ORDER BY n.id LIMIT 1),"                   \
	"   9000000000000000000) > c.offered_at + 604800000 END)"                  \
	" FROM cc_calls c LEFT JOIN cc_queues q ON q.id = c.queue_id"              \
	" WHERE c.direction = 'inbound' AND c.offered_at >= :from AND c.offered_at < :to"
#define KPI_END " GROUP BY b ORDER BY b"

/* One statement per filter, so each reads its own index: the period's
 * calls (cc_calls_offered), one queue's (cc_calls_queue_offered) or one
 * agent's (cc_calls_agent_offered). */
static const char *const kpi_sql_all = KPI_SELECT KPI_END;
static const char *const kpi_sql_queue =
	KPI_SELECT " AND c.queue_id = :queue AND (:agent IS NULL OR c.agent_id = :agent)" KPI_END;
static const char *const kpi_sql_agent = KPI_SELECT " AND c.agent_id = :agent" KPI_END;

static int step_failed(struct db *db, sqlite3_stmt *st, int rc)
{
	log_error("db_step_failed", "{s:s,s:i}", "error", sqlite3_errmsg(db_handle(db)),
		  "code", rc);
	sqlite3_reset(st);
	return GX_EDB;
}

static void sums_from_row(sqlite3_stmt *st, struct ccs_sums *s)
{
	int col = 0;

	s->bucket = sqlite3_column_int64(st, col++);
	s->offered = sqlite3_column_int64(st, col++);
	s->answered = sqlite3_column_int64(st, col++);
	s->abandoned = sqlite3_column_int64(st, col++);
	s->wait_answered_ms = sqlite3_column_int64(st, col++);
	s->ended = sqlite3_column_int64(st, col++);
	s->queue_ms = sqlite3_column_int64(st, col++);
	s->handled = sqlite3_column_int64(st, col++);
	s->handle_ms = sqlite3_column_int64(st, col++);
	s->in_sl = sqlite3_column_int64(st, col++);
	s->fcr_base = sqlite3_column_int64(st, col++);
	s->fcr = sqlite3_column_int64(st, col++);
}

int ccs_store_kpis(struct db *db, const struct ccs_filter *f,
		   int (*each)(void *ctx, const struct ccs_sums *s), void *ctx)
{
	const char *sql = f->queue_id ? kpi_sql_queue : f->agent_id ? kpi_sql_agent : kpi_sql_all;
	sqlite3_stmt *st = db_stmt(db, sql);
	struct ccs_sums s;
	int rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":bucket", f->bucket_ms);
	db_set_int(st, ":from", f->from_ms);
	db_set_int(st, ":to", f->to_ms);
	db_set_id(st, ":queue", f->queue_id);
	db_set_id(st, ":agent", f->agent_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int err;

		sums_from_row(st, &s);
		if ((err = each(ctx, &s)) != 0) {
			sqlite3_reset(st);
			return err;
		}
	}
	if (rc != SQLITE_DONE)
		return step_failed(db, st, rc);
	sqlite3_reset(st);
	return 0;
}

/* Per day and group, then the group's name (agents by display name,
 * queues by name) on the grouped rows only. */
#define RATING_SQL(group, names)                                                   \
	"SELECT s.d, s.g, coalesce(x.name, ''), s.r1, s.r2, s.r3, s.r4, s.r5,"     \
	" s.rated, s.score, s.answered FROM ("                                     \
	" SELECT (c.offered_at + 28800000) / 86400000 AS d,"                       \
	"  coalesce(" group ", 0) AS g,"                                           \
	"  sum(c.rating = 1) AS r1, sum(c.rating = 2) AS r2, sum(c.rating = 3) AS r3," \
	"  sum(c.rating = 4) AS r4, sum(c.rating = 5) AS r5,"                      \
	"  count(c.rating) AS rated, sum(c.rating) AS score,"                      \
	"  count(c.answered_at) AS answered"                                       \
	" FROM cc_calls c WHERE c.direction = 'inbound'"                           \
	" AND c.offered_at >= :from AND c.offered_at < :to GROUP BY d, g"          \
	" HAVING count(c.answered_at) > 0 OR count(c.rating) > 0) s"               \
	" LEFT JOIN " names " x ON x.id = s.g ORDER BY s.g, s.d"

static const char *const rating_sql_agent =
	RATING_SQL("c.agent_id", "(SELECT id, display_name AS name FROM users)");
static const char *const rating_sql_queue =
	RATING_SQL("c.queue_id", "(SELECT id, name FROM cc_queues)");

static void rating_from_row(sqlite3_stmt *st, struct ccs_day_rating *r)
{
	int col = 0;

	r->day = (int32_t)sqlite3_column_int64(st, col++);
	r->group_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, r->name, sizeof r->name);
	for (int i = 0; i < 5; i++)
		r->counts[i] = sqlite3_column_int64(st, col++);
	r->rated = sqlite3_column_int64(st, col++);
	r->score_sum = sqlite3_column_int64(st, col++);
	r->answered = sqlite3_column_int64(st, col++);
}

int ccs_store_ratings(struct db *db, int64_t from_ms, int64_t to_ms, bool by_queue,
		      int (*each)(void *ctx, const struct ccs_day_rating *r), void *ctx)
{
	sqlite3_stmt *st = db_stmt(db, by_queue ? rating_sql_queue : rating_sql_agent);
	struct ccs_day_rating r;
	int rc;

	if (!st)
		return GX_EDB;
	db_set_int(st, ":from", from_ms);
	db_set_int(st, ":to", to_ms);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int err;

		rating_from_row(st, &r);
		if ((err = each(ctx, &r)) != 0) {
			sqlite3_reset(st);
			return err;
		}
	}
	if (rc != SQLITE_DONE)
		return step_failed(db, st, rc);
	sqlite3_reset(st);
	return 0;
}

static void queue_from_row(sqlite3_stmt *st, void *row)
{
	struct ccs_queue_live *q = row;
	int col = 0;

	q->id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, q->name, sizeof q->name);
	q->waiting = sqlite3_column_int64(st, col++);
	q->oldest_queued_at = sqlite3_column_int64(st, col++);
	q->agents_ready = sqlite3_column_int64(st, col++);
	q->agents_busy = sqlite3_column_int64(st, col++);
}

int ccs_store_queues_live(struct db *db, struct ccs_queue_live *out, int max, int *n)
{
	/* Waiting calls by cc_calls_waiting, named: the planner would take the
	 * equally keyed cc_calls_queue_offered and count every call the queue
	 * ever had. Agents by the queue's skill. */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT q.id, q.name,"
		" (SELECT count(*) FROM cc_calls c INDEXED BY cc_calls_waiting"
		"  WHERE c.queue_id = q.id AND c.state = 'queued'),"
		" coalesce((SELECT min(c.queued_at) FROM cc_calls c INDEXED BY cc_calls_waiting"
		"  WHERE c.queue_id = q.id AND c.state = 'queued'), 0),"
		" (SELECT count(*) FROM cc_agent_skills k JOIN cc_agents a ON a.user_id = k.user_id"
		"  WHERE k.skill_id = q.skill_id AND a.state = 'ready'),"
		" (SELECT count(*) FROM cc_agent_skills k JOIN cc_agents a ON a.user_id = k.user_id"
		"  WHERE k.skill_id = q.skill_id AND a.state IN ('ringing', 'talking', 'wrap_up'))"
		" FROM cc_queues q ORDER BY q.id");

	return db_rows(st, queue_from_row, out, sizeof *out, max, n);
}

static void agent_from_row(sqlite3_stmt *st, void *row)
{
	struct ccs_agent_live *a = row;
	int col = 0;

	a->user_id = sqlite3_column_int64(st, col++);
	db_col_text(st, col++, a->display_name, sizeof a->display_name);
	db_col_text(st, col++, a->extension, sizeof a->extension);
	db_col_text(st, col++, a->state, sizeof a->state);
	db_col_text(st, col++, a->reason, sizeof a->reason);
	a->state_since = sqlite3_column_int64(st, col++);
}

int ccs_store_agents_live(struct db *db, struct ccs_agent_live *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT a.user_id, u.display_name, a.extension, a.state, a.reason, a.state_since"
		" FROM cc_agents a JOIN users u ON u.id = a.user_id ORDER BY a.extension");

	return db_rows(st, agent_from_row, out, sizeof *out, max, n);
}
