/* Request-body rules, unknown routes and methods. */
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MIB (1024 * 1024)

/* A JSON object of exactly total bytes: prefix fields plus a "pad" string. */
static char *padded_body(const char *prefix_fields, size_t total)
{
	char *prefix = xasprintf("{%s,\"pad\":\"", prefix_fields);
	size_t pl = strlen(prefix);
	char *b = malloc(total + 1);
	assert_non_null(b);
	memcpy(b, prefix, pl);
	memset(b + pl, 'a', total - pl - 2);
	memcpy(b + total - 2, "\"}", 2);
	b[total] = '\0';
	free(prefix);
	return b;
}

static const char *const user_fields =
	"\"username\":\"big_body\",\"display_name\":\"大\",\"password\":"
	"\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1";

static void test_body_too_large(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	char *body = srv_own(s, padded_body(user_fields, MIB + 1));
	http_resp *r = http_req(a, &(http_opts){ .method = "POST",
						 .path = "/api/v1/users",
						 .body = body });
	expect_error(r, 413, "payload_too_large");
	assert_int_equal(count_users(a, "big_body"), 0);

	/* much larger, on a public route */
	char *huge = srv_own(s, padded_body("\"username\":\"admin\",\"password\":\"x\"",
					    4 * MIB));
	gx_client *c = client_new(s);
	r = http_req(c, &(http_opts){ .method = "POST",
				      .path = "/api/v1/session",
				      .body = huge });
	expect_error(r, 413, "payload_too_large");
	/* the limit holds without a Content-Length, too (chunked upload) */
	r = http_req(c, &(http_opts){ .method = "POST",
				      .path = "/api/v1/session",
				      .body = huge,
				      .headers = { "Transfer-Encoding: chunked" } });
	expect_error(r, 413, "payload_too_large");
	r = http_req(c, &(http_opts){
		.method = "POST",
		.path = "/api/v1/session",
		.body = "{\"username\":\"" ADMIN_USER "\",\"password\":\"" ADMIN_PASS "\"}",
		.headers = { "Transfer-Encoding: chunked" } });
	expect_status(r, 200);
	/* the server is still fine */
	expect_status(http_get(c, "/api/v1/health"), 200);
	expect_status(http_get(a, "/api/v1/users/me"), 200);
}

/* Sends only the request line and headers (no body) on a raw connection
 * and returns the first bytes of the answer, "" if none came in seconds. */
static char *answer_to_headers_within(gx_server *s, const char *head, int seconds)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
	struct timeval tv = {.tv_sec = seconds};
	char *buf = calloc(1, 512);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ssize_t n;

	assert_true(fd >= 0 && buf);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	assert_int_equal(send(fd, head, strlen(head), 0), (ssize_t)strlen(head));
	n = recv(fd, buf, 511, 0);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return buf;
}

static char *answer_to_headers(gx_server *s, const char *head)
{
	return answer_to_headers_within(s, head, 5);
}

/* An upload route refuses someone who may not upload as soon as the
 * headers arrive, without waiting for (and holding) a 60 MB body. */
static void test_upload_refused_before_its_body(void **state)
{
	gx_server *s = state_server(state);
	char *head = xasprintf("POST /api/v1/imports/customers HTTP/1.1\r\nHost: x\r\n"
			       "Content-Type: text/csv\r\nContent-Length: %d\r\n\r\n", 60 * MIB);
	char *answer = answer_to_headers(s, head);

	if (strncmp(answer, "HTTP/1.1 401", 12))
		fail_msg("expected 401 before the body, got \"%.40s\"", answer);
	free(answer);
	free(head);
	/* Signed in by cookie but without the CSRF token: 403, also at once. */
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	char *cookie = client_cookie(a, "gx_session");
	head = xasprintf("POST /api/v1/imports/customers HTTP/1.1\r\nHost: x\r\n"
			 "Cookie: gx_session=%s\r\nContent-Type: text/csv\r\n"
			 "Content-Length: %d\r\n\r\n", cookie, 60 * MIB);
	answer = answer_to_headers(s, head);
	if (strncmp(answer, "HTTP/1.1 403", 12))
		fail_msg("expected 403 before the body, got \"%.40s\"", answer);
	free(answer);
	free(head);
	free(cookie);
	expect_status(http_get(a, "/api/v1/health"), 200);
}

