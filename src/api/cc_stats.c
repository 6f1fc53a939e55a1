/* cc_stats.c - /api/v1/cc/kpis, /kpis/export, /ratings and /wallboard
 * (CC-5, CC-7): the contact centre's reports and its live wallboard, also
 * as a server-sent event stream.
 *
 * The stream's cost does not follow the event rate: every change of a
 * call or agent wakes EVT_WALLBOARD (up to thousands a second), but all
 * streams share one snapshot, read again at most every SNAPSHOT_MS, and a
 * stream writes only when the snapshot differs from the one it sent. The
 * scheduler's wallboard.tick wakes the streams every second, so a change
 * that came while the snapshot was fresh is shown within about a second. */
#include "api/api.h"
#include "domain/auth.h"
#include "domain/cc_stats.h"
#include "lib/evt.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SNAPSHOT_MS 500
#define STREAM_RETRY_MS 3000

/* Rates to four places, seconds to a tenth; null when undefined. */
static json_t *rate(double x)
{
	return x < 0 ? json_null() : json_real(round(x * 10000) / 10000);
}

static json_t *secs(double x)
{
	return x < 0 ? json_null() : json_real(round(x * 10) / 10);
}

static json_t *kpi_json(const struct ccs_kpi *k)
{
	json_t *o = json_object();

	json_object_set_new(o, "period", json_string(k->period));
	json_object_set_new(o, "offered", json_integer(k->sums.offered));
	json_object_set_new(o, "answered", json_integer(k->sums.answered));
	json_object_set_new(o, "abandoned", json_integer(k->sums.abandoned));
	json_object_set_new(o, "abandon_rate", rate(k->abandon_rate));
	json_object_set_new(o, "asa", secs(k->asa));
	json_object_set_new(o, "avg_queue_time", secs(k->avg_queue_time));
	json_object_set_new(o, "aht", secs(k->aht));
	json_object_set_new(o, "service_level", rate(k->service_level));
	json_object_set_new(o, "fcr", rate(k->fcr));
	return o;
}

/* The report's query parameters; an id that is not a positive number
 * goes into v, and the domain adds what else is wrong. */
static void read_query(const struct api_req *r, struct ccs_query *q, struct verr *v)
{
	memset(q, 0, sizeof *q);
	q->from = api_query(r, "from");
	q->to = api_query(r, "to");
	q->by = api_query(r, "by");
	api_query_int(r, "queue_id", 1, INT64_MAX, &q->queue_id, v);
	api_query_int(r, "agent_id", 1, INT64_MAX, &q->agent_id, v);
}

static int kpis_get(struct api_req *r)
{
	struct ccs_query q;
	struct ccs_kpis k;
	struct verr v = {0};
	json_t *items;
	int rc;

	read_query(r, &q, &v);
	if ((rc = ccs_kpis(&r->who, &q, &k, &v)) != 0)
		return api_fail(r, rc, &v);
	items = json_array();
	for (int i = 0; i < k.n; i++)
		json_array_append_new(items, kpi_json(&k.items[i]));
	api_json(r, 200, json_pack("{s:o,s:o}", "items", items, "total", kpi_json(&k.total)));
	ccs_kpis_free(&k);
	return 0;
}

/* The workbook in memory, sent as a streamed body: api_body's content
 * type field is too short for the spreadsheet type. */
struct book {
	char *data;
	size_t len, pos;
};

static ssize_t book_read(void *ctx, char *buf, size_t cap)
{
	struct book *b = ctx;
	size_t n = b->len - b->pos < cap ? b->len - b->pos : cap;

	memcpy(buf, b->data + b->pos, n);
	b->pos += n;
	return (ssize_t)n;
}

static void book_done(void *ctx)
{
	struct book *b = ctx;

	free(b->data);
	free(b);
}

static int kpis_export_get(struct api_req *r)
{
	struct ccs_query q;
	struct verr v = {0};
	char filename[96];
	struct book *b;
	int rc;

	read_query(r, &q, &v);
	if (!(b = calloc(1, sizeof *b)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = ccs_kpis_xlsx(&r->who, &q, &b->data, &b->len, &v)) != 0) {
		free(b);
		return api_fail(r, rc, &v);
	}
	snprintf(filename, sizeof filename, "话务报表_%s_%s.xlsx", q.from, q.to);
	return api_stream(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			  filename, book_read, book_done, b);
}

