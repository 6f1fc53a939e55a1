/* Contact centre reports (CC-5, CC-7): the KPI report's periods and its
 * limits, the rating report, the KPI workbook, the wallboard and its live
 * stream, and who may read them. */
#include "harness.h"
#include "lib/xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- a server-sent event stream read with libcurl's multi interface --- */

struct stream {
	CURLM *multi;
	CURL *easy;
	struct curl_slist *headers;
	char *buf;
	size_t len;
};

static size_t stream_data(char *p, size_t sz, size_t n, void *ud)
{
	struct stream *st = ud;
	char *grown = realloc(st->buf, st->len + sz * n + 1);

	if (!grown)
		return 0;
	st->buf = grown;
	memcpy(st->buf + st->len, p, sz * n);
	st->len += sz * n;
	st->buf[st->len] = '\0';
	return sz * n;
}

static long long mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Runs the transfer until the body holds needle after offset `from` or
 * timeout_ms pass; true if it does. */
static bool stream_wait(struct stream *st, size_t from, const char *needle, int timeout_ms)
{
	long long until = mono_ms() + timeout_ms;
	int running = 1;

	while (mono_ms() < until) {
		curl_multi_perform(st->multi, &running);
		if (st->buf && st->len > from && strstr(st->buf + from, needle))
			return true;
		if (!running)
			return false;
		curl_multi_poll(st->multi, NULL, 0, 20, NULL);
	}
	return false;
}

static struct stream *stream_open(gx_server *s, gx_client *c, const char *path)
{
	struct stream *st = calloc(1, sizeof *st);
	char *cookie = client_cookie(c, "gx_session");
	char *hdr = xasprintf("Cookie: gx_session=%s", cookie ? cookie : "");
	char *url = xasprintf("%s%s", s->base_url, path);

	st->headers = curl_slist_append(NULL, hdr);
	st->headers = curl_slist_append(st->headers, "Accept: text/event-stream");
	st->easy = curl_easy_init();
	curl_easy_setopt(st->easy, CURLOPT_URL, url);
	curl_easy_setopt(st->easy, CURLOPT_HTTPHEADER, st->headers);
	curl_easy_setopt(st->easy, CURLOPT_WRITEFUNCTION, stream_data);
	curl_easy_setopt(st->easy, CURLOPT_WRITEDATA, st);
	st->multi = curl_multi_init();
	curl_multi_add_handle(st->multi, st->easy);
	free(cookie);
	free(hdr);
	free(url);
	return st;
}

static void stream_close(struct stream *st)
{
	curl_multi_remove_handle(st->multi, st->easy);
	curl_easy_cleanup(st->easy);
	curl_multi_cleanup(st->multi);
	curl_slist_free_all(st->headers);
	free(st->buf);
	free(st);
}

/* ---- reports without calls --------------------------------------------- */

static void test_an_empty_day_has_48_half_hours_with_no_rates(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_get(a, "/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&by=interval");

	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 48);
	assert_string_equal(jstr(r->json, "items.0.period"), "2026-03-01 00:00");
	assert_string_equal(jstr(r->json, "items.17.period"), "2026-03-01 08:30");
	assert_string_equal(jstr(r->json, "items.47.period"), "2026-03-01 23:30");
	assert_int_equal(jint(r->json, "total.offered"), 0);
	assert_true(json_is_null(jget(r->json, "total.abandon_rate")));
	assert_true(json_is_null(jget(r->json, "total.asa")));
	assert_true(json_is_null(jget(r->json, "total.service_level")));

	/* Months and quarters cover the range from its first to its last. */
	r = http_get(a, "/api/v1/cc/kpis?from=2026-02-15&to=2026-04-02&by=month");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
	assert_string_equal(jstr(r->json, "items.0.period"), "2026-02");
	assert_string_equal(jstr(r->json, "items.2.period"), "2026-04");
	r = http_get(a, "/api/v1/cc/kpis?from=2025-12-31&to=2026-04-01&by=quarter");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
	assert_string_equal(jstr(r->json, "items.0.period"), "2025-Q4");
	assert_string_equal(jstr(r->json, "items.2.period"), "2026-Q2");
	/* by defaults to day. */
	r = http_get(a, "/api/v1/cc/kpis?from=2026-02-27&to=2026-03-01");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
	assert_string_equal(jstr(r->json, "items.1.period"), "2026-02-28");
}

