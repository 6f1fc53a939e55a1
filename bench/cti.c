/* bench/cti - the telephone system's side of the contact centre against a
 * running server on a database that bench_cc_gen prepared (queues with
 * dialled numbers 95500+i, ready agents ccagent001... with password
 * Bench@12345), signed in as the admin "bench":
 *
 *   routing     ringing events one at a time for random callers (half of
 *               them customers' numbers from --phones, so the server also
 *               looks the caller up) to random dialled numbers: the
 *               request's latency, p50/p99; each call is then hung up
 *               before an answer, which frees its agent again;
 *   throughput  --threads connections each playing whole calls (ringing,
 *               answered, ended, rating; ringing, ended, rating when no
 *               agent was free) as fast as they can for --seconds: events
 *               per second; then, reading the database (--db), every call
 *               must be recorded with its state, disposition and rating,
 *               and there must be one stored event per event sent;
 *   screen pop  --pop-agents agents signed in, each with its desktop's
 *               live stream open (/api/v1/cc/me/events), all other agents
 *               not ready: from sending a ringing event to the assigned
 *               agent's stream delivering the call, p50/p99 over --pops
 *               calls. The other agents are made ready again afterwards.
 *
 * Prints a summary on stderr and one JSON object on stdout.
 *
 *   bin/bench_cti --url BASE --db PATH [--phones FILE] [--routing 2000]
 *                 [--threads 8] [--seconds 20] [--pop-agents 20] [--pops 2000] */
#include "client.h"
#include "common.h"

#include <getopt.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POP_TIMEOUT_MS 5000

struct opts {
	const char *url, *db, *phones;
	long routing, pops;
	int threads, pop_agents;
	double seconds;
};

/* What every part shares: the run's tag, numbers, queues. */
struct bench {
	struct opts o;
	struct bclient admin;
	char tag[24];
	char **phones;
	size_t nphones;
	long long *queue_ids, *queue_skills;
	int nqueues;
	pthread_mutex_t mu; /* the random stream */
};

static uint64_t rnd(struct bench *b)
{
	uint64_t x;

	pthread_mutex_lock(&b->mu);
	x = bench_next();
	pthread_mutex_unlock(&b->mu);
	return x;
}

/* Half the callers are customers (when phones were given). */
static void caller(struct bench *b, char *out, size_t size)
{
	uint64_t x = rnd(b);

	if (b->nphones && x % 2)
		snprintf(out, size, "%s", b->phones[(x >> 1) % b->nphones]);
	else
		snprintf(out, size, "137%08llu", (unsigned long long)((x >> 1) % 100000000ULL));
}

/* Sends event type of call; *agent (may be NULL) gets the extension the
 * answer names, or "". Returns the HTTP status. */
static long event(struct bclient *c, const char *call, const char *type, char *agent,
		  size_t agent_size, const char *fmt, ...)
{
	char id[96];
	json_t *body, *out = NULL, *a;
	char *text;
	long status;
	va_list ap;

	snprintf(id, sizeof id, "%s-%c", call, type[0] == 'r' && type[1] == 'a' ? 'v' : type[0]);
	body = json_pack("{s:s,s:s,s:s}", "id", id, "type", type, "call", call);
	if (fmt) {
		va_start(ap, fmt);
		json_object_update_new(body, json_vpack_ex(NULL, 0, fmt, ap));
		va_end(ap);
	}
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	status = text ? bclient_call(c, "POST", "/api/v1/cti/events", text, agent ? &out : NULL) : -1;
	free(text);
	if (agent) {
		a = json_object_get(out, "agent");
		snprintf(agent, agent_size, "%s",
			 json_is_object(a) ? json_string_value(json_object_get(a, "extension")) : "");
	}
	json_decref(out);
	return status;
}

