/* bench/callsim - plays a telephone system against a running server and
 * checks the contact centre's routing against queueing theory (Erlang C).
 *
 *   bench_callsim --url BASE [--user bench --password Bench@12345]
 *                 [--agents 10 --aht 2 --rate 4 --duration 60 --seed 1]
 *                 [--warmup S] [--sl-seconds 20 --real-aht 180] [--out FILE]
 *
 * Set-up (as the signed-in admin): a skill and a queue of its own (no
 * wrap-up), N users made agents with that skill, each set ready. Then
 * calls arrive as a Poisson process at --rate per second; each ringing
 * event's answer names the agent it rings at, or none (the call waits);
 * waiting calls' agents come from the telephone system's stream
 * (GET /api/v1/cti/stream, "assigned"). The simulated agent answers at
 * once, talks for an exponential time of mean --aht seconds, and hangs
 * up. Callers never abandon, as Erlang C assumes.
 *
 * Time is scaled: --aht 2 plays a 180 s call (--real-aht) in 2 s, so the
 * service-level target of 20 s (--sl-seconds) becomes 20/180*2 s. The
 * wait of a call is answered - ringing, as the telephone system saw it.
 * Calls offered in the first --warmup seconds (default 10 AHT: the queue
 * starts empty) are played but not counted.
 *
 * Afterwards every call is looked up in the server's call records
 * (GET /api/v1/cc/calls?queue_id=): each must be there, ended, answered.
 * Figures go to stderr and JSON to --out (bench/results/callsim.json). */
#include "client.h"
#include "common.h"
#include "analytics/erlang.h"
#include "lib/clock.h"

#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct opts {
	const char *url, *user, *password, *out;
	int agents;
	double aht, rate, duration, warmup, sl_seconds, real_aht;
	uint64_t seed;
};

enum call_state { C_NEW, C_WAITING, C_TALKING, C_ENDED };

struct call {
	enum call_state state;
	double ring_ms, answer_ms, end_ms; /* monotonic, client side */
	double handle_ms;                  /* planned talk time */
	bool counted;                      /* offered after the warm-up */
	bool queued;                       /* the ringing answer named no agent */
	bool seen;                         /* found in the server's records */
};

struct sim {
	struct opts o;
	struct bclient http;
	char tag[24];      /* this run's prefix of call ids, users, extensions */
	long long queue_id;
	long long *agent_ids;
	struct call *calls;
	size_t ncalls, cap;
	/* End-of-talk times: a binary min-heap of call indexes by end_ms. */
	size_t *heap, nheap;
	/* Assignments from the stream, for the main thread. */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t *assigned, nassigned, acap;
	atomic_bool stop;
	struct bsse sse;
	long errors;
};

/* Scrambles a small seed: xorshift started from 1 gives tiny numbers for
 * its first draws, which would bend the first arrivals. */
static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x ? x : 1;
}

/* Uniform in (0, 1) from the benchmark's random stream. */
static double uniform(void)
{
	return ((double)(bench_next() >> 11) + 0.5) / 9007199254740992.0;
}

static double exponential(double mean)
{
	return -mean * log(uniform());
}

struct erlang {
	double p_wait, sl, asa_s;
};

/* Service level (share answered within target_s) and average speed of
 * answer for n agents, arrival rate per second and mean handle time, by
 * the server's own Erlang C (the staffing page's). */
static struct erlang erlang(int n, double rate, double aht, double target_s)
{
	struct erlang_figures f;

	erlang_figures(n, erlang_traffic(rate, 1, aht), aht, target_s, &f);
	return (struct erlang){f.wait_probability, f.service_level, f.asa};
}

static void fail_answer(struct sim *s, const char *what, long status, json_t *answer)
{
	char *text = answer ? json_dumps(answer, JSON_COMPACT) : NULL;

	if (s->errors++ < 10)
		fprintf(stderr, "%s: HTTP %ld %s\n", what, status, text ? text : "");
	free(text);
}

