/* sse.c - a server-sent event stream read with libcurl's multi interface,
 * for tests of the live streams (notifications, the agent's desktop, the
 * telephone system's assignments). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t sse_data(char *p, size_t sz, size_t n, void *ud)
{
	sse_stream *st = ud;
	char *grown = realloc(st->buf, st->len + sz * n + 1);

	if (!grown)
		return 0;
	st->buf = grown;
	memcpy(st->buf + st->len, p, sz * n);
	st->len += sz * n;
	st->buf[st->len] = '\0';
	return sz * n;
}

/* Lets the transfer run until the body holds needle (NULL: until it ends)
 * or timeout_ms pass; true if it did. */
bool sse_wait(sse_stream *st, const char *needle, int timeout_ms)
{
	long long until = mono_ms() + timeout_ms;
	int running = 1;

	while (mono_ms() < until) {
		curl_multi_perform(st->multi, &running);
		st->running = running > 0;
		if (needle && st->buf && strstr(st->buf, needle))
			return true;
		if (!running)
			return !needle;
		curl_multi_poll(st->multi, NULL, 0, 20, NULL);
	}
	return false;
}

/* How the ended transfer ended: CURLE_OK when the server closed the
 * stream properly (the chunked body's last chunk), an error when it was
 * cut; -1 if it has not ended. */
int sse_result(sse_stream *st)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(st->multi, &left)))
		if (m->msg == CURLMSG_DONE && m->easy_handle == st->easy)
			return (int)m->data.result;
	return -1;
}

/* Opens GET /api/v1/events with c's session cookie (and a Last-Event-ID
 * when given) and waits for the stream's first frame. */
sse_stream *sse_open(gx_server *s, gx_client *c, const char *path, const char *last_event_id)
{
	sse_stream *st = calloc(1, sizeof *st);
	char *cookie = client_cookie(c, "gx_session");
	char *hdr = xasprintf("Cookie: gx_session=%s", cookie ? cookie : "");
	char *url = xasprintf("%s%s", s->base_url, path);

	st->headers = curl_slist_append(NULL, hdr);
	st->headers = curl_slist_append(st->headers, "Accept: text/event-stream");
	if (last_event_id) {
		char *h = xasprintf("Last-Event-ID: %s", last_event_id);
		st->headers = curl_slist_append(st->headers, h);
		free(h);
	}
	st->easy = curl_easy_init();
	curl_easy_setopt(st->easy, CURLOPT_URL, url);
	curl_easy_setopt(st->easy, CURLOPT_HTTPHEADER, st->headers);
	curl_easy_setopt(st->easy, CURLOPT_WRITEFUNCTION, sse_data);
	curl_easy_setopt(st->easy, CURLOPT_WRITEDATA, st);
	st->multi = curl_multi_init();
	curl_multi_add_handle(st->multi, st->easy);
	free(cookie);
	free(hdr);
	free(url);
	assert_true(sse_wait(st, "retry: ", 5000));
	return st;
}

long sse_status(sse_stream *st)
{
	long status = 0;

	curl_easy_getinfo(st->easy, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

void sse_close(sse_stream *st)
{
	curl_multi_remove_handle(st->multi, st->easy);
	curl_easy_cleanup(st->easy);
	curl_multi_cleanup(st->multi);
	curl_slist_free_all(st->headers);
	free(st->buf);
	free(st);
}

