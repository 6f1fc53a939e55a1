#include "domain/cc_stats.h"
#include "lib/clock.h"
#include "lib/evt.h"
#include "lib/workcal.h"
#include "lib/xlsx.h"
#include "store/cc_config.h"
#include "store/db.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MS_MIN (60LL * 1000)
#define MS_DAY (24LL * 60 * MS_MIN)
#define INTERVAL_MS (30LL * MS_MIN)
#define INTERVALS_PER_DAY ((int)(MS_DAY / INTERVAL_MS))
#define CHINA_OFFSET_MIN 480
#define TOTAL_LABEL "合计"

const char *const ccs_state_names[CCS_STATES] = {
	"signed_out", "ready", "not_ready", "ringing", "talking", "wrap_up",
};

static const struct {
	const char *name;
	enum ccs_by by;
	int max_days;
} bys[] = {
	{"interval", CCS_BY_INTERVAL, CCS_INTERVAL_DAYS_MAX},
	{"day", CCS_BY_DAY, CCS_DAY_DAYS_MAX},
	{"month", CCS_BY_MONTH, CCS_LONG_DAYS_MAX},
	{"quarter", CCS_BY_QUARTER, CCS_LONG_DAYS_MAX},
};

/* A checked range: days d0..d1 (Beijing) and the granularity. */
struct range {
	int32_t d0, d1;
	enum ccs_by by;
};

static int64_t day_start_ms(int32_t day)
{
	return (int64_t)day * MS_DAY - CCS_CHINA_OFFSET_MS;
}

static void year_month(int32_t day, int *y, int *m)
{
	char d[WORKCAL_DATE_LEN];

	workcal_format_date(day, d);
	*y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	*m = (d[5] - '0') * 10 + (d[6] - '0');
}

/* The period a day belongs to, as a number that grows by one from one
 * period to the next (days, months or quarters; intervals use days). */
static int64_t period_key(enum ccs_by by, int32_t day)
{
	int y, m;

	if (by == CCS_BY_INTERVAL || by == CCS_BY_DAY)
		return day;
	year_month(day, &y, &m);
	return by == CCS_BY_MONTH ? (int64_t)y * 12 + (m - 1) : (int64_t)y * 4 + (m - 1) / 3;
}

static void period_label(enum ccs_by by, int64_t key, int slot, char *out)
{
	char d[WORKCAL_DATE_LEN];

	switch (by) {
	case CCS_BY_INTERVAL:
		workcal_format_date((int32_t)key, d);
		snprintf(out, CCS_PERIOD_LEN, "%s %02u:%02u", d, (unsigned char)(slot / 2),
			 (unsigned char)(slot % 2 * 30));
		break;
	case CCS_BY_DAY:
		workcal_format_date((int32_t)key, out);
		break;
	case CCS_BY_MONTH:
		snprintf(out, CCS_PERIOD_LEN, "%04u-%02u", (unsigned short)(key / 12),
			 (unsigned char)(key % 12 + 1));
		break;
	case CCS_BY_QUARTER:
		snprintf(out, CCS_PERIOD_LEN, "%04u-Q%u", (unsigned short)(key / 4),
			 (unsigned char)(key % 4 + 1));
		break;
	}
}

/* Checks dates and granularity into *r: GX_EINVAL with v filled. */
static int check_range(const char *from, const char *to, const char *by, bool intervals,
		       struct range *r, struct verr *v)
{
	int max_days = 0;
	bool found = false;

	for (size_t i = 0; i < sizeof bys / sizeof *bys; i++) {
		if (!intervals && bys[i].by == CCS_BY_INTERVAL)
			continue;
		if (!strcmp(by, bys[i].name)) {
			r->by = bys[i].by;
			max_days = bys[i].max_days;
			found = true;
		}
	}
	if (!found)
		verr_add(v, "by", intervals ? "应为 interval、day、month 或 quarter"
					    : "应为 day、month 或 quarter");
	if (!from || workcal_parse_date(from, &r->d0) != 0)
		verr_add(v, "from", "应为日期 YYYY-MM-DD");
	if (!to || workcal_parse_date(to, &r->d1) != 0)
		verr_add(v, "to", "应为日期 YYYY-MM-DD");
	if (v->n)
		return GX_EINVAL;
	if (r->d1 < r->d0)
		return verr_add(v, "to", "结束日期不能早于开始日期");
	if (r->d1 - r->d0 + 1 > max_days)
		return verr_add(v, "to", "按%s统计最多 %d 天",
				r->by == CCS_BY_INTERVAL ? "半小时" : r->by == CCS_BY_DAY ? "天" : "月或季度",
				max_days);
	return 0;
}

