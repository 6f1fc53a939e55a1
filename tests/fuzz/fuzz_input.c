/* libFuzzer target for everything that parses outside input before a
 * handler runs: the first byte picks a content type and a route, the rest
 * is the request body, which goes through api_dispatch exactly as from the
 * network (content-type check, UTF-8 check, JSON decoding, declared-field
 * validation). The same bytes also feed utf8_valid, utf8_copy and
 * clock_parse_rfc3339. Build and run with `make fuzz`. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "store/db.h"
#include "store/migrate.h"

static const char *const ctypes[] = {
	"application/json", "application/json; charset=utf-8", "text/plain", NULL,
};

/* Routes whose handlers validate fields and then refuse without heavy work
 * (no argon2 hashing is reachable: passwords fail validation or no user). */
static const struct {
	const char *method, *path;
} routes[] = {
	{"POST", "/api/v1/test/clock"},
	{"POST", "/api/v1/password-resets"},
	{"PATCH", "/api/v1/users/1"},
	{"GET", "/api/v1/users"},
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char tmpl[] = "/tmp/gx-fuzz-XXXXXX", path[64];

	(void)argc;
	(void)argv;
	if (sodium_init() < 0 || !mkdtemp(tmpl))
		abort();
	snprintf(path, sizeof path, "%s/f.db", tmpl);
	log_set_level(LOG_ERROR);
	db_configure(path, true);
	if (migrate_apply(db_get()) < 1)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_req r = {0};
	char *text, small[16];
	int64_t ms;

	if (size < 1)
		return 0;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';

	(void)utf8_valid(text, size - 1);
	if (utf8_valid(text, strlen(text))) {
		utf8_copy(small, sizeof small, text);
		if (!utf8_valid(small, strlen(small)))
			abort();
	}
	(void)clock_parse_rfc3339(text, &ms);

	r.method = routes[data[0] % 4].method;
	r.path = routes[data[0] % 4].path;
	r.content_type = ctypes[(data[0] >> 2) % 4];
	r.body = text;
	r.body_len = size - 1;
	r.ip = "fuzz";
	r.test_clock = true;
	/* No credentials: protected routes must answer 401 whatever the body. */
	api_dispatch(&r);
	if (r.status < 200 || r.status > 599)
		abort();
	if (strcmp(r.path, "/api/v1/test/clock") && strcmp(r.path, "/api/v1/password-resets") &&
	    r.status != 401)
		abort();
	api_req_release(&r);
	free(text);
	return 0;
}