/* POST /api/v1/cti/events of type for call i; *out is the answer. */
static long cti_event(struct sim *s, size_t i, const char *type, json_t **out, const char *fmt,
		      ...)
{
	char call[64], id[80];
	json_t *body;
	char *text;
	long status;
	va_list ap;

	snprintf(call, sizeof call, "%s-%zu", s->tag, i);
	snprintf(id, sizeof id, "%s-%c", call, type[0]);
	body = json_pack("{s:s,s:s,s:s}", "id", id, "type", type, "call", call);
	if (fmt) {
		va_start(ap, fmt);
		json_object_update_new(body, json_vpack_ex(NULL, 0, fmt, ap));
		va_end(ap);
	}
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	status = text ? bclient_call(&s->http, "POST", "/api/v1/cti/events", text, out) : -1;
	free(text);
	if (status != 200)
		fail_answer(s, type, status, out ? *out : NULL);
	return status;
}

static void heap_push(struct sim *s, size_t i)
{
	size_t k = s->nheap++;

	while (k && s->calls[s->heap[(k - 1) / 2]].end_ms > s->calls[i].end_ms) {
		s->heap[k] = s->heap[(k - 1) / 2];
		k = (k - 1) / 2;
	}
	s->heap[k] = i;
}

static size_t heap_pop(struct sim *s)
{
	size_t top = s->heap[0], last = s->heap[--s->nheap], k = 0;

	for (;;) {
		size_t c = 2 * k + 1;
		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && s->calls[s->heap[c + 1]].end_ms < s->calls[s->heap[c]].end_ms)
			c++;
		if (s->calls[s->heap[c]].end_ms >= s->calls[last].end_ms)
			break;
		s->heap[k] = s->heap[c];
		k = c;
	}
	if (s->nheap)
		s->heap[k] = last;
	return top;
}

/* The agent picks up call i at once and talks for its handle time. */
static void answer(struct sim *s, size_t i, const char *extension)
{
	struct call *c = &s->calls[i];

	c->answer_ms = bench_now_ms();
	if (cti_event(s, i, "answered", NULL, "{s:s}", "agent", extension) != 200)
		return;
	c->state = C_TALKING;
	c->end_ms = c->answer_ms + c->handle_ms;
	heap_push(s, i);
}

static void ring(struct sim *s, bool counted)
{
	size_t i = s->ncalls;
	struct call *c;
	json_t *out = NULL, *agent;
	char caller[16];

	if (s->ncalls == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		struct call *p = realloc(s->calls, cap * sizeof *p);
		size_t *h = p ? realloc(s->heap, cap * sizeof *h) : NULL;

		if (p)
			s->calls = p;
		if (!h) {
			s->errors++;
			return;
		}
		s->heap = h;
		s->cap = cap;
	}
	c = &s->calls[s->ncalls++];
	*c = (struct call){.state = C_WAITING, .counted = counted,
			   .handle_ms = exponential(s->o.aht * 1e3)};
	snprintf(caller, sizeof caller, "139%08llu",
		 (unsigned long long)(bench_next() % 100000000ULL));
	c->ring_ms = bench_now_ms();
	/* The stream may name the call before its answer is read: take_assigned
	 * then finds it talking already, or waiting for that agent. */
	if (cti_event(s, i, "ringing", &out, "{s:s,s:I}", "caller", caller, "queue",
		      (json_int_t)s->queue_id) != 200) {
		c->state = C_ENDED;
		json_decref(out);
		return;
	}
	agent = json_object_get(out, "agent");
	c->queued = !json_is_object(agent);
	if (!c->queued)
		answer(s, i, json_string_value(json_object_get(agent, "extension")));
	json_decref(out);
}

static void hang_up(struct sim *s, size_t i)
{
	if (cti_event(s, i, "ended", NULL, "{s:s}", "cause", "hangup") == 200)
		s->calls[i].state = C_ENDED;
}

