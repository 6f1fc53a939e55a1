/* Unit tests of the API dispatcher without a network: routing, method
 * and content-type refusals, body decoding and declared-field checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "lib/log.h"
#include "store/db.h"
#include "store/migrate.h"

static char dir[] = "/tmp/gx-api-unit-XXXXXX";

static int group_setup(void **state)
{
	char path[256];
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	log_set_level(LOG_ERROR);
	db_configure(path, true);
	return migrate_apply(db_get()) < 1 ? -1 : 0;
}

static int group_teardown(void **state)
{
	char cmd[300];
	(void)state;
	db_release_thread();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

/* Dispatches and returns the status; the error code goes to code. */
static int call(struct api_req *r, const char *method, const char *path,
		const char *ctype, const char *body, char *code)
{
	r->method = method;
	r->path = path;
	r->content_type = ctype;
	r->body = body;
	r->body_len = body ? strlen(body) : 0;
	r->ip = "127.0.0.1";
	api_dispatch(r);
	code[0] = '\0';
	const char *c = json_string_value(json_object_get(
		json_object_get(r->resp, "error"), "code"));
	snprintf(code, 40, "%s", c ? c : "");
	return r->status;
}

static void unknown_path_is_404_and_wrong_method_405_with_allow(void **state)
{
	struct api_req r = {0};
	char code[40];
	(void)state;
	assert_int_equal(call(&r, "GET", "/api/v1/nothing", NULL, NULL, code), 404);
	assert_string_equal(code, "not_found");
	api_req_release(&r);
	memset(&r, 0, sizeof r);
	assert_int_equal(call(&r, "DELETE", "/api/v1/users", NULL, NULL, code), 405);
	assert_string_equal(r.allow, "GET, POST");
	api_req_release(&r);
}

static void id_segments_must_be_positive_integers(void **state)
{
	const char *bad[] = {"/api/v1/users/0", "/api/v1/users/-1",
			     "/api/v1/users/12abc", "/api/v1/users/1/"};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct api_req r = {0};
		char code[40];
		assert_int_equal(call(&r, "GET", bad[i], NULL, NULL, code), 404);
		api_req_release(&r);
	}
}

static void protected_route_without_credentials_is_401(void **state)
{
	struct api_req r = {0};
	char code[40];
	(void)state;
	assert_int_equal(call(&r, "GET", "/api/v1/users/me", NULL, NULL, code), 401);
	assert_string_equal(code, "unauthenticated");
	api_req_release(&r);
}

static void body_must_be_utf8_json_object(void **state)
{
	static const struct {
		const char *ctype, *body;
		int status;
		const char *code;
	} cases[] = {
		{"text/plain", "{}", 415, "unsupported_media_type"},
		{"application/json; charset=gbk", "{}", 415, "unsupported_media_type"},
		{"application/json", "{\"username\":\"\xd5\xc5\"}", 400, "invalid_utf8"},
		{"application/json", "{\"username\":", 400, "invalid_json"},
		{"application/json", "[1,2]", 400, "invalid_json"},
		{"application/json", "{\"a\":1,\"a\":2}", 400, "invalid_json"},
		{"application/json; charset=UTF-8", "{\"username\":1,\"x\":2}", 422,
		 "validation_failed"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct api_req r = {0};
		char code[40];
		assert_int_equal(call(&r, "POST", "/api/v1/session", cases[i].ctype,
				      cases[i].body, code), cases[i].status);
		assert_string_equal(code, cases[i].code);
		api_req_release(&r);
	}
}

static void validation_names_every_bad_field(void **state)
{
	struct api_req r = {0};
	char code[40];
	json_t *fields;
	(void)state;
	call(&r, "POST", "/api/v1/session", "application/json",
	     "{\"username\":7,\"extra\":true}", code);
	fields = json_object_get(json_object_get(r.resp, "error"), "fields");
	assert_non_null(json_object_get(fields, "username"));
	assert_non_null(json_object_get(fields, "extra"));
	assert_non_null(json_object_get(fields, "password"));
	api_req_release(&r);
}

static void test_clock_route_exists_only_when_enabled(void **state)
{
	struct api_req r = {0};
	char code[40];
	(void)state;
	assert_int_equal(call(&r, "POST", "/api/v1/test/clock", "application/json",
			      "{\"advance_ms\":1}", code), 404);
	api_req_release(&r);
	memset(&r, 0, sizeof r);
	r.test_clock = true;
	assert_int_equal(call(&r, "POST", "/api/v1/test/clock", "application/json",
			      "{\"advance_ms\":1}", code), 200);
	api_req_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_path_is_404_and_wrong_method_405_with_allow),
		cmocka_unit_test(id_segments_must_be_positive_integers),
		cmocka_unit_test(protected_route_without_credentials_is_401),
		cmocka_unit_test(body_must_be_utf8_json_object),
		cmocka_unit_test(validation_names_every_bad_field),
		cmocka_unit_test(test_clock_route_exists_only_when_enabled),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("api", tests, group_setup, group_teardown);
}