static void add_sums(struct ccs_sums *to, const struct ccs_sums *s)
{
	to->offered += s->offered;
	to->answered += s->answered;
	to->abandoned += s->abandoned;
	to->wait_answered_ms += s->wait_answered_ms;
	to->ended += s->ended;
	to->queue_ms += s->queue_ms;
	to->handled += s->handled;
	to->handle_ms += s->handle_ms;
	to->in_sl += s->in_sl;
	to->fcr_base += s->fcr_base;
	to->fcr += s->fcr;
}

static double ratio(int64_t num, int64_t den, double scale)
{
	return den > 0 ? (double)num / (double)den / scale : CCS_NONE;
}

static void finish_kpi(struct ccs_kpi *k)
{
	const struct ccs_sums *s = &k->sums;

	k->abandon_rate = ratio(s->abandoned, s->offered, 1);
	k->asa = ratio(s->wait_answered_ms, s->answered, 1000);
	k->avg_queue_time = ratio(s->queue_ms, s->ended, 1000);
	k->aht = ratio(s->handle_ms, s->handled, 1000);
	k->service_level = ratio(s->in_sl, s->offered, 1);
	k->fcr = ratio(s->fcr, s->fcr_base, 1);
}

/* Adds each bucket the store returns to its period. */
struct kpi_fill {
	struct ccs_kpis *out;
	struct range r;
	int64_t first; /* the first period's key (intervals: its bucket) */
};

static int kpi_add(void *ctx, const struct ccs_sums *s)
{
	struct kpi_fill *f = ctx;
	int64_t i = f->r.by == CCS_BY_INTERVAL ? s->bucket - f->first
					       : period_key(f->r.by, (int32_t)s->bucket) - f->first;

	if (i >= 0 && i < f->out->n)
		add_sums(&f->out->items[i].sums, s);
	add_sums(&f->out->total.sums, s);
	return 0;
}

/* The periods of the range, labelled and empty. */
static int kpi_periods(struct kpi_fill *f)
{
	struct ccs_kpis *out = f->out;
	const struct range *r = &f->r;

	if (r->by == CCS_BY_INTERVAL) {
		f->first = (int64_t)r->d0 * INTERVALS_PER_DAY;
		out->n = (r->d1 - r->d0 + 1) * INTERVALS_PER_DAY;
	} else {
		f->first = period_key(r->by, r->d0);
		out->n = (int)(period_key(r->by, r->d1) - f->first + 1);
	}
	if (!(out->items = calloc((size_t)out->n, sizeof *out->items)))
		return GX_ENOMEM;
	for (int i = 0; i < out->n; i++) {
		if (r->by == CCS_BY_INTERVAL)
			period_label(r->by, r->d0 + i / INTERVALS_PER_DAY, i % INTERVALS_PER_DAY,
				     out->items[i].period);
		else
			period_label(r->by, f->first + i, 0, out->items[i].period);
	}
	snprintf(out->total.period, sizeof out->total.period, "%s", TOTAL_LABEL);
	return 0;
}

/* Queue and agent must exist: a report of a mistyped one would be empty
 * and look like a quiet day. */
static int check_filters(struct db *db, const struct ccs_query *q, struct verr *v)
{
	struct cc_queue queue;
	struct cc_agent agent;
	int rc;

	if (q->queue_id && (rc = store_cc_queue_get(db, q->queue_id, &queue)) != 0) {
		if (rc != GX_ENOTFOUND)
			return rc;
		verr_add(v, "queue_id", "队列不存在");
	}
	if (q->agent_id && (rc = store_cc_agent_get(db, q->agent_id, &agent)) != 0) {
		if (rc != GX_ENOTFOUND)
			return rc;
		verr_add(v, "agent_id", "坐席不存在");
	}
	return v->n ? GX_EINVAL : 0;
}

int ccs_kpis(const struct principal *who, const struct ccs_query *q, struct ccs_kpis *out,
	     struct verr *v)
{
	struct kpi_fill f = {.out = out};
	struct ccs_filter filter = {0};
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(db = principal_db(who, PERM_CC_SUPERVISE, &rc)))
		return rc;
	if ((rc = check_range(q->from, q->to, q->by ? q->by : "day", true, &f.r, v)) != 0)
		return rc;
	if ((rc = check_filters(db, q, v)) != 0)
		return rc;
	if ((rc = kpi_periods(&f)) != 0)
		return rc;
	filter.from_ms = day_start_ms(f.r.d0);
	filter.to_ms = day_start_ms(f.r.d1 + 1);
	filter.bucket_ms = f.r.by == CCS_BY_INTERVAL ? INTERVAL_MS : MS_DAY;
	filter.queue_id = q->queue_id;
	filter.agent_id = q->agent_id;
	if ((rc = ccs_store_kpis(db, &filter, kpi_add, &f)) != 0) {
		ccs_kpis_free(out);
		return rc;
	}
	for (int i = 0; i < out->n; i++)
		finish_kpi(&out->items[i]);
	finish_kpi(&out->total);
	return 0;
}

