/* Health, the test clock, and shutting down on SIGTERM. */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void test_health(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	http_resp *r = http_get(c, "/api/v1/health");
	expect_status(r, 200);
	const char *ct = resp_header(r, "Content-Type");
	assert_non_null(ct);
	assert_true(strncmp(ct, "application/json", 16) == 0);
	assert_non_null(jstr(r->json, "status"));
	assert_string_equal(jstr(r->json, "status"), "ok");
	assert_non_null(jstr(r->json, "version"));
	assert_string_equal(jstr(r->json, "version"), "0.1.0");
	const char *t = jstr(r->json, "time");
	assert_non_null(t);
	assert_true(is_rfc3339_ms(t));
	/* the server's clock is the real clock until it is moved */
	long long now = (long long)time(NULL) * 1000;
	long long got = rfc3339_ms(t);
	assert_true(got > now - 60000 && got < now + 60000);
}

static void test_clock_moves_server_time(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	http_resp *r = http_get(c, "/api/v1/health");
	expect_status(r, 200);
	long long before = rfc3339_ms(jstr(r->json, "time"));
	assert_true(before > 0);

	/* public: no session, no CSRF token */
	r = http_pack(c, "POST", "/api/v1/test/clock", "{s:I}", "advance_ms",
		      (json_int_t)(3 * MS_HOUR));
	expect_status(r, 200);
	const char *now = jstr(r->json, "now");
	assert_non_null(now);
	assert_true(is_rfc3339_ms(now));
	long long moved = rfc3339_ms(now);
	assert_true(moved >= before + 3 * MS_HOUR);
	assert_true(moved < before + 3 * MS_HOUR + 60000);

	r = http_get(c, "/api/v1/health");
	expect_status(r, 200);
	long long after = rfc3339_ms(jstr(r->json, "time"));
	assert_true(after >= before + 3 * MS_HOUR);

	/* records written now carry the moved time */
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user(a, "clocked", "Passw0rd!", "agent");
	r = http_get(a, "/api/v1/users?q=clocked");
	expect_status(r, 200);
	long long created = rfc3339_ms(jstr(r->json, "items.0.created_at"));
	assert_true(created >= before + 3 * MS_HOUR);
	r = http_get(a, "/api/v1/audit?limit=1");
	expect_status(r, 200);
	assert_true(rfc3339_ms(jstr(r->json, "items.0.at")) >=
		    before + 3 * MS_HOUR);
}

static int setup_no_clock(void **state)
{
	*state = server_start(&(server_opts){ .no_test_clock = true });
	return 0;
}

static void test_clock_absent_without_flag(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	http_resp *r = http_pack(c, "POST", "/api/v1/test/clock", "{s:I}",
				 "advance_ms", (json_int_t)MS_HOUR);
	expect_error(r, 404, "not_found");
	/* the clock did not move */
	r = http_get(c, "/api/v1/health");
	expect_status(r, 200);
	long long now = (long long)time(NULL) * 1000;
	long long got = rfc3339_ms(jstr(r->json, "time"));
	assert_true(got > now - 60000 && got < now + 60000);
	/* a signed-in administrator cannot reach it either */
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	r = http_pack(a, "POST", "/api/v1/test/clock", "{s:I}", "advance_ms",
		      (json_int_t)MS_HOUR);
	expect_error(r, 404, "not_found");
}

static void test_sigterm_exits_zero(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	/* leave an idle keep-alive connection open, as browsers do */
	http_resp *r = http_get(c, "/api/v1/users/me");
	expect_status(r, 200);
	kill(s->pid, SIGTERM);
	int rc = server_wait(s, 5000);
	if (rc == -2) {
		server_dump_log(s);
		fail_msg("server still running 5 s after SIGTERM");
	}
	assert_int_equal(rc, 0);
}