/* An upload route has its own limit: an attachment's declared 21 MB is
 * refused with 413 as soon as the headers arrive, from someone who may
 * upload, where the import route takes up to 64 MiB. */
static void test_attachment_limit_before_its_body(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_pack(a, "POST", "/api/v1/customers", "{s:s,s:s}", "type",
				 "individual", "name", "附件客户");
	char *token, *head, *answer;

	expect_status(r, 201);
	r = http_pack(a, "POST", "/api/v1/tickets", "{s:s,s:I,s:s}", "type", "inquiry",
		      "customer_id", jint(r->json, "id"), "title", "附件上限");
	expect_status(r, 201);
	json_int_t id = jint(r->json, "id");
	r = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name", "upload");
	expect_status(r, 201);
	token = xasprintf("%s", jstr(r->json, "token"));
	head = xasprintf("POST /api/v1/tickets/%lld/attachments?filename=big.pdf HTTP/1.1\r\n"
			 "Host: x\r\nAuthorization: Bearer %s\r\n"
			 "Content-Type: application/pdf\r\nContent-Length: %d\r\n\r\n",
			 (long long)id, token, 20 * MIB + 1);
	answer = answer_to_headers(s, head);
	if (strncmp(answer, "HTTP/1.1 413", 12) || !strstr(answer, "payload_too_large"))
		fail_msg("expected 413 before the body, got \"%.80s\"", answer);
	free(answer);
	free(head);
	/* 20 MiB exactly is within the limit: the server waits for the body. */
	head = xasprintf("POST /api/v1/tickets/%lld/attachments?filename=big.pdf HTTP/1.1\r\n"
			 "Host: x\r\nAuthorization: Bearer %s\r\n"
			 "Content-Type: application/pdf\r\nContent-Length: %d\r\n\r\n",
			 (long long)id, token, 20 * MIB);
	answer = answer_to_headers_within(s, head, 1);
	assert_string_equal(answer, "");
	free(answer);
	free(head);
	free(token);
	expect_status(http_get(a, "/api/v1/health"), 200);
}

static void test_body_at_limit_accepted(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	/* exactly 1 MiB is within the limit: it is read and validated (the
	 * unknown "pad" key makes it a validation error, not a 413) */
	char *body = srv_own(s, padded_body(user_fields, MIB));
	http_resp *r = http_req(a, &(http_opts){ .method = "POST",
						 .path = "/api/v1/users",
						 .body = body });
	expect_field(r, "pad");
	assert_int_equal(count_users(a, "big_body"), 0);
}

static void test_malformed_json(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	static const char *const bad[] = {
		"{\"username\":",
		"{\"username\":\"admin\",\"password\":\"" ADMIN_PASS "\",}",
		"not json at all",
		"{'username':'admin'}",
		"{\"username\":\"admin\" \"password\":\"x\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		http_resp *r = http_do(c, "POST", "/api/v1/session", bad[i],
				       NULL);
		expect_error(r, 400, "invalid_json");
	}
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");

	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_do(a, "POST", "/api/v1/users",
			       "{\"username\":\"broken_json\",\"display_name\":"
			       "\"坏\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],",
			       NULL);
	expect_error(r, 400, "invalid_json");
	assert_int_equal(count_users(a, "broken_json"), 0);
}

