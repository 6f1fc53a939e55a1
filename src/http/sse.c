#include "http/sse.h"
#include "lib/evt.h"
#include "lib/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SSE_BLOCK (16 * 1024)
#define HEARTBEAT ": ping\n\n"

struct sse {
	struct evt_sub sub; /* first: the hub hands back &sub */
	pthread_mutex_t mu; /* guards dirty and suspended */
	bool dirty;         /* woken since the last pull */
	bool suspended;     /* the reader suspended the connection */
	struct MHD_Connection *conn;
	struct api_events ev;
	_Atomic int64_t last_write_ms; /* monotonic */
	/* The reader's own (one connection is served by one thread). */
	bool ended;
	char *out;
	size_t len, off;
};

static int64_t mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* From the hub, on any thread: mark, and resume the connection if the
 * reader had suspended it. The resume is outside our lock: only a waker
 * that saw suspended clears it, so each suspension is resumed once, and
 * a suspended connection is not freed under us (nothing but a resume can
 * bring it back to the daemon). */
static void sse_wake(struct evt_sub *sub)
{
	struct sse *s = (struct sse *)sub;
	bool resume;

	pthread_mutex_lock(&s->mu);
	s->dirty = true;
	resume = s->suspended;
	s->suspended = false;
	pthread_mutex_unlock(&s->mu);
	if (resume)
		MHD_resume_connection(s->conn);
}

static void sse_release(struct evt_sub *sub)
{
	struct sse *s = (struct sse *)sub;

	s->ev.done(s->ev.ctx);
	free(s->out);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

/* libmicrohttpd is done with the response: the client went away or the
 * stream ended. */
static void sse_free(void *cls)
{
	struct sse *s = cls;

	evt_unsubscribe(&s->sub);
	evt_put(&s->sub);
}

/* Copies pending output into buf. */
static ssize_t write_out(struct sse *s, char *buf, size_t max)
{
	size_t n = s->len - s->off < max ? s->len - s->off : max;

	memcpy(buf, s->out + s->off, n);
	s->off += n;
	atomic_store(&s->last_write_ms, mono_ms());
	return (ssize_t)n;
}

/* Fills s->out from the API, or a heartbeat when nothing is new but one
 * is due; ends the stream when the API says so. */
static void fill(struct sse *s)
{
	free(s->out);
	s->out = NULL;
	s->len = s->off = 0;
	if (s->ev.pull(s->ev.ctx, &s->out, &s->len) != 0) {
		s->ended = true;
		return;
	}
	if (s->len == 0 && mono_ms() - atomic_load(&s->last_write_ms) >= SSE_HEARTBEAT_MS) {
		free(s->out);
		if ((s->out = strdup(HEARTBEAT)))
			s->len = strlen(HEARTBEAT);
	}
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse *s = cls;
	bool dirty;

	(void)pos;
	for (;;) {
		if (s->off < s->len)
			return write_out(s, buf, max);
		if (s->ended || evt_stopped())
			return MHD_CONTENT_READER_END_OF_STREAM;
		pthread_mutex_lock(&s->mu);
		dirty = s->dirty;
		s->dirty = false;
		if (!dirty) {
			/* Nothing to send: leave the event loop until a wake. */
			s->suspended = true;
			MHD_suspend_connection(s->conn);
			pthread_mutex_unlock(&s->mu);
			return 0;
		}
		pthread_mutex_unlock(&s->mu);
		fill(s);
	}
}

struct MHD_Response *sse_response(struct MHD_Connection *c, struct api_events *ev)
{
	struct sse *s = calloc(1, sizeof *s);
	struct MHD_Response *resp;

	if (!s) {
		ev->done(ev->ctx);
		memset(ev, 0, sizeof *ev);
		return NULL;
	}
	evt_sub_init(&s->sub, ev->user_id, sse_wake, sse_release);
	pthread_mutex_init(&s->mu, NULL);
	s->ev = *ev;
	memset(ev, 0, sizeof *ev);
	s->conn = c;
	s->dirty = true; /* the first pull sends the retry time and the unread count */
	atomic_init(&s->last_write_ms, mono_ms());
	if (!evt_subscribe(&s->sub, SSE_MAX_CLIENTS)) {
		log_warn("sse_refused", "{s:i,s:b}", "open", evt_count(), "stopping", evt_stopped());
		evt_put(&s->sub);
		return NULL;
	}
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK, sse_read, s, sse_free);
	if (!resp) {
		sse_free(s);
		return NULL;
	}
	MHD_add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	/* nginx in front must pass each event on at once. */
	MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	return resp;
}

static bool heartbeat_due(const struct evt_sub *sub, void *arg)
{
	const struct sse *s = (const struct sse *)sub;

	return *(const int64_t *)arg - atomic_load(&s->last_write_ms) >= SSE_HEARTBEAT_MS;
}

void sse_tick(void)
{
	int64_t now = mono_ms();

	evt_wake_if(heartbeat_due, &now);
}

void sse_stop(void)
{
	evt_stop();
}