static int connect_port(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = { 0 };
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A sign-in (argon2id: tens of milliseconds) is being processed when SIGTERM
 * arrives: it must still get its answer, and then the server exits 0. */
static void test_sigterm_finishes_in_flight_request(void **state)
{
	gx_server *s = state_server(state);
	const char *body = "{\"username\":\"" ADMIN_USER "\",\"password\":\"" ADMIN_PASS "\"}";
	char *req = xasprintf("POST /api/v1/session HTTP/1.1\r\n"
			      "Host: 127.0.0.1:%d\r\n"
			      "Content-Type: application/json\r\n"
			      "Content-Length: %zu\r\n"
			      "Connection: close\r\n\r\n%s",
			      s->port, strlen(body), body);
	int fd = connect_port(s->port);
	if (fd < 0) {
		free(req);
		fail_msg("cannot connect to the server");
	}
	size_t len = strlen(req);
	ssize_t w = send(fd, req, len, MSG_NOSIGNAL);
	free(req);
	if (w != (ssize_t)len) {
		close(fd);
		fail_msg("could not send the request");
	}
	struct timespec ts = { 0, 30 * 1000000L };
	nanosleep(&ts, NULL);
	kill(s->pid, SIGTERM);

	char buf[8192];
	size_t got = 0;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 10000) <= 0)
			break;
		ssize_t n = recv(fd, buf + got, sizeof buf - 1 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got >= sizeof buf - 1)
			break;
	}
	close(fd);
	buf[got] = '\0';
	int rc = server_wait(s, 5000);
	if (strncmp(buf, "HTTP/1.1 200", 12) != 0) {
		print_error("in-flight sign-in got: %.300s\n",
			    got ? buf : "(connection closed without a response)");
		server_dump_log(s);
		fail();
	}
	if (rc == -2)
		fail_msg("server still running 5 s after SIGTERM");
	assert_int_equal(rc, 0);
}

/* guanxi user add: password from the first line of stdin, --team creates
 * the team, --display-name, and refusals. */
static void test_cli_user_add(void **state)
{
	gx_server *s = state_server(state);
	char *out = NULL, *err = NULL;
	int rc = run_cli(s, "First-Line-Pw\nsecond line\n", &out, &err,
			 (const char *const[]){ "user", "add", "--db", s->db,
						"--username", "cli_li",
						"--role", "account_manager",
						"--team", "大客户部",
						"--display-name", "李四", NULL });
	srv_own(s, out);
	srv_own(s, err);
	if (rc != 0)
		fail_msg("guanxi user add exited %d: %s%s", rc, out ? out : "",
			 err ? err : "");
	gx_client *c = client_new(s);
	expect_error(sign_in(c, "cli_li", "second line"), 401,
		     "bad_credentials");
	http_resp *r = sign_in(c, "cli_li", "First-Line-Pw");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "user.display_name"), "李四");
	assert_true(jarray_has_str(jget(r->json, "user.roles"),
				   "account_manager"));
	assert_string_equal(jstr(r->json, "user.team.name"), "大客户部");

	/* a second user in the same team reuses it */
	assert_int_equal(cli_user_add(s, s->db, "cli_wang", "reviewer",
				      "大客户部", "Second-Pw-123"),
			 0);
	gx_client *w = client_signed_in(s, "cli_wang", "Second-Pw-123");
	r = http_get(w, "/api/v1/users/me");
	expect_status(r, 200);
	http_resp *r2 = http_get(c, "/api/v1/users/me");
	expect_status(r2, 200);
	assert_int_equal(jint(r->json, "team.id"), jint(r2->json, "team.id"));

	/* refusals: duplicate username, unknown role */
	rc = run_cli(s, "Another-Pw-123\n", NULL, NULL,
		     (const char *const[]){ "user", "add", "--db", s->db,
					    "--username", "cli_li", "--role",
					    "agent", NULL });
	assert_true(rc != 0);
	rc = run_cli(s, "Another-Pw-123\n", NULL, NULL,
		     (const char *const[]){ "user", "add", "--db", s->db,
					    "--username", "cli_emperor",
					    "--role", "emperor", NULL });
	assert_true(rc != 0);
	expect_error(sign_in(c, "cli_emperor", "Another-Pw-123"), 401,
		     "bad_credentials");
	expect_status(sign_in(c, "cli_li", "First-Line-Pw"), 200);
}

int run_lifecycle_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_health, gx_test_setup,
						gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_cli_user_add, gx_test_setup,
						gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_clock_moves_server_time,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_clock_absent_without_flag,
						setup_no_clock,
						gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sigterm_exits_zero,
						setup_no_clock,
						gx_test_teardown),
		cmocka_unit_test_setup_teardown(
			test_sigterm_finishes_in_flight_request, gx_test_setup,
			gx_test_teardown),
	};
	return cmocka_run_group_tests_name("lifecycle", tests, NULL, NULL);
}
