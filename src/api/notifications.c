/* notifications.c - /api/v1/notifications: the signed-in user's own
 * notifications (list, unread count, mark read), an administrator's
 * broadcast, and /api/v1/events, the live stream of new ones. */
#include "api/api.h"
#include "domain/auth.h"
#include "domain/notifications.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows one pull reads at a time, and the most one pull sends: a client
 * far behind catches up over several wakes instead of one huge write. */
#define PULL_PAGE 50
#define PULL_MAX_PAGES 10
/* How long a browser waits before reconnecting a dropped stream. */
#define STREAM_RETRY_MS 3000

static json_t *ntf_json(const struct ntf_rec *n)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(n->id));
	json_object_set_new(o, "kind", json_string(n->kind));
	json_object_set_new(o, "title", json_string(n->title));
	json_object_set_new(o, "body", json_string(n->body));
	json_object_set_new(o, "link", n->link[0] ? json_string(n->link) : json_null());
	json_object_set_new(o, "ref_type", n->ref_type[0] ? json_string(n->ref_type) : json_null());
	json_object_set_new(o, "ref_id", n->ref_type[0] ? json_integer(n->ref_id) : json_null());
	json_object_set_new(o, "created_at", api_time(n->created_at));
	json_object_set_new(o, "read_at", api_time(n->read_at));
	json_object_set_new(o, "read", json_boolean(n->read_at != 0));
	return o;
}

static int list_get(struct api_req *r)
{
	struct ntf_rec *rows;
	bool unread = false;
	struct verr v = {0};
	int64_t after;
	json_t *items;
	int limit, n = 0, rc;

	api_paging(r, &limit, &after, &v);
	api_query_bool(r, "unread", &unread, &v);
	if (v.n)
		return api_fail(r, GX_EINVAL, &v);
	/* One extra row tells whether a next page exists. */
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	rc = ntf_list(&r->who, unread, after, rows, limit + 1, &n);
	if (rc != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, ntf_json(&rows[i]));
	int64_t cursor = n > limit ? rows[limit - 1].id : 0;
	free(rows);
	return api_page(r, items, cursor != 0, cursor);
}

static int unread_count_get(struct api_req *r)
{
	int64_t unread = 0, latest = 0;
	int rc = ntf_counts(&r->who, &unread, &latest);

	if (rc != 0)
		return api_fail(r, rc, NULL);
	return api_json(r, 200, json_pack("{s:I,s:I}", "unread", (json_int_t)unread,
					  "latest_id", (json_int_t)latest));
}

static int read_post(struct api_req *r)
{
	struct ntf_rec *n = malloc(sizeof *n);
	int rc;

	if (!n)
		return api_fail(r, GX_ENOMEM, NULL);
	rc = ntf_mark_read(&r->who, r->id, n);
	if (rc == 0)
		api_json(r, 200, ntf_json(n));
	else
		api_fail(r, rc, NULL);
	free(n);
	return 0;
}

static int read_all_post(struct api_req *r)
{
	int changed = 0;
	int rc = ntf_mark_all_read(&r->who, &changed);

	if (rc != 0)
		return api_fail(r, rc, NULL);
	return api_json(r, 200, json_pack("{s:i}", "marked", changed));
}

