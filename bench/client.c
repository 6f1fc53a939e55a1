#include "client.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct buf {
	char *p;
	size_t len, cap;
};

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t add = size * n;

	if (b->len + add + 1 > b->cap) {
		size_t cap = (b->len + add + 1) * 2;
		char *q = realloc(b->p, cap);
		if (!q)
			return 0;
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, add);
	b->len += add;
	b->p[b->len] = '\0';
	return add;
}

/* Keeps "gx_session=VALUE" from the Set-Cookie header of a sign-in. */
static size_t header_cookie(char *p, size_t size, size_t n, void *arg)
{
	struct bclient *c = arg;
	size_t len = size * n;
	static const char name[] = "set-cookie:";

	if (len > sizeof name - 1 && !strncasecmp(p, name, sizeof name - 1)) {
		const char *v = p + sizeof name - 1;
		size_t k;

		while (*v == ' ')
			v++;
		k = strcspn(v, ";\r\n");
		if (k < sizeof c->cookie && !strncmp(v, "gx_session=", 11))
			snprintf(c->cookie, sizeof c->cookie, "%.*s", (int)k, v);
	}
	return len;
}

int bclient_open(struct bclient *c, const char *base)
{
	memset(c, 0, sizeof *c);
	snprintf(c->base, sizeof c->base, "%s", base);
	if (!(c->curl = curl_easy_init()))
		return -1;
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	return 0;
}

static void set_headers(struct bclient *c)
{
	char h[200];

	curl_slist_free_all(c->headers);
	c->headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (c->csrf[0]) {
		snprintf(h, sizeof h, "X-CSRF-Token: %s", c->csrf);
		c->headers = curl_slist_append(c->headers, h);
	}
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
	curl_easy_setopt(c->curl, CURLOPT_COOKIE, c->cookie[0] ? c->cookie : NULL);
}

long bclient_call(struct bclient *c, const char *method, const char *path, const char *body,
		  json_t **out)
{
	char url[1024];
	struct buf b = {0};
	long status = -1;

	if (out)
		*out = NULL;
	if (!c->headers)
		set_headers(c);
	snprintf(url, sizeof url, "%s%s", c->base, path);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, strcmp(method, "GET") ? method : NULL);
	if (body)
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
	else
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	if (curl_easy_perform(c->curl) == CURLE_OK)
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	if (out && b.p)
		*out = json_loadb(b.p, b.len, 0, NULL);
	free(b.p);
	return status;
}

long bclient_pack(struct bclient *c, const char *method, const char *path, json_t **out,
		  const char *fmt, ...)
{
	va_list ap;
	json_t *body;
	char *text;
	long status;

	va_start(ap, fmt);
	body = json_vpack_ex(NULL, 0, fmt, ap);
	va_end(ap);
	text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (!text)
		return -1;
	status = bclient_call(c, method, path, text, out);
	free(text);
	return status;
}

int bclient_sign_in(struct bclient *c, const char *user, const char *password)
{
	json_t *out;
	long status;

	c->cookie[0] = c->csrf[0] = '\0';
	set_headers(c);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, header_cookie);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, c);
	status = bclient_pack(c, "POST", "/api/v1/session", &out, "{s:s,s:s}", "username", user,
			      "password", password);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, NULL);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, NULL);
	if (status == 200 && json_is_string(json_object_get(out, "csrf_token")))
		snprintf(c->csrf, sizeof c->csrf, "%s",
			 json_string_value(json_object_get(out, "csrf_token")));
	json_decref(out);
	if (status != 200 || !c->cookie[0] || !c->csrf[0]) {
		fprintf(stderr, "cannot sign in as %s at %s (HTTP %ld)\n", user, c->base, status);
		return -1;
	}
	set_headers(c);
	return 0;
}

void bclient_close(struct bclient *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->headers);
	memset(c, 0, sizeof *c);
}