void ccs_kpis_free(struct ccs_kpis *k)
{
	free(k->items);
	k->items = NULL;
	k->n = 0;
}

/* ---- the workbook ---------------------------------------------------- */

#define XLSX_COLS 10

static const char *const xlsx_headers[XLSX_COLS] = {
	"时段", "呼入量", "接通量", "放弃量", "放弃率", "平均应答速度(秒)",
	"平均排队时长(秒)", "平均处理时长(秒)", "服务水平", "首次解决率",
};

struct xlsx_rows {
	const struct ccs_kpis *k;
	int next; /* -1: the header; n: the total */
	char cells[XLSX_COLS][32];
	const char *ptrs[XLSX_COLS];
};

static void fmt_rate(char *buf, double x)
{
	if (x < 0)
		snprintf(buf, 32, "-");
	else
		snprintf(buf, 32, "%.2f%%", x * 100);
}

static void fmt_secs(char *buf, double x)
{
	if (x < 0)
		snprintf(buf, 32, "-");
	else
		snprintf(buf, 32, "%.1f", x);
}

static int next_xlsx_row(void *ctx, const char *const **cells)
{
	struct xlsx_rows *x = ctx;
	const struct ccs_kpi *k;

	if (x->next < 0) {
		x->next = 0;
		*cells = xlsx_headers;
		return 1;
	}
	if (x->next > x->k->n)
		return 0;
	k = x->next < x->k->n ? &x->k->items[x->next] : &x->k->total;
	x->next++;
	snprintf(x->cells[0], 32, "%s", k->period);
	snprintf(x->cells[1], 32, "%lld", (long long)k->sums.offered);
	snprintf(x->cells[2], 32, "%lld", (long long)k->sums.answered);
	snprintf(x->cells[3], 32, "%lld", (long long)k->sums.abandoned);
	fmt_rate(x->cells[4], k->abandon_rate);
	fmt_secs(x->cells[5], k->asa);
	fmt_secs(x->cells[6], k->avg_queue_time);
	fmt_secs(x->cells[7], k->aht);
	fmt_rate(x->cells[8], k->service_level);
	fmt_rate(x->cells[9], k->fcr);
	for (int i = 0; i < XLSX_COLS; i++)
		x->ptrs[i] = x->cells[i];
	*cells = x->ptrs;
	return 1;
}

/* Reads the whole file at path into *data. */
static int slurp(const char *path, char **data, size_t *len)
{
	struct stat sb;
	size_t got = 0;
	char *buf = NULL;
	int fd, rc = GX_EDB;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return GX_EDB;
	if (fstat(fd, &sb) != 0 || sb.st_size <= 0)
		goto out;
	rc = GX_ENOMEM;
	if (!(buf = malloc((size_t)sb.st_size)))
		goto out;
	rc = GX_EDB;
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);
		if (n <= 0)
			goto out;
		got += (size_t)n;
	}
	*data = buf;
	*len = got;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

int ccs_kpis_xlsx(const struct principal *who, const struct ccs_query *q, char **data,
		  size_t *len, struct verr *v)
{
	const char *dir = getenv("TMPDIR");
	struct ccs_kpis k;
	struct xlsx_rows x = {.k = &k, .next = -1};
	char path[512];
	int fd, rc;

	*data = NULL;
	*len = 0;
	if ((rc = ccs_kpis(who, q, &k, v)) != 0)
		return rc;
	snprintf(path, sizeof path, "%s/guanxi-kpis-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		ccs_kpis_free(&k);
		return GX_EDB;
	}
	close(fd);
	rc = xlsx_write(path, "话务报表", XLSX_COLS, next_xlsx_row, &x);
	if (rc == 0)
		rc = slurp(path, data, len);
	unlink(path);
	ccs_kpis_free(&k);
	return rc;
}

/* ---- ratings --------------------------------------------------------- */

struct rating_fill {
	struct ccs_ratings *out;
	enum ccs_by by;
	int64_t last_key; /* the period key of the newest item */
	int cap;
};

static void add_rating(struct ccs_rating *to, const struct ccs_day_rating *r)
{
	for (int i = 0; i < 5; i++)
		to->counts[i] += r->counts[i];
	to->rated += r->rated;
	to->score_sum += r->score_sum;
	to->answered += r->answered;
}

/* Rows come by group, then day: a day joins the newest item when it is of
 * the same group and period, else starts the next item. */