/* The stream's "assigned" frames for this run's calls, queued for the
 * main thread with the agent's extension kept in the call's slot. */
struct assigned_frame {
	size_t call;
	char extension[40];
};

static struct assigned_frame *frames;
static size_t nframes_cap;

static void on_frame(void *arg, const char *event, const char *data)
{
	struct sim *s = arg;
	json_t *o;
	const char *call, *ext;
	size_t tag_len = strlen(s->tag);

	if (strcmp(event, "assigned") || !(o = json_loads(data, 0, NULL)))
		return;
	call = json_string_value(json_object_get(o, "call"));
	ext = json_string_value(json_object_get(o, "agent"));
	if (call && ext && !strncmp(call, s->tag, tag_len) && call[tag_len] == '-') {
		pthread_mutex_lock(&s->mu);
		if (s->nassigned == nframes_cap) {
			size_t cap = nframes_cap ? nframes_cap * 2 : 1024;
			struct assigned_frame *p = realloc(frames, cap * sizeof *p);
			if (p) {
				frames = p;
				nframes_cap = cap;
			}
		}
		if (s->nassigned < nframes_cap) {
			frames[s->nassigned].call = strtoull(call + tag_len + 1, NULL, 10);
			snprintf(frames[s->nassigned].extension, sizeof frames->extension, "%s", ext);
			s->nassigned++;
		}
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	json_decref(o);
}

/* Reads the stream until stopped, resuming after the last frame seen
 * should the connection drop. */
static void *stream_thread(void *arg)
{
	struct sim *s = arg;
	char url[512], last[24] = "";

	while (!atomic_load(&s->stop)) {
		bsse_run(&s->sse, 1, &s->stop);
		if (atomic_load(&s->stop))
			break;
		snprintf(last, sizeof last, "%s", s->sse.last_id);
		bsse_free(&s->sse);
		snprintf(url, sizeof url, "%s/api/v1/cti/stream%s%s", s->o.url,
			 last[0] ? "?after=" : "", last);
		if (bsse_init(&s->sse, url, s->http.cookie, on_frame, s) != 0)
			break;
	}
	return NULL;
}

/* Answers the calls the stream assigned. The mutex is held on entry. */
static void take_assigned(struct sim *s)
{
	while (s->nassigned) {
		struct assigned_frame f = frames[0];

		memmove(frames, frames + 1, --s->nassigned * sizeof *frames);
		if (f.call >= s->ncalls || s->calls[f.call].state != C_WAITING)
			continue; /* answered already from the ringing event's answer */
		pthread_mutex_unlock(&s->mu);
		answer(s, f.call, f.extension);
		pthread_mutex_lock(&s->mu);
	}
}

static size_t live_calls(const struct sim *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->ncalls; i++)
		n += s->calls[i].state == C_WAITING || s->calls[i].state == C_TALKING;
	return n;
}

static void wait_until(struct sim *s, double ms)
{
	double now = bench_now_ms();
	struct timespec t;

	if (ms <= now)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	ms -= now;
	t.tv_sec += (time_t)(ms / 1e3);
	t.tv_nsec += (long)(fmod(ms, 1e3) * 1e6);
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	if (!s->nassigned)
		pthread_cond_timedwait(&s->cv, &s->mu, &t);
}

/* The main loop: arrivals until the duration is over, then until every
 * call has ended (or a drain time has passed). */