static void test_bad_report_requests_are_422(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	static const struct {
		const char *path, *field;
	} bad[] = {
		{"/api/v1/cc/kpis?to=2026-03-01", "from"},
		{"/api/v1/cc/kpis?from=2026-02-30&to=2026-03-01", "from"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=3/2/2026", "to"},
		{"/api/v1/cc/kpis?from=2026-03-02&to=2026-03-01", "to"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-04-01&by=interval", "to"},
		{"/api/v1/cc/kpis?from=2026-01-01&to=2027-01-02&by=day", "to"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&by=hour", "by"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&queue_id=abc", "queue_id"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&queue_id=999", "queue_id"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&agent_id=999", "agent_id"},
		{"/api/v1/cc/kpis/export?from=2026-03-01&to=2026-04-01&by=interval", "to"},
		{"/api/v1/cc/ratings?from=2026-03-01&to=2026-03-01&by=interval", "by"},
		{"/api/v1/cc/ratings?from=2026-03-01&to=2026-03-01&group=team", "group"},
		{"/api/v1/cc/ratings?from=2026-03-01&to=2027-03-02&by=day", "to"},
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		http_resp *r = http_get(a, bad[i].path);
		expect_error(r, 422, "validation_failed");
		expect_field(r, bad[i].field);
	}
	/* 31 days by the half hour and 366 by the day are allowed. */
	expect_status(http_get(a, "/api/v1/cc/kpis?from=2026-03-01&to=2026-03-31&by=interval"), 200);
	expect_status(http_get(a, "/api/v1/cc/kpis?from=2028-01-01&to=2028-12-31&by=day"), 200);
}

static void test_only_supervisors_read_reports(void **state)
{
	gx_server *s = state_server(state);
	gx_client *agent = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	static const char *const paths[] = {
		"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01",
		"/api/v1/cc/kpis/export?from=2026-03-01&to=2026-03-01",
		"/api/v1/cc/ratings?from=2026-03-01&to=2026-03-01",
		"/api/v1/cc/wallboard",
		"/api/v1/cc/wallboard/stream",
	};

	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		expect_error(http_get(agent, paths[i]), 403, "forbidden");
		expect_error(http_get(client_new(s), paths[i]), 401, "unauthenticated");
	}
	expect_status(http_get(sup, paths[0]), 200);
	expect_status(http_get(sup, paths[3]), 200);
}

struct sheet {
	int rows;
	char cells[4][10][64];
};

static int collect(void *ctx, int line, char **cells, int n)
{
	struct sheet *sh = ctx;

	(void)line;
	for (int i = 0; i < n && i < 10 && sh->rows < 4; i++)
		snprintf(sh->cells[sh->rows][i], 64, "%s", cells[i]);
	sh->rows++;
	return 0;
}

static void test_export_is_a_workbook_with_chinese_headers(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	struct sheet *sh = (struct sheet *)srv_own(s, calloc(1, sizeof *sh));
	char err[160] = "";
	http_resp *r = http_get(a, "/api/v1/cc/kpis/export?from=2026-03-01&to=2026-03-02&by=day");

	assert_int_equal(r->status, 200);
	assert_string_equal(resp_header(r, "Content-Type"), XLSX_TYPE);
	assert_non_null(strstr(resp_header(r, "Content-Disposition"), ".xlsx"));
	assert_true(r->body_len > 4 && !memcmp(r->body, "PK\x03\x04", 4));
	assert_int_equal(xlsx_read(r->body, r->body_len, collect, sh, err, sizeof err), 0);
	assert_int_equal(sh->rows, 4); /* header, two days, total */
	assert_string_equal(sh->cells[0][0], "时段");
	assert_string_equal(sh->cells[0][1], "呼入量");
	assert_string_equal(sh->cells[0][8], "服务水平");
	assert_string_equal(sh->cells[1][0], "2026-03-01");
	assert_string_equal(sh->cells[1][1], "0");
	assert_string_equal(sh->cells[3][0], "合计");
	assert_string_equal(sh->cells[3][4], "-");
}

static void test_wallboard_without_a_call_centre(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_get(a, "/api/v1/cc/wallboard");
	struct stream *st;

	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "queues")), 0);
	assert_int_equal(jint(r->json, "agents.ready"), 0);
	assert_int_equal(jint(r->json, "today.offered"), 0);
	assert_true(is_rfc3339_ms(jstr(r->json, "at")));

	st = stream_open(s, a, "/api/v1/cc/wallboard/stream");
	assert_true(stream_wait(st, 0, "event: wallboard\ndata: {\"at\":", 5000));
	assert_non_null(strstr(st->buf, "\"queues\":[]"));
	stream_close(st);
}

int run_cc_stats_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_empty_day_has_48_half_hours_with_no_rates),
		cmocka_unit_test(test_bad_report_requests_are_422),
		cmocka_unit_test(test_only_supervisors_read_reports),
		cmocka_unit_test(test_export_is_a_workbook_with_chinese_headers),
		cmocka_unit_test(test_wallboard_without_a_call_centre),
	};
	return cmocka_run_group_tests_name("cc_stats", tests, gx_group_setup, gx_group_teardown);
}