double bench_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int append(char **p, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 2 > *cap) {
		size_t c = (*len + n + 2) * 2;
		char *q = realloc(*p, c);
		if (!q)
			return -1;
		*p = q;
		*cap = c;
	}
	memcpy(*p + *len, s, n);
	*len += n;
	(*p)[*len] = '\0';
	return 0;
}

/* One line of a stream: a field, or the blank line that ends a frame. */
static void sse_line(struct bsse *s, const char *line, size_t n)
{
	if (!n) {
		if (s->dlen)
			s->on_frame(s->arg, s->event[0] ? s->event : "message", s->data);
		s->event[0] = '\0';
		s->dlen = 0;
		if (s->data)
			s->data[0] = '\0';
		return;
	}
	if (n > 3 && !strncmp(line, "id:", 3)) {
		const char *v = line + 3 + (line[3] == ' ');
		snprintf(s->last_id, sizeof s->last_id, "%.*s", (int)(n - (size_t)(v - line)), v);
	} else if (n > 6 && !strncmp(line, "event:", 6)) {
		const char *v = line + 6 + (line[6] == ' ');
		snprintf(s->event, sizeof s->event, "%.*s", (int)(n - (size_t)(v - line)), v);
	} else if (n >= 5 && !strncmp(line, "data:", 5)) {
		const char *v = line + 5 + (n > 5 && line[5] == ' ');
		if (s->dlen)
			append(&s->data, &s->dlen, &s->dcap, "\n", 1);
		append(&s->data, &s->dlen, &s->dcap, v, n - (size_t)(v - line));
	}
}

static size_t sse_write(char *p, size_t size, size_t n, void *arg)
{
	struct bsse *s = arg;
	size_t add = size * n, start = 0;

	atomic_store(&s->opened, true);
	if (append(&s->buf, &s->len, &s->cap, p, add) != 0)
		return 0;
	for (size_t i = 0; i < s->len; i++) {
		if (s->buf[i] != '\n')
			continue;
		size_t end = i > start && s->buf[i - 1] == '\r' ? i - 1 : i;
		sse_line(s, s->buf + start, end - start);
		start = i + 1;
	}
	memmove(s->buf, s->buf + start, s->len - start);
	s->len -= start;
	return add;
}

int bsse_init(struct bsse *s, const char *url, const char *cookie,
	      void (*on_frame)(void *arg, const char *event, const char *data), void *arg)
{
	memset(s, 0, sizeof *s);
	s->on_frame = on_frame;
	s->arg = arg;
	if (!(s->curl = curl_easy_init()))
		return -1;
	curl_easy_setopt(s->curl, CURLOPT_URL, url);
	curl_easy_setopt(s->curl, CURLOPT_COOKIE, cookie);
	curl_easy_setopt(s->curl, CURLOPT_WRITEFUNCTION, sse_write);
	curl_easy_setopt(s->curl, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_TCP_NODELAY, 1L);
	return 0;
}

int bsse_run(struct bsse *s, int n, atomic_bool *stop)
{
	CURLM *m = curl_multi_init();
	int running = 0, closed = 0;
	CURLMsg *msg;
	int left;

	if (!m)
		return n;
	for (int i = 0; i < n; i++)
		curl_multi_add_handle(m, s[i].curl);
	do {
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)))
			if (msg->msg == CURLMSG_DONE)
				closed++;
		if (running)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	} while (running && !atomic_load(stop));
	for (int i = 0; i < n; i++) {
		curl_easy_getinfo(s[i].curl, CURLINFO_RESPONSE_CODE, &s[i].status);
		curl_multi_remove_handle(m, s[i].curl);
	}
	curl_multi_cleanup(m);
	return closed;
}

void bsse_free(struct bsse *s)
{
	if (s->curl)
		curl_easy_cleanup(s->curl);
	free(s->buf);
	free(s->data);
	memset(s, 0, sizeof *s);
}