static int broadcast_post(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"title", FT_STRING, true, 1, NTF_TITLE_MAX_CHARS},
		{"body", FT_STRING, false, 0, NTF_BODY_MAX_CHARS},
		{"link", FT_STRING_OR_NULL, false, 0, 500},
		{"team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
		{"role", FT_STRING_OR_NULL, false, 1, 40},
		{0},
	};
	struct ntf_broadcast b = {0};
	struct verr v = {0};
	int sent = 0, rc;

	if (api_check_body(r, spec, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	b.title = api_str(r, "title");
	b.body = api_str(r, "body");
	b.link = api_str(r, "link");
	b.role = api_str(r, "role");
	b.team_id = api_has(r, "team_id") ? api_int(r, "team_id") : 0;
	if ((rc = ntf_broadcast(&r->who, &b, &sent, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 201, json_pack("{s:i}", "sent", sent));
}

/* One open event stream: who it is for and what it has sent. */
struct stream {
	struct principal who;
	int64_t last_id;     /* newest notification sent (or there at the start) */
	int64_t unread_sent; /* unread count last sent; -1: none yet */
	bool started;
	char *buf;
	size_t len, cap;
};

static bool put(struct stream *s, const char *text, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		char *p;
		while (cap < s->len + n + 1)
			cap *= 2;
		if (!(p = realloc(s->buf, cap)))
			return false;
		s->buf = p;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, text, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return true;
}

/* "id: N\nevent: notification\ndata: {json}\n\n": compact JSON has no
 * line breaks (those in strings are escaped), so one data line is enough. */
static bool put_notification(struct stream *s, const struct ntf_rec *n)
{
	json_t *o = ntf_json(n);
	char *json = json_dumps(o, JSON_COMPACT);
	char head[64];
	int hn = snprintf(head, sizeof head, "id: %lld\nevent: notification\ndata: ",
			  (long long)n->id);
	bool ok = json && put(s, head, (size_t)hn) && put(s, json, strlen(json)) &&
		  put(s, "\n\n", 2);

	json_decref(o);
	free(json);
	return ok;
}

/* New notifications since last_id, then the unread count if it changed
 * (also when another tab marked some read). */
static int pull_into(struct stream *s, struct ntf_rec *rows)
{
	int64_t unread, latest;
	char line[96];
	int n = 0, rc, len;

	if (!s->started) {
		len = snprintf(line, sizeof line, "retry: %d\n\n", STREAM_RETRY_MS);
		if (!put(s, line, (size_t)len))
			return GX_ENOMEM;
		s->started = true;
	}
	for (int page = 0; page < PULL_MAX_PAGES; page++) {
		if ((rc = ntf_since(&s->who, s->last_id, rows, PULL_PAGE, &n)) != 0)
			return rc;
		for (int i = 0; i < n; i++)
			if (!put_notification(s, &rows[i]))
				return GX_ENOMEM;
		if (n)
			s->last_id = rows[n - 1].id;
		if (n < PULL_PAGE)
			break;
	}
	if ((rc = ntf_counts(&s->who, &unread, &latest)) != 0)
		return rc;
	if (unread != s->unread_sent) {
		len = snprintf(line, sizeof line, "event: unread\ndata: {\"unread\":%lld}\n\n",
			       (long long)unread);
		if (!put(s, line, (size_t)len))
			return GX_ENOMEM;
		s->unread_sent = unread;
	}
	return 0;
}

static int stream_pull(void *ctx, char **out, size_t *len)
{
	struct stream *s = ctx;
	struct ntf_rec *rows;
	int rc;

	*out = NULL;
	*len = 0;
	/* A signed-out or disabled user's tabs stop receiving at once. */
	if ((rc = auth_check(&s->who)) != 0)
		return rc;
	if (!(rows = malloc(PULL_PAGE * sizeof *rows)))
		return GX_ENOMEM;
	rc = pull_into(s, rows);
	free(rows);
	if (rc == 0 && s->len) {
		*out = s->buf;
		*len = s->len;
		s->buf = NULL;
		s->len = s->cap = 0;
	}
	return rc;
}

static void stream_done(void *ctx)
{
	struct stream *s = ctx;

	free(s->buf);
	free(s);
}

/* Where a stream starts: after the Last-Event-ID a reconnecting browser
 * sends (or ?after=, for a client that opens a new stream), so it gets
 * what it missed; otherwise after the newest notification there is. */
static int events_get(struct api_req *r)
{
	struct verr v = {0};
	struct stream *s;
	int64_t unread, latest, after = -1;
	int rc;

	if (api_events_after(r, &after, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if ((rc = ntf_counts(&r->who, &unread, &latest)) != 0)
		return api_fail(r, rc, NULL);
	if (!(s = calloc(1, sizeof *s)))
		return api_fail(r, GX_ENOMEM, NULL);
	s->who = r->who;
	s->last_id = after >= 0 ? after : latest;
	s->unread_sent = -1;
	return api_events(r, r->who.user_id, stream_pull, stream_done, s);
}

const struct api_route api_notifications_routes[] = {
	{"GET", "/api/v1/notifications", list_get, 0, 0},
	{"GET", "/api/v1/notifications/unread-count", unread_count_get, 0, 0},
	{"POST", "/api/v1/notifications/read-all", read_all_post, 0, 0},
	{"POST", "/api/v1/notifications/broadcast", broadcast_post, ROUTE_JSON, 0},
	{"POST", "/api/v1/notifications/{id}/read", read_post, 0, 0},
	{"GET", "/api/v1/events", events_get, 0, 0},
	{0},
};