static int rating_add(void *ctx, const struct ccs_day_rating *r)
{
	struct rating_fill *f = ctx;
	struct ccs_ratings *out = f->out;
	int64_t key = period_key(f->by, r->day);
	struct ccs_rating *it = out->n ? &out->items[out->n - 1] : NULL;

	if (!it || it->group_id != r->group_id || f->last_key != key) {
		if (out->n == f->cap) {
			int cap = f->cap ? f->cap * 2 : 64;
			struct ccs_rating *p = realloc(out->items, (size_t)cap * sizeof *p);
			if (!p)
				return GX_ENOMEM;
			out->items = p;
			f->cap = cap;
		}
		it = &out->items[out->n++];
		memset(it, 0, sizeof *it);
		it->group_id = r->group_id;
		snprintf(it->name, sizeof it->name, "%s", r->name);
		period_label(f->by, key, 0, it->period);
		f->last_key = key;
	}
	add_rating(it, r);
	add_rating(&out->total, r);
	return 0;
}

static void finish_rating(struct ccs_rating *r)
{
	r->average = ratio(r->score_sum, r->rated, 1);
	r->share = ratio(r->rated, r->answered, 1);
}

int ccs_ratings(const struct principal *who, const char *from, const char *to, const char *by,
		const char *group, struct ccs_ratings *out, struct verr *v)
{
	struct rating_fill f = {.out = out};
	struct range r;
	bool by_queue = group && !strcmp(group, "queue");
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(db = principal_db(who, PERM_CC_SUPERVISE, &rc)))
		return rc;
	if (group && !by_queue && strcmp(group, "agent") != 0)
		verr_add(v, "group", "应为 agent 或 queue");
	rc = check_range(from, to, by ? by : "month", false, &r, v);
	if (rc != 0 || v->n)
		return GX_EINVAL;
	f.by = r.by;
	rc = ccs_store_ratings(db, day_start_ms(r.d0), day_start_ms(r.d1 + 1), by_queue,
			       rating_add, &f);
	if (rc != 0) {
		ccs_ratings_free(out);
		return rc;
	}
	for (int i = 0; i < out->n; i++)
		finish_rating(&out->items[i]);
	snprintf(out->total.period, sizeof out->total.period, "%s", TOTAL_LABEL);
	finish_rating(&out->total);
	return 0;
}

void ccs_ratings_free(struct ccs_ratings *r)
{
	free(r->items);
	r->items = NULL;
	r->n = 0;
}

/* ---- the wallboard --------------------------------------------------- */

static int today_add(void *ctx, const struct ccs_sums *s)
{
	add_sums(&((struct ccs_kpi *)ctx)->sums, s);
	return 0;
}

static int read_wallboard(struct db *db, struct ccs_wallboard *w)
{
	int32_t today = workcal_day_of(w->at, CHINA_OFFSET_MIN);
	struct ccs_filter f = {
		.from_ms = day_start_ms(today),
		.to_ms = day_start_ms(today + 1),
		.bucket_ms = MS_DAY,
	};
	int rc;

	if ((rc = ccs_store_queues_live(db, w->queues, CCS_QUEUES_MAX, &w->nqueues)) != 0)
		return rc;
	if ((rc = ccs_store_agents_live(db, w->agents, CCS_AGENTS_MAX, &w->nagents)) != 0)
		return rc;
	for (int i = 0; i < w->nagents; i++)
		for (int s = 0; s < CCS_STATES; s++)
			if (!strcmp(w->agents[i].state, ccs_state_names[s]))
				w->by_state[s]++;
	if ((rc = ccs_store_kpis(db, &f, today_add, &w->today)) != 0)
		return rc;
	workcal_format_date(today, w->today.period);
	finish_kpi(&w->today);
	return 0;
}

int ccs_wallboard(const struct principal *who, struct ccs_wallboard *out)
{
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(db = principal_db(who, PERM_CC_SUPERVISE, &rc)))
		return rc;
	out->queues = malloc(CCS_QUEUES_MAX * sizeof *out->queues);
	out->agents = malloc(CCS_AGENTS_MAX * sizeof *out->agents);
	if (!out->queues || !out->agents) {
		ccs_wallboard_free(out);
		return GX_ENOMEM;
	}
	out->at = clock_now_ms();
	/* One read transaction: queues, agents and totals of one moment. */
	if ((rc = db_begin(db, false)) != 0) {
		ccs_wallboard_free(out);
		return rc;
	}
	rc = read_wallboard(db, out);
	if (rc == 0)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc != 0)
		ccs_wallboard_free(out);
	return rc;
}

void ccs_wallboard_free(struct ccs_wallboard *w)
{
	free(w->queues);
	free(w->agents);
	w->queues = NULL;
	w->agents = NULL;
	w->nqueues = w->nagents = 0;
}

int ccs_wallboard_tick(struct db *db, int64_t now_ms)
{
	(void)db;
	(void)now_ms;
	evt_publish(EVT_WALLBOARD);
	return 0;
}