static json_t *dist(const char *name, double *ms, size_t n, long errors)
{
	bench_sort(ms, n);
	fprintf(stderr, "%-12s %6zu  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  errors %ld\n", name, n,
		bench_pct(ms, n, 0.5), bench_pct(ms, n, 0.99), n ? ms[n - 1] : 0, errors);
	return json_pack("{s:I,s:f,s:f,s:f,s:I}", "samples", (json_int_t)n, "p50_ms",
			 bench_pct(ms, n, 0.5), "p99_ms", bench_pct(ms, n, 0.99), "max_ms",
			 n ? ms[n - 1] : 0, "errors", (json_int_t)errors);
}

/* (a) Ringing events one after another. */
static json_t *routing(struct bench *b)
{
	double *ms = calloc((size_t)b->o.routing, sizeof *ms);
	size_t n = 0;
	long errors = 0;
	json_t *o;

	for (long i = 0; ms && i < b->o.routing; i++) {
		char call[64], from[40], called[16], agent[40];
		double t0;
		long st;

		snprintf(call, sizeof call, "%s-r%ld", b->tag, i);
		snprintf(called, sizeof called, "%d", 95500 + (int)(rnd(b) % (uint64_t)b->nqueues));
		caller(b, from, sizeof from);
		t0 = bench_now_ms();
		st = event(&b->admin, call, "ringing", agent, sizeof agent, "{s:s,s:s}", "caller",
			   from, "called", called);
		if (st != 200) {
			errors++;
			continue;
		}
		ms[n++] = bench_now_ms() - t0;
		errors += event(&b->admin, call, "ended", NULL, 0, "{s:s}", "cause", "abandoned") != 200;
	}
	o = dist("ringing", ms, n, errors);
	free(ms);
	return o;
}

/* (b) One connection's calls. */
struct call_rec {
	bool answered;
	int rating;
};

struct worker {
	struct bench *b;
	int index;
	double until_ms;
	struct bclient c;
	struct call_rec *calls;
	size_t ncalls, cap;
	long events, errors;
};

static bool ok(struct worker *w, long status)
{
	if (status == 200) {
		w->events++;
		return true;
	}
	w->errors++;
	return false;
}

static void *work(void *arg)
{
	struct worker *w = arg;

	while (bench_now_ms() < w->until_ms) {
		char call[64], from[40], called[16], agent[40];
		struct call_rec r = {.rating = 1 + (int)(rnd(w->b) % 5)};

		if (w->ncalls == w->cap) {
			size_t cap = w->cap ? w->cap * 2 : 4096;
			struct call_rec *p = realloc(w->calls, cap * sizeof *p);
			if (!p)
				break;
			w->calls = p;
			w->cap = cap;
		}
		snprintf(call, sizeof call, "%s-t%d-%zu", w->b->tag, w->index, w->ncalls);
		snprintf(called, sizeof called, "%d",
			 95500 + (int)(rnd(w->b) % (uint64_t)w->b->nqueues));
		caller(w->b, from, sizeof from);
		if (!ok(w, event(&w->c, call, "ringing", agent, sizeof agent, "{s:s,s:s}", "caller",
				 from, "called", called)))
			continue;
		w->calls[w->ncalls++] = r;
		if (agent[0]) {
			if (!ok(w, event(&w->c, call, "answered", NULL, 0, "{s:s}", "agent", agent)))
				continue;
			w->calls[w->ncalls - 1].answered = true;
		}
		if (ok(w, event(&w->c, call, "ended", NULL, 0, "{s:s}", "cause", "hangup")))
			ok(w, event(&w->c, call, "rating", NULL, 0, "{s:i}", "rating", r.rating));
	}
	return NULL;
}

struct check {
	long rows, right, wrong, missing, stored_events;
};