static void test_invalid_utf8(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	/* "张三" in GBK */
	static const char gbk[] =
		"{\"username\":\"\xd5\xc5\xc8\xfd\",\"password\":\"x\"}";
	http_resp *r = http_req(c, &(http_opts){ .method = "POST",
						 .path = "/api/v1/session",
						 .body = gbk,
						 .body_len = sizeof gbk - 1 });
	expect_error(r, 400, "invalid_utf8");
	/* overlong encoding and a UTF-16 surrogate */
	static const char overlong[] =
		"{\"username\":\"\xc0\xaf\",\"password\":\"x\"}";
	r = http_req(c, &(http_opts){ .method = "POST",
				      .path = "/api/v1/session",
				      .body = overlong,
				      .body_len = sizeof overlong - 1 });
	expect_error(r, 400, "invalid_utf8");
	static const char surrogate[] =
		"{\"username\":\"\xed\xa0\x80\",\"password\":\"x\"}";
	r = http_req(c, &(http_opts){ .method = "POST",
				      .path = "/api/v1/session",
				      .body = surrogate,
				      .body_len = sizeof surrogate - 1 });
	expect_error(r, 400, "invalid_utf8");

	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	static const char user[] =
		"{\"username\":\"gbk_user\",\"display_name\":\"\xd5\xc5\xc8\xfd\","
		"\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],"
		"\"team_id\":null,\"level\":1}";
	r = http_req(a, &(http_opts){ .method = "POST",
				      .path = "/api/v1/users",
				      .body = user,
				      .body_len = sizeof user - 1 });
	expect_error(r, 400, "invalid_utf8");
	assert_int_equal(count_users(a, "gbk_user"), 0);

	/* the same name in UTF-8 is fine */
	r = http_pack(a, "POST", "/api/v1/users", "{s:s,s:s,s:s,s:[s],s:n,s:i}",
		      "username", "utf8_user", "display_name", "张三", "password",
		      "Passw0rd!", "roles", "agent", "team_id", "level", 1);
	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "display_name"), "张三");
}

static void test_wrong_content_type(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	static const char body[] = "{\"username\":\"" ADMIN_USER
				   "\",\"password\":\"" ADMIN_PASS "\"}";
	http_resp *r = http_req(c, &(http_opts){ .method = "POST",
						 .path = "/api/v1/session",
						 .body = body,
						 .content_type = "text/plain" });
	expect_error(r, 415, "unsupported_media_type");
	r = http_req(c, &(http_opts){
		.method = "POST",
		.path = "/api/v1/session",
		.body = body,
		.content_type = "application/x-www-form-urlencoded" });
	expect_error(r, 415, "unsupported_media_type");
	/* refused means not signed in */
	assert_null(srv_own(s, client_cookie(c, "gx_session")));
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");

	/* a charset parameter is still JSON */
	r = http_req(c, &(http_opts){
		.method = "POST",
		.path = "/api/v1/session",
		.body = body,
		.content_type = "application/json; charset=utf-8" });
	expect_status(r, 200);

	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	r = http_req(a, &(http_opts){
		.method = "POST",
		.path = "/api/v1/users",
		.body = "{\"username\":\"plain_text\",\"display_name\":\"纯文本\","
			"\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],"
			"\"team_id\":null,\"level\":1}",
		.content_type = "text/plain" });
	expect_error(r, 415, "unsupported_media_type");
	assert_int_equal(count_users(a, "plain_text"), 0);
}

static void test_unknown_route(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	expect_error(http_get(c, "/api/v1/nope"), 404, "not_found");
	expect_error(http_get(c, "/api/v1/health/extra"), 404, "not_found");
	expect_error(http_get(c, "/api/v2/health"), 404, "not_found");
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	expect_error(http_get(a, "/api/v1/nope"), 404, "not_found");
	expect_error(http_get(a, "/api/v1/users/1/nope"), 404, "not_found");
	expect_error(http_do(a, "POST", "/api/v1/nope", "{}", NULL), 404,
		     "not_found");
}

static bool allow_has(const char *allow, const char *m)
{
	size_t ml = strlen(m);
	const char *p = allow;
	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		if (len == ml && strncasecmp(p, m, ml) == 0)
			return true;
		p = end;
	}
	return false;
}