static void play(struct sim *s)
{
	double t0 = bench_now_ms(), close_ms = t0 + s->o.duration * 1e3;
	double warm_ms = t0 + s->o.warmup * 1e3;
	double drain_ms = close_ms + fmax(60, 30 * s->o.aht) * 1e3;
	double next = t0 + exponential(1e3 / s->o.rate), last_report = t0;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		double now = bench_now_ms(), due = drain_ms;

		take_assigned(s);
		if (s->nheap && s->calls[s->heap[0]].end_ms <= now) {
			size_t i = heap_pop(s);
			pthread_mutex_unlock(&s->mu);
			hang_up(s, i);
			pthread_mutex_lock(&s->mu);
			continue;
		}
		if (next < close_ms && next <= now) {
			pthread_mutex_unlock(&s->mu);
			ring(s, next >= warm_ms);
			pthread_mutex_lock(&s->mu);
			next += exponential(1e3 / s->o.rate);
			continue;
		}
		if (now >= close_ms && (now >= drain_ms || !live_calls(s)))
			break;
		if (now - last_report >= 10e3) {
			fprintf(stderr, "%.0f s: %zu calls, %zu live\n", (now - t0) / 1e3, s->ncalls,
				live_calls(s));
			last_report = now;
		}
		if (next < close_ms)
			due = next;
		if (s->nheap && s->calls[s->heap[0]].end_ms < due)
			due = s->calls[s->heap[0]].end_ms;
		wait_until(s, fmin(due, now + 1000));
	}
	pthread_mutex_unlock(&s->mu);
}