/* Reads the calls and events of this run back from the database. */
static int verify(struct bench *b, struct worker *w, int nw, struct check *k)
{
	char lo[48], hi[48];
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	long expected = 0;
	int rc;

	memset(k, 0, sizeof *k);
	snprintf(lo, sizeof lo, "%s-t", b->tag);
	snprintf(hi, sizeof hi, "%s-u", b->tag);
	if (sqlite3_open_v2(b->o.db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_prepare_v2(db, "SELECT ext_id, state, disposition, ifnull(rating, 0)"
			       " FROM cc_calls WHERE ext_id >= ? AND ext_id < ?", -1, &st,
			       NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ext = (const char *)sqlite3_column_text(st, 0) + strlen(lo);
		const char *state = (const char *)sqlite3_column_text(st, 1);
		const char *disp = (const char *)sqlite3_column_text(st, 2);
		int rating = sqlite3_column_int(st, 3), t;
		size_t i;
		char *end;

		k->rows++;
		t = (int)strtol(ext, &end, 10);
		i = *end == '-' ? strtoull(end + 1, NULL, 10) : (size_t)-1;
		if (t < 0 || t >= nw || i >= w[t].ncalls || strcmp(state, "ended") ||
		    strcmp(disp, w[t].calls[i].answered ? "answered" : "abandoned") ||
		    rating != w[t].calls[i].rating)
			k->wrong++;
		else
			k->right++;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM cc_cti_events WHERE event_id >= ?"
			       " AND event_id < ?", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	k->stored_events = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	for (int t = 0; t < nw; t++)
		expected += (long)w[t].ncalls;
	k->missing = expected - k->right - k->wrong;
	return 0;
fail:
	fprintf(stderr, "cannot read %s: %s\n", b->o.db, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return -1;
}

/* (b) Whole calls from several connections at once. */
static json_t *throughput(struct bench *b)
{
	struct worker *w = calloc((size_t)b->o.threads, sizeof *w);
	pthread_t *th = calloc((size_t)b->o.threads, sizeof *th);
	long events = 0, errors = 0, calls = 0, answered = 0;
	double t0, secs;
	struct check k;
	json_t *o = NULL;

	if (!w || !th)
		goto out;
	t0 = bench_now_ms();
	for (int i = 0; i < b->o.threads; i++) {
		w[i] = (struct worker){.b = b, .index = i, .until_ms = t0 + b->o.seconds * 1e3};
		bclient_open(&w[i].c, b->o.url);
		memcpy(w[i].c.cookie, b->admin.cookie, sizeof w[i].c.cookie);
		memcpy(w[i].c.csrf, b->admin.csrf, sizeof w[i].c.csrf);
		pthread_create(&th[i], NULL, work, &w[i]);
	}
	for (int i = 0; i < b->o.threads; i++) {
		pthread_join(th[i], NULL);
		events += w[i].events;
		errors += w[i].errors;
		calls += (long)w[i].ncalls;
		for (size_t j = 0; j < w[i].ncalls; j++)
			answered += w[i].calls[j].answered;
	}
	secs = (bench_now_ms() - t0) / 1e3;
	if (verify(b, w, b->o.threads, &k) != 0)
		goto out;
	fprintf(stderr, "throughput   %d connections, %.1f s: %ld events (%.0f/s), %ld calls "
			"(%ld answered), errors %ld\n"
			"             stored: %ld calls right, %ld wrong, %ld missing; %ld events "
			"stored for %ld sent\n",
		b->o.threads, secs, events, (double)events / secs, calls, answered, errors, k.right,
		k.wrong, k.missing, k.stored_events, events);
	o = json_pack("{s:i,s:f,s:I,s:f,s:I,s:I,s:I,s:{s:I,s:I,s:I,s:I}}", "connections",
		b->o.threads, "seconds", secs, "events", (json_int_t)events, "events_per_s",
		(double)events / secs, "calls", (json_int_t)calls, "answered", (json_int_t)answered,
		"errors", (json_int_t)errors, "stored", "calls_right", (json_int_t)k.right,
		"calls_wrong", (json_int_t)k.wrong, "calls_missing", (json_int_t)k.missing,
		"events", (json_int_t)k.stored_events);
	json_object_set_new(o, "lossless", json_boolean(!errors && !k.wrong && !k.missing &&
							 k.stored_events == events));
out:
	for (int i = 0; w && i < b->o.threads; i++) {
		bclient_close(&w[i].c);
		free(w[i].calls);
	}
	free(w);
	free(th);
	return o;
}

/* (c) The agents' streams and when each call reached its agent. */
struct pop {
	struct bench *b;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	double *arrived; /* per call, 0 until its "assigned" frame came */
	long ncalls;
	atomic_bool stop;
	struct bsse *streams;
	int nstreams;
};

static void pop_frame(void *arg, const char *event, const char *data)
{
	struct pop *p = arg;
	double now = bench_now_ms();
	char prefix[48];
	json_t *o;
	const char *kind, *ext;

	if (strcmp(event, "call") || !(o = json_loads(data, 0, NULL)))
		return;
	kind = json_string_value(json_object_get(o, "kind"));
	ext = json_string_value(json_object_get(json_object_get(o, "call"), "ext_id"));
	snprintf(prefix, sizeof prefix, "%s-p", p->b->tag);
	if (kind && ext && !strcmp(kind, "assigned") && !strncmp(ext, prefix, strlen(prefix))) {
		long i = strtol(ext + strlen(prefix), NULL, 10);
		pthread_mutex_lock(&p->mu);
		if (i >= 0 && i < p->ncalls && !p->arrived[i])
			p->arrived[i] = now;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	json_decref(o);
}

static void *pop_reader(void *arg)
{
	struct pop *p = arg;

	bsse_run(p->streams, p->nstreams, &p->stop);
	return NULL;
}

/* Every agent but the first m (by user name) not ready, those ready;
 * back to all ready when restore. The queues the m agents can take go
 * into q (as many as there are queues), their count into *nq. */
static int arrange_agents(struct bench *b, int m, bool restore, long long *q, int *nq)
{
	json_t *out = NULL, *a;
	size_t i;
	int rc = 0;

	if (bclient_call(&b->admin, "GET", "/api/v1/cc/agents", NULL, &out) != 200)
		rc = -1;
	if (nq)
		*nq = 0;
	json_array_foreach(json_object_get(out, "items"), i, a) {
		const char *name = json_string_value(json_object_get(a, "username"));
		long num = name && !strncmp(name, "ccagent", 7) ? strtol(name + 7, NULL, 10) : 0;
		bool mine = num >= 1 && num <= m;
		const char *want = restore || mine ? "ready" : "not_ready";
		char path[96];
		json_t *s;
		size_t k;

		if (!strcmp(json_string_value(json_object_get(a, "state")), want))
			goto skills;
		snprintf(path, sizeof path, "/api/v1/cc/agents/%lld/state",
			 (long long)json_integer_value(json_object_get(a, "user_id")));
		if (bclient_pack(&b->admin, "POST", path, NULL, "{s:s,s:s}", "state", want, "reason",
				 "基准测试") != 200)
			rc = -1;
skills:
		if (!mine || !nq)
			continue;
		json_array_foreach(json_object_get(a, "skills"), k, s) {
			long long skill = json_integer_value(json_object_get(s, "skill_id"));
			for (int j = 0; j < b->nqueues; j++) {
				bool have = false;
				for (int h = 0; h < *nq; h++)
					have |= q[h] == b->queue_ids[j];
				if (b->queue_skills[j] == skill && !have)
					q[(*nq)++] = b->queue_ids[j];
			}
		}
	}
	json_decref(out);
	return rc;
}

static json_t *screen_pop(struct bench *b)
{
	struct pop p = {.b = b, .ncalls = b->o.pops, .nstreams = b->o.pop_agents};
	long long *queues = calloc((size_t)b->nqueues, sizeof *queues);
	double *ms = calloc((size_t)b->o.pops, sizeof *ms);
	struct bclient *agents = calloc((size_t)p.nstreams, sizeof *agents);
	pthread_t reader;
	size_t n = 0;
	long errors = 0;
	int nq = 0;
	json_t *o = NULL;

	p.arrived = calloc((size_t)p.ncalls, sizeof *p.arrived);
	p.streams = calloc((size_t)p.nstreams, sizeof *p.streams);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	if (!queues || !ms || !agents || !p.arrived || !p.streams ||
	    arrange_agents(b, p.nstreams, false, queues, &nq) != 0 || !nq)
		goto out;
	for (int i = 0; i < p.nstreams; i++) {
		char user[32], url[512];
		snprintf(user, sizeof user, "ccagent%03d", i + 1);
		snprintf(url, sizeof url, "%s/api/v1/cc/me/events", b->o.url);
		if (bclient_open(&agents[i], b->o.url) != 0 ||
		    bclient_sign_in(&agents[i], user, "Bench@12345") != 0 ||
		    bsse_init(&p.streams[i], url, agents[i].cookie, pop_frame, &p) != 0)
			goto out;
	}
	if (pthread_create(&reader, NULL, pop_reader, &p) != 0)
		goto out;
	/* A call assigned before its agent's stream is open would not pop. */
	for (int i = 0, tries = 0; i < p.nstreams && tries < 1000; tries++)
		if (atomic_load(&p.streams[i].opened))
			i++;
		else
			nanosleep(&(struct timespec){0, 10000000L}, NULL);
	for (long i = 0; i < p.ncalls; i++) {
		char call[64], from[40], agent[40];
		double t0 = bench_now_ms();
		struct timespec until;

		snprintf(call, sizeof call, "%s-p%ld", b->tag, i);
		caller(b, from, sizeof from);
		if (event(&b->admin, call, "ringing", agent, sizeof agent, "{s:s,s:I}", "caller", from,
			  "queue", (json_int_t)queues[rnd(b) % (uint64_t)nq]) != 200 || !agent[0]) {
			errors++;
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += POP_TIMEOUT_MS / 1000;
		pthread_mutex_lock(&p.mu);
		while (!p.arrived[i] && pthread_cond_timedwait(&p.cv, &p.mu, &until) == 0)
			;
		if (p.arrived[i])
			ms[n++] = p.arrived[i] - t0;
		else
			errors++;
		pthread_mutex_unlock(&p.mu);
		errors += event(&b->admin, call, "ended", NULL, 0, "{s:s}", "cause", "abandoned") != 200;
	}
	atomic_store(&p.stop, true);
	pthread_join(reader, NULL);
	o = dist("screen pop", ms, n, errors);
	json_object_set_new(o, "agents", json_integer(p.nstreams));
out:
	if (!o)
		fprintf(stderr, "screen pop: cannot prepare the agents and their streams\n");
	if (arrange_agents(b, p.nstreams, true, NULL, NULL) != 0)
		fprintf(stderr, "screen pop: cannot make every agent ready again\n");
	for (int i = 0; p.streams && i < p.nstreams; i++)
		bsse_free(&p.streams[i]);
	for (int i = 0; agents && i < p.nstreams; i++)
		bclient_close(&agents[i]);
	free(agents);
	free(p.streams);
	free(p.arrived);
	free(queues);
	free(ms);
	return o;
}

/* The queues and the skill each asks for. */
static int load_queues(struct bench *b)
{
	json_t *out = NULL, *q;
	size_t i, n;

	if (bclient_call(&b->admin, "GET", "/api/v1/cc/queues", NULL, &out) != 200 ||
	    !(n = json_array_size(json_object_get(out, "items")))) {
		json_decref(out);
		fprintf(stderr, "no queues: run bench_cc_gen on the database first\n");
		return -1;
	}
	b->queue_ids = calloc(n, sizeof *b->queue_ids);
	b->queue_skills = calloc(n, sizeof *b->queue_skills);
	json_array_foreach(json_object_get(out, "items"), i, q) {
		if (!b->queue_ids || !b->queue_skills)
			break;
		b->queue_ids[i] = json_integer_value(json_object_get(q, "id"));
		b->queue_skills[i] = json_integer_value(json_object_get(q, "skill_id"));
		b->nqueues++;
	}
	json_decref(out);
	return b->nqueues == (int)n ? 0 : -1;
}

static int load_phones(struct bench *b)
{
	char line[64];
	size_t cap = 0;
	FILE *f;

	if (!b->o.phones)
		return 0;
	if (!(f = fopen(b->o.phones, "r"))) {
		perror(b->o.phones);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		if (b->nphones == cap) {
			char **p = realloc(b->phones, (cap = cap ? cap * 2 : 1024) * sizeof *p);
			if (!p)
				break;
			b->phones = p;
		}
		if (!(b->phones[b->nphones] = strdup(line)))
			break;
		b->nphones++;
	}
	fclose(f);
	return 0;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{"url", required_argument, NULL, 'u'},       {"db", required_argument, NULL, 'd'},
		{"phones", required_argument, NULL, 'p'},    {"routing", required_argument, NULL, 'r'},
		{"threads", required_argument, NULL, 't'},   {"seconds", required_argument, NULL, 's'},
		{"pop-agents", required_argument, NULL, 'm'}, {"pops", required_argument, NULL, 'n'},
		{0},
	};
	int ch;

	*o = (struct opts){.routing = 2000, .threads = 8, .seconds = 20, .pop_agents = 20,
			   .pops = 2000};
	while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (ch) {
		case 'u': o->url = optarg; break;
		case 'd': o->db = optarg; break;
		case 'p': o->phones = optarg; break;
		case 'r': o->routing = strtol(optarg, NULL, 10); break;
		case 't': o->threads = (int)strtol(optarg, NULL, 10); break;
		case 's': o->seconds = strtod(optarg, NULL); break;
		case 'm': o->pop_agents = (int)strtol(optarg, NULL, 10); break;
		case 'n': o->pops = strtol(optarg, NULL, 10); break;
		default: return -1;
		}
	}
	return o->url && o->db && o->routing > 0 && o->threads > 0 && o->threads <= 256 &&
			       o->seconds > 0 && o->pop_agents > 0 && o->pop_agents <= 999 &&
			       o->pops > 0
		       ? 0
		       : -1;
}

int main(int argc, char **argv)
{
	static struct bench b;
	json_t *out, *part;
	int rc = 1;

	if (parse(argc, argv, &b.o) != 0) {
		fprintf(stderr, "usage: bench_cti --url BASE --db PATH [--phones FILE] [--routing N]\n"
				"       [--threads N] [--seconds S] [--pop-agents M] [--pops N]\n");
		return 2;
	}
	pthread_mutex_init(&b.mu, NULL);
	bench_seed(0x2545F4914F6CDD1DULL ^ (uint64_t)time(NULL));
	snprintf(b.tag, sizeof b.tag, "cti%lld", (long long)time(NULL));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	out = json_pack("{s:s}", "tag", b.tag);
	if (bclient_open(&b.admin, b.o.url) != 0 ||
	    bclient_sign_in(&b.admin, "bench", "Bench@12345") != 0 || load_queues(&b) != 0 ||
	    load_phones(&b) != 0)
		goto done;
	fprintf(stderr, "%d queues, %zu customers' numbers; calls %s-*\n", b.nqueues, b.nphones,
		b.tag);
	json_object_set_new(out, "routing", routing(&b));
	if (!(part = throughput(&b)))
		goto done;
	rc = json_is_true(json_object_get(part, "lossless")) ? 0 : 1;
	json_object_set_new(out, "throughput", part);
	if (!(part = screen_pop(&b))) {
		rc = 1;
		goto done;
	}
	rc |= json_integer_value(json_object_get(part, "errors")) != 0;
	json_object_set_new(out, "screen_pop", part);
	json_dumpf(out, stdout, JSON_COMPACT);
	putchar('\n');
done:
	json_decref(out);
	bclient_close(&b.admin);
	for (size_t i = 0; i < b.nphones; i++)
		free(b.phones[i]);
	free(b.phones);
	free(b.queue_ids);
	free(b.queue_skills);
	curl_global_cleanup();
	return rc;
}
