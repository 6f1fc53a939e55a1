#include "lib/log.h"
#include "lib/clock.h"
#include "lib/utf8.h"

#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;

/* One write(2) per line: lines from several threads never interleave and
 * no stdio lock is taken on the request path. */
static void write_line(char *line, size_t n)
{
	char buf[4096];

	if (n + 1 > sizeof buf) {
		(void)!write(STDERR_FILENO, line, n);
		(void)!write(STDERR_FILENO, "\n", 1);
		return;
	}
	memcpy(buf, line, n);
	buf[n] = '\n';
	(void)!write(STDERR_FILENO, buf, n + 1);
}

void log_set_level(enum log_level level)
{
	min_level = level;
}

int log_set_level_name(const char *name)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};

	for (int i = 0; i < 4; i++)
		if (!strcmp(name, names[i])) {
			min_level = (enum log_level)i;
			return 0;
		}
	return -1;
}

void log_at(enum log_level level, const char *msg, const char *fmt, ...)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	char ts[CLOCK_RFC3339_LEN];
	json_t *obj = NULL;
	char *line;
	va_list ap;

	if (level < min_level)
		return;
	if (fmt) {
		json_error_t jerr;
		va_start(ap, fmt);
		obj = json_vpack_ex(&jerr, 0, fmt, ap);
		va_end(ap);
	}
	clock_rfc3339(clock_now_ms(), ts);
	json_t *head = json_pack("{s:s,s:s,s:s}", "ts", ts, "level", names[level],
				 "msg", msg);
	if (obj)
		json_object_update_missing(head, obj);
	json_decref(obj);
	line = json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(head);
	if (!line)
		return;
	write_line(line, strlen(line));
	free(line);
}

/* Appends s to buf as the inside of a JSON string; bytes of an invalid
 * UTF-8 sequence become '?'. Returns the new length (<= cap). */
static size_t json_escape(char *buf, size_t len, size_t cap, const char *s)
{
	bool valid = utf8_valid(s, strlen(s));

	for (; *s && len + 7 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf[len++] = '\\';
			buf[len++] = (char)c;
		} else if (c < 0x20) {
			len += (size_t)snprintf(buf + len, cap - len, "\\u%04x", c);
		} else {
			buf[len++] = (c >= 0x80 && !valid) ? '?' : (char)c;
		}
	}
	return len;
}

/* Per-thread access-log buffers, chained so log_flush() can reach them all.
 * A buffer outlives its thread (threads are few and long-lived), which keeps
 * log_flush() free of use-after-free races with exiting threads. */
struct line_buf {
	pthread_mutex_t lock;
	size_t len;
	char data[16384];
	struct line_buf *next;
};

static struct line_buf *all_bufs;
static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local struct line_buf *my_buf;

static struct line_buf *buf_get(void)
{
	if (my_buf)
		return my_buf;
	my_buf = calloc(1, sizeof *my_buf);
	if (!my_buf)
		return NULL;
	pthread_mutex_init(&my_buf->lock, NULL);
	pthread_mutex_lock(&all_lock);
	my_buf->next = all_bufs;
	all_bufs = my_buf;
	pthread_mutex_unlock(&all_lock);
	return my_buf;
}

/* Caller holds b->lock. */
static void buf_drain(struct line_buf *b)
{
	if (b->len)
		(void)!write(STDERR_FILENO, b->data, b->len);
	b->len = 0;
}

void log_flush(void)
{
	pthread_mutex_lock(&all_lock);
	for (struct line_buf *b = all_bufs; b; b = b->next) {
		pthread_mutex_lock(&b->lock);
		buf_drain(b);
		pthread_mutex_unlock(&b->lock);
	}
	pthread_mutex_unlock(&all_lock);
}

void log_request(const char *method, const char *path, int status, long ms,
		 bool completed)
{
	char line[512], ts[CLOCK_RFC3339_LEN];
	struct line_buf *b;
	size_t n;

	if (LOG_INFO < min_level)
		return;
	clock_rfc3339(clock_now_ms(), ts);
	n = (size_t)snprintf(line, sizeof line,
			     "{\"ts\":\"%s\",\"level\":\"info\",\"msg\":\"request\","
			     "\"method\":\"", ts);
	n = json_escape(line, n, sizeof line - 96, method);
	n += (size_t)snprintf(line + n, sizeof line - n, "\",\"path\":\"");
	n = json_escape(line, n, sizeof line - 80, path);
	n += (size_t)snprintf(line + n, sizeof line - n,
			      "\",\"status\":%d,\"ms\":%ld,\"completed\":%s}\n",
			      status, ms, completed ? "true" : "false");
	if (!(b = buf_get())) {
		(void)!write(STDERR_FILENO, line, n);
		return;
	}
	pthread_mutex_lock(&b->lock);
	if (b->len + n > sizeof b->data)
		buf_drain(b);
	memcpy(b->data + b->len, line, n);
	b->len += n;
	pthread_mutex_unlock(&b->lock);
}