static long long id_of(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* A skill and queue of this run's own and the agents, all ready. */
static int set_up(struct sim *s)
{
	char name[64], path[128], user[64], ext[24];
	json_t *out = NULL;
	long long skill;
	long st;

	snprintf(name, sizeof name, "仿真技能%s", s->tag);
	if ((st = bclient_pack(&s->http, "POST", "/api/v1/cc/skills", &out, "{s:s}", "name",
			       name)) != 201)
		goto fail;
	skill = id_of(out, "id");
	json_decref(out);
	snprintf(name, sizeof name, "仿真队列%s", s->tag);
	if ((st = bclient_pack(&s->http, "POST", "/api/v1/cc/queues", &out, "{s:s,s:I,s:i}",
			       "name", name, "skill_id", (json_int_t)skill, "wrap_up_s", 0)) != 201)
		goto fail;
	s->queue_id = id_of(out, "id");
	json_decref(out);
	if (!(s->agent_ids = calloc((size_t)s->o.agents, sizeof *s->agent_ids)))
		return -1;
	for (int i = 0; i < s->o.agents; i++) {
		snprintf(user, sizeof user, "%s_%d", s->tag, i);
		snprintf(ext, sizeof ext, "%s%03d", s->tag + strlen(s->tag) - 6, i);
		if ((st = bclient_pack(&s->http, "POST", "/api/v1/users", &out,
				       "{s:s,s:s,s:s,s:[s]}", "username", user, "display_name", user,
				       "password", "Passw0rd!", "roles", "agent")) != 201)
			goto fail;
		s->agent_ids[i] = id_of(out, "id");
		json_decref(out);
		if ((st = bclient_pack(&s->http, "POST", "/api/v1/cc/agents", &out,
				       "{s:I,s:s,s:[{s:I,s:i}]}", "user_id",
				       (json_int_t)s->agent_ids[i], "extension", ext, "skills",
				       "skill_id", (json_int_t)skill, "level", 1)) != 201)
			goto fail;
		json_decref(out);
		snprintf(path, sizeof path, "/api/v1/cc/agents/%lld/state", s->agent_ids[i]);
		if ((st = bclient_pack(&s->http, "POST", path, &out, "{s:s}", "state", "ready")) != 200)
			goto fail;
		json_decref(out);
	}
	return 0;
fail:
	fail_answer(s, "set-up", st, out);
	json_decref(out);
	return -1;
}

/* Signs the agents out, so that they take no more calls. */
static void sign_out_agents(struct sim *s)
{
	char path[128];

	for (int i = 0; s->agent_ids && i < s->o.agents; i++) {
		snprintf(path, sizeof path, "/api/v1/cc/agents/%lld/state", s->agent_ids[i]);
		bclient_pack(&s->http, "POST", path, NULL, "{s:s}", "state", "signed_out");
	}
}

struct server_view {
	long records, missing, wrong, foreign;
	long counted, within;
	double wait_sum_s;
};

/* The server's records of the queue's calls, page by page: each must be
 * one of ours, ended and answered; the server's own waits (answered_at -
 * offered_at) give its service level. */
static int check_server(struct sim *s, double target_s, struct server_view *v)
{
	char path[160], after[32] = "";
	size_t tag_len = strlen(s->tag);

	memset(v, 0, sizeof *v);
	do {
		json_t *out = NULL, *item;
		size_t k;

		snprintf(path, sizeof path, "/api/v1/cc/calls?queue_id=%lld&limit=500%s%s",
			 s->queue_id, after[0] ? "&after=" : "", after);
		if (bclient_call(&s->http, "GET", path, NULL, &out) != 200) {
			fail_answer(s, "call records", 0, out);
			json_decref(out);
			return -1;
		}
		json_array_foreach(json_object_get(out, "items"), k, item) {
			const char *ext = json_string_value(json_object_get(item, "ext_id"));
			const char *offered = json_string_value(json_object_get(item, "offered_at"));
			const char *answered = json_string_value(json_object_get(item, "answered_at"));
			int64_t t1, t2;
			size_t i;

			v->records++;
			if (!ext || strncmp(ext, s->tag, tag_len) || ext[tag_len] != '-' ||
			    (i = strtoull(ext + tag_len + 1, NULL, 10)) >= s->ncalls) {
				v->foreign++;
				continue;
			}
			s->calls[i].seen = true;
			if (strcmp(json_string_value(json_object_get(item, "state")), "ended") ||
			    strcmp(json_string_value(json_object_get(item, "disposition")), "answered") ||
			    !offered || !answered || clock_parse_rfc3339(offered, &t1) ||
			    clock_parse_rfc3339(answered, &t2)) {
				v->wrong++;
				continue;
			}
			if (s->calls[i].counted) {
				v->counted++;
				v->within += (double)(t2 - t1) / 1e3 <= target_s;
				v->wait_sum_s += (double)(t2 - t1) / 1e3;
			}
		}
		item = json_object_get(out, "next");
		snprintf(after, sizeof after, "%s", json_is_string(item) ? json_string_value(item) : "");
		json_decref(out);
	} while (after[0]);
	for (size_t i = 0; i < s->ncalls; i++)
		v->missing += !s->calls[i].seen;
	return 0;
}

static json_t *erlang_json(struct erlang e)
{
	return json_pack("{s:f,s:f,s:f}", "p_wait", e.p_wait, "sl", e.sl, "asa_s", e.asa_s);
}

static int report(struct sim *s, const struct server_view *v, double target_s, double elapsed_s)
{
	long counted = 0, within = 0, waited = 0;
	double wait_sum = 0, handle_sum = 0, first = -1, last = 0;
	struct erlang nominal, realised;
	double sl, asa, rate, aht;
	char date[32];
	time_t now = time(NULL);
	struct tm tm;
	json_t *o;

	for (size_t i = 0; i < s->ncalls; i++) {
		const struct call *c = &s->calls[i];
		double w = (c->answer_ms - c->ring_ms) / 1e3;
		if (!c->counted || c->state != C_ENDED || !c->answer_ms)
			continue;
		counted++;
		within += w <= target_s;
		waited += c->queued;
		wait_sum += w;
		handle_sum += c->handle_ms / 1e3;
		if (first < 0)
			first = c->ring_ms;
		last = c->ring_ms;
	}
	if (counted < 2) {
		fprintf(stderr, "too few calls after the warm-up (%ld): run longer\n", counted);
		return -1;
	}
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	sl = (double)within / (double)counted;
	asa = wait_sum / (double)counted;
	rate = (double)(counted - 1) / ((last - first) / 1e3);
	aht = handle_sum / (double)counted;
	nominal = erlang(s->o.agents, s->o.rate, s->o.aht, target_s);
	realised = erlang(s->o.agents, rate, aht, target_s);
	fprintf(stderr,
		"%zu calls (%ld counted after the warm-up), %d agents, offered %.2f erlangs "
		"(occupancy %.0f%%)\n"
		"service level (wait <= %.3f s): measured %.1f%%, Erlang C %.1f%% "
		"(with the realised rate and AHT %.1f%%): %+.1f points\n"
		"ASA: measured %.3f s, Erlang C %.3f s (realised %.3f s); calls queued "
		"%.1f%%, Erlang C %.1f%%\n"
		"server: %ld records, %ld missing, %ld not ended-answered, %ld foreign; "
		"its own service level %.1f%%, ASA %.3f s; errors %ld\n",
		s->ncalls, counted, s->o.agents, rate * aht, 100 * rate * aht / s->o.agents,
		target_s, 100 * sl, 100 * nominal.sl, 100 * realised.sl, 100 * (sl - realised.sl),
		asa, nominal.asa_s, realised.asa_s, 100.0 * (double)waited / (double)counted,
		100 * realised.p_wait, v->records, v->missing, v->wrong, v->foreign,
		v->counted ? 100.0 * (double)v->within / (double)v->counted : 0,
		v->counted ? v->wait_sum_s / (double)v->counted : 0, s->errors);
	o = json_pack("{s:s,s:s,s:{s:i,s:f,s:f,s:f,s:f,s:f,s:f,s:I},s:f,s:I,s:I,s:f,s:f,s:{s:f,s:f,s:f}}",
		"bench", "callsim", "date", date,
		"params", "agents", s->o.agents, "aht_s", s->o.aht, "rate_per_s", s->o.rate,
		"duration_s", s->o.duration, "warmup_s", s->o.warmup, "sl_seconds", s->o.sl_seconds,
		"real_aht_s", s->o.real_aht, "seed", (json_int_t)s->o.seed,
		"elapsed_s", elapsed_s, "calls", (json_int_t)s->ncalls, "counted", (json_int_t)counted,
		"realised_rate_per_s", rate, "realised_aht_s", aht,
		"measured", "sl", sl, "asa_s", asa, "waited", (double)waited / (double)counted);
	json_object_set_new(o, "target_s", json_real(target_s));
	json_object_set_new(o, "erlang_c", json_pack("{s:o,s:o}", "nominal", erlang_json(nominal),
						     "realised", erlang_json(realised)));
	json_object_set_new(o, "sl_diff_points", json_real(100 * (sl - realised.sl)));
	json_object_set_new(o, "server", json_pack("{s:I,s:I,s:I,s:I,s:f,s:f}",
		"records", (json_int_t)v->records, "missing", (json_int_t)v->missing,
		"wrong", (json_int_t)v->wrong, "foreign", (json_int_t)v->foreign,
		"sl", v->counted ? (double)v->within / (double)v->counted : 0,
		"asa_s", v->counted ? v->wait_sum_s / (double)v->counted : 0));
	json_object_set_new(o, "errors", json_integer(s->errors));
	if (json_dump_file(o, s->o.out, JSON_INDENT(2)) != 0)
		fprintf(stderr, "cannot write %s\n", s->o.out);
	else
		fprintf(stderr, "written: %s\n", s->o.out);
	json_decref(o);
	return 0;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{"url", required_argument, NULL, 'u'},      {"user", required_argument, NULL, 'U'},
		{"password", required_argument, NULL, 'P'}, {"agents", required_argument, NULL, 'n'},
		{"aht", required_argument, NULL, 'a'},      {"rate", required_argument, NULL, 'r'},
		{"duration", required_argument, NULL, 'd'}, {"seed", required_argument, NULL, 's'},
		{"warmup", required_argument, NULL, 'w'},   {"sl-seconds", required_argument, NULL, 't'},
		{"real-aht", required_argument, NULL, 'R'}, {"out", required_argument, NULL, 'o'},
		{0},
	};
	int ch;

	*o = (struct opts){.user = "bench", .password = "Bench@12345", .agents = 10, .aht = 2,
			   .rate = 4, .duration = 60, .warmup = -1, .sl_seconds = 20,
			   .real_aht = 180, .seed = 1, .out = "bench/results/callsim.json"};
	while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (ch) {
		case 'u': o->url = optarg; break;
		case 'U': o->user = optarg; break;
		case 'P': o->password = optarg; break;
		case 'n': o->agents = (int)strtol(optarg, NULL, 10); break;
		case 'a': o->aht = strtod(optarg, NULL); break;
		case 'r': o->rate = strtod(optarg, NULL); break;
		case 'd': o->duration = strtod(optarg, NULL); break;
		case 's': o->seed = strtoull(optarg, NULL, 10); break;
		case 'w': o->warmup = strtod(optarg, NULL); break;
		case 't': o->sl_seconds = strtod(optarg, NULL); break;
		case 'R': o->real_aht = strtod(optarg, NULL); break;
		case 'o': o->out = optarg; break;
		default: return -1;
		}
	}
	if (o->warmup < 0)
		o->warmup = 10 * o->aht;
	if (!o->url || o->agents < 1 || o->agents > 999 || o->aht <= 0 || o->rate <= 0 ||
	    o->duration <= o->warmup || o->sl_seconds <= 0 || o->real_aht <= 0 || !o->seed)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static struct sim s;
	char url[512];
	pthread_condattr_t ca;
	pthread_t reader;
	struct server_view v;
	double target_s, t0;
	int rc = 1;

	if (parse(argc, argv, &s.o) != 0) {
		fprintf(stderr, "usage: bench_callsim --url BASE [--user U --password P] [--agents N]\n"
				"       [--aht S] [--rate PER_S] [--duration S] [--warmup S] [--seed N]\n"
				"       [--sl-seconds 20 --real-aht 180] [--out FILE]\n");
		return 2;
	}
	if (s.o.rate * s.o.aht >= s.o.agents)
		fprintf(stderr, "warning: offered load %.2f >= %d agents: the queue grows without end\n",
			s.o.rate * s.o.aht, s.o.agents);
	target_s = s.o.sl_seconds / s.o.real_aht * s.o.aht;
	bench_seed(splitmix(s.o.seed));
	snprintf(s.tag, sizeof s.tag, "sim%lld", (long long)time(NULL));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	pthread_mutex_init(&s.mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s.cv, &ca);
	if (bclient_open(&s.http, s.o.url) != 0 ||
	    bclient_sign_in(&s.http, s.o.user, s.o.password) != 0 || set_up(&s) != 0)
		goto out;
	snprintf(url, sizeof url, "%s/api/v1/cti/stream", s.o.url);
	if (bsse_init(&s.sse, url, s.http.cookie, on_frame, &s) != 0 ||
	    pthread_create(&reader, NULL, stream_thread, &s) != 0)
		goto out;
	/* Assignments before the stream is open would be missed. */
	for (int i = 0; i < 500 && !atomic_load(&s.sse.opened); i++)
		nanosleep(&(struct timespec){0, 10000000L}, NULL);
	fprintf(stderr, "queue %lld, %d agents ready; %.2f calls/s, AHT %.2f s, target %.3f s, "
			"%.0f s (warm-up %.0f s)\n",
		s.queue_id, s.o.agents, s.o.rate, s.o.aht, target_s, s.o.duration, s.o.warmup);
	t0 = bench_now_ms();
	play(&s);
	atomic_store(&s.stop, true);
	pthread_join(reader, NULL);
	if (live_calls(&s))
		fprintf(stderr, "%zu calls were still live at the end\n", live_calls(&s));
	sign_out_agents(&s);
	if (check_server(&s, target_s, &v) == 0 &&
	    report(&s, &v, target_s, (bench_now_ms() - t0) / 1e3) == 0)
		rc = s.errors || v.missing || v.wrong || live_calls(&s) ? 1 : 0;
out:
	bsse_free(&s.sse);
	bclient_close(&s.http);
	curl_global_cleanup();
	free(s.calls);
	free(s.heap);
	free(s.agent_ids);
	free(frames);
	return rc;
}