static json_t *rating_json(const struct ccs_rating *x, const char *group)
{
	json_t *o = json_object(), *counts = json_array();

	for (int i = 0; i < 5; i++)
		json_array_append_new(counts, json_integer(x->counts[i]));
	json_object_set_new(o, "period", json_string(x->period));
	if (group) {
		json_object_set_new(o, group, x->group_id ? json_integer(x->group_id) : json_null());
		json_object_set_new(o, "name", json_string(x->name));
	}
	json_object_set_new(o, "counts", counts);
	json_object_set_new(o, "rated", json_integer(x->rated));
	json_object_set_new(o, "answered", json_integer(x->answered));
	json_object_set_new(o, "average", x->average < 0 ? json_null()
					  : json_real(round(x->average * 100) / 100));
	json_object_set_new(o, "share", rate(x->share));
	return o;
}

static int ratings_get(struct api_req *r)
{
	const char *group = api_query(r, "group");
	const char *key = group && !strcmp(group, "queue") ? "queue_id" : "agent_id";
	struct ccs_ratings x;
	struct verr v = {0};
	json_t *items;
	int rc;

	rc = ccs_ratings(&r->who, api_query(r, "from"), api_query(r, "to"), api_query(r, "by"),
			 group, &x, &v);
	if (rc != 0)
		return api_fail(r, rc, &v);
	items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, rating_json(&x.items[i], key));
	api_json(r, 200, json_pack("{s:o,s:o}", "items", items, "total",
				   rating_json(&x.total, NULL)));
	ccs_ratings_free(&x);
	return 0;
}

static json_t *wallboard_json(const struct ccs_wallboard *w)
{
	json_t *queues = json_array(), *agents = json_object(), *list = json_array();

	for (int i = 0; i < w->nqueues; i++) {
		const struct ccs_queue_live *q = &w->queues[i];
		int64_t wait = q->oldest_queued_at ? (w->at - q->oldest_queued_at) / 1000 : 0;

		json_array_append_new(queues, json_pack("{s:I,s:s,s:I,s:I,s:o,s:I,s:I}",
			"id", (json_int_t)q->id, "name", q->name,
			"waiting", (json_int_t)q->waiting,
			"longest_wait_s", (json_int_t)(wait > 0 ? wait : 0),
			"oldest_queued_at", api_time(q->oldest_queued_at),
			"agents_ready", (json_int_t)q->agents_ready,
			"agents_busy", (json_int_t)q->agents_busy));
	}
	for (int s = 0; s < CCS_STATES; s++)
		json_object_set_new(agents, ccs_state_names[s], json_integer(w->by_state[s]));
	for (int i = 0; i < w->nagents; i++) {
		const struct ccs_agent_live *a = &w->agents[i];

		json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}",
			"user_id", (json_int_t)a->user_id, "display_name", a->display_name,
			"extension", a->extension, "state", a->state, "reason", a->reason,
			"state_since", api_time(a->state_since)));
	}
	return json_pack("{s:o,s:o,s:o,s:o,s:{s:I,s:I,s:I,s:o,s:o}}",
		"at", api_time(w->at), "queues", queues, "agents", agents, "agent_list", list,
		"today", "offered", (json_int_t)w->today.sums.offered,
		"answered", (json_int_t)w->today.sums.answered,
		"abandoned", (json_int_t)w->today.sums.abandoned,
		"service_level", rate(w->today.service_level), "asa", secs(w->today.asa));
}

static int wallboard_get(struct api_req *r)
{
	struct ccs_wallboard w;
	int rc = ccs_wallboard(&r->who, &w);

	if (rc != 0)
		return api_fail(r, rc, NULL);
	api_json(r, 200, wallboard_json(&w));
	ccs_wallboard_free(&w);
	return 0;
}

/* ---- the live stream ------------------------------------------------- */