static void expect_405(const http_resp *r, const char *const *methods)
{
	expect_error(r, 405, "method_not_allowed");
	const char *allow = resp_header(r, "Allow");
	if (!allow)
		fail_msg("405 for %s %s without an Allow header", r->method,
			 r->path);
	for (size_t i = 0; methods[i]; i++)
		if (!allow_has(allow, methods[i]))
			fail_msg("Allow: %s lacks %s (%s %s)", allow,
				 methods[i], r->method, r->path);
	if (allow_has(allow, r->method))
		fail_msg("Allow: %s lists the refused method %s", allow,
			 r->method);
}

static void test_method_not_allowed(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	expect_405(http_do(c, "PUT", "/api/v1/health", "{}", NULL),
		   (const char *const[]){ "GET", NULL });
	expect_405(http_do(c, "DELETE", "/api/v1/health", NULL, NULL),
		   (const char *const[]){ "GET", NULL });

	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	int before = count_users(a, "");
	expect_405(http_do(a, "DELETE", "/api/v1/users", NULL, NULL),
		   (const char *const[]){ "GET", "POST", NULL });
	expect_405(http_do(a, "PATCH", "/api/v1/session", "{}", NULL),
		   (const char *const[]){ "GET", "POST", "DELETE", NULL });
	expect_405(http_do(a, "POST", "/api/v1/users/me", "{}", NULL),
		   (const char *const[]){ "GET", NULL });
	expect_405(http_do(a, "DELETE", "/api/v1/users/1", NULL, NULL),
		   (const char *const[]){ "GET", "PATCH", NULL });
	assert_int_equal(count_users(a, ""), before);
	expect_status(http_get(a, "/api/v1/users/me"), 200);
}

/* "fields" appears only on validation errors. */
/* fields name the offending input: on validation errors and on a conflict
 * with one field (a taken username), never on other errors. */
static void test_error_fields_only_where_a_field_is_at_fault(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *c = client_new(s);
	http_resp *rs[8], *dup;
	size_t n = 0;
	rs[n++] = sign_in(c, ADMIN_USER, "wrong-password");          /* 401 */
	rs[n++] = http_get(c, "/api/v1/users/me");                    /* 401 */
	rs[n++] = http_get(g, "/api/v1/users");                       /* 403 */
	rs[n++] = http_get(a, "/api/v1/users/999999");                /* 404 */
	rs[n++] = http_do(c, "PUT", "/api/v1/health", "{}", NULL);    /* 405 */
	rs[n++] = http_do(c, "POST", "/api/v1/session", "{", NULL);   /* 400 */
	static const long want[] = { 401, 401, 403, 404, 405, 400 };
	for (size_t i = 0; i < n; i++) {
		expect_status(rs[i], want[i]);
		assert_non_null(jstr(rs[i]->json, "error.code"));
		if (jget(rs[i]->json, "error.fields"))
			fail_msg("%s %s: HTTP %ld %s carries error.fields: %s",
				 rs[i]->method, rs[i]->path, rs[i]->status,
				 jstr(rs[i]->json, "error.code"), rs[i]->body);
	}
	dup = http_pack(a, "POST", "/api/v1/users", "{s:s,s:s,s:s,s:[s],s:n,s:i}",
			"username", AGENT_USER, "display_name", "重复", "password",
			"Passw0rd!", "roles", "agent", "team_id", "level", 1);
	expect_error(dup, 409, "conflict");
	assert_non_null(jget(dup->json, "error.fields.username"));
	assert_null(jget(dup->json, "error.fields.display_name"));
}

int run_limits_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_too_large),
		cmocka_unit_test(test_upload_refused_before_its_body),
		cmocka_unit_test(test_attachment_limit_before_its_body),
		cmocka_unit_test(test_body_at_limit_accepted),
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_wrong_content_type),
		cmocka_unit_test(test_unknown_route),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_error_fields_only_where_a_field_is_at_fault),
	};
	return cmocka_run_group_tests_name("limits", tests, gx_group_setup,
					   gx_group_teardown);
}