/* The one snapshot all streams share. */
static struct {
	pthread_mutex_t lock;
	char *json;      /* compact JSON of the newest snapshot */
	char *cmp;       /* the same without "at" and waits, to tell news */
	int64_t seq;     /* bumped whenever cmp changes */
	int64_t made_ms; /* monotonic time it was read; 0: never */
} board = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int64_t mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The snapshot's text without what changes by itself as time passes (its
 * time, the waits): for telling whether anything happened. */
static char *news_text(json_t *o)
{
	json_t *c = json_deep_copy(o), *q;
	char *text;
	size_t i;

	json_object_del(c, "at");
	json_array_foreach(json_object_get(c, "queues"), i, q)
		json_object_del(q, "longest_wait_s");
	text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(c);
	return text;
}

/* Reads the wallboard again if the shared snapshot is older than
 * SNAPSHOT_MS. Called with board.lock held. */
static int refresh_locked(const struct principal *who)
{
	int64_t now = mono_ms();
	struct ccs_wallboard w;
	char *json, *cmp;
	json_t *o;
	int rc;

	if (board.made_ms && now - board.made_ms < SNAPSHOT_MS)
		return 0;
	if ((rc = ccs_wallboard(who, &w)) != 0)
		return rc;
	o = wallboard_json(&w);
	ccs_wallboard_free(&w);
	json = json_dumps(o, JSON_COMPACT);
	cmp = news_text(o);
	json_decref(o);
	if (!json || !cmp) {
		free(json);
		free(cmp);
		return GX_ENOMEM;
	}
	/* Waits grow by themselves and the browser ticks them from
	 * oldest_queued_at, so they alone are no reason to write. */
	free(board.json);
	board.json = json;
	if (!board.cmp || strcmp(board.cmp, cmp) != 0) {
		free(board.cmp);
		board.cmp = cmp;
		board.seq++;
	} else {
		free(cmp);
	}
	board.made_ms = now;
	return 0;
}

struct board_stream {
	struct principal who;
	int64_t seq_sent; /* the snapshot sent last; 0: none */
};

/* "retry: …" once, then "event: wallboard\ndata: {snapshot}\n\n" when the
 * shared snapshot is newer than the one this stream sent. */
static int board_pull(void *ctx, char **out, size_t *len)
{
	struct board_stream *s = ctx;
	char head[32] = "";
	size_t hn = 0, jn, cap;
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = auth_check(&s->who)) != 0)
		return rc;
	pthread_mutex_lock(&board.lock);
	rc = refresh_locked(&s->who);
	if (rc != 0 || board.seq == s->seq_sent) {
		pthread_mutex_unlock(&board.lock);
		return rc;
	}
	if (!s->seq_sent)
		hn = (size_t)snprintf(head, sizeof head, "retry: %d\n\n", STREAM_RETRY_MS);
	jn = strlen(board.json);
	cap = hn + jn + 64;
	if (!(*out = malloc(cap))) {
		pthread_mutex_unlock(&board.lock);
		return GX_ENOMEM;
	}
	*len = (size_t)snprintf(*out, cap, "%sevent: wallboard\ndata: %s\n\n", head, board.json);
	s->seq_sent = board.seq;
	pthread_mutex_unlock(&board.lock);
	return 0;
}

static void board_done(void *ctx)
{
	free(ctx);
}

static int wallboard_stream_get(struct api_req *r)
{
	struct board_stream *s;

	/* The permission is checked now, not at the first pull, so that a
	 * reader without it gets a 403 instead of an empty stream. */
	if (!principal_can(&r->who, PERM_CC_SUPERVISE))
		return api_fail(r, GX_EPERM, NULL);
	if (!(s = calloc(1, sizeof *s)))
		return api_fail(r, GX_ENOMEM, NULL);
	s->who = r->who;
	return api_events(r, EVT_WALLBOARD, board_pull, board_done, s);
}

const struct api_route api_cc_stats_routes[] = {
	{"GET", "/api/v1/cc/kpis", kpis_get, 0, 0},
	{"GET", "/api/v1/cc/kpis/export", kpis_export_get, 0, 0},
	{"GET", "/api/v1/cc/ratings", ratings_get, 0, 0},
	{"GET", "/api/v1/cc/wallboard", wallboard_get, 0, 0},
	{"GET", "/api/v1/cc/wallboard/stream", wallboard_stream_get, 0, 0},
	{0},
};
