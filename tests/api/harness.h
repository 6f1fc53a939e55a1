/* Black-box API test harness for Guanxi.
 *
 * Starts the real server binary ($GUANXI_BIN) on a fresh database in a
 * temporary directory, talks to it over HTTP with libcurl and runs its CLI.
 *
 * Ownership: every client belongs to the server it was made for, and every
 * response belongs to the client that received it.  server_stop() frees all
 * of them, so a test that fails half-way (cmocka longjmps out of it) leaks
 * nothing as long as the server is stopped in a teardown.
 */
#ifndef GX_HARNESS_H
#define GX_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>

#define ADMIN_USER "admin"
#define ADMIN_PASS "Admin@12345"
#define AGENT_USER "agent1"
#define AGENT_PASS "Agent@12345"
#define SUP_USER "sup1"
#define SUP_PASS "Super@12345"
#define AGENT_TEAM "客服一组"

#define MS_SECOND 1000LL
#define MS_MINUTE (60LL * MS_SECOND)
#define MS_HOUR (60LL * MS_MINUTE)
#define MS_DAY (24LL * MS_HOUR)

typedef struct gx_server gx_server;
typedef struct gx_client gx_client;

typedef struct server_opts {
	bool no_test_clock;    /* serve without --test-clock */
	bool no_users;         /* skip creating admin/agent1/sup1 */
	const char *db_path;   /* serve this existing database (no init) */
} server_opts;

struct gx_server {
	char *dir;       /* temporary directory, removed by server_stop */
	char *db;        /* database path */
	char *log;       /* server stderr/stdout */
	int port;
	pid_t pid;       /* 0 when not running */
	char *base_url;  /* http://127.0.0.1:PORT */
	gx_client *clients;
	int cli_seq;
	void **owned;    /* freed by server_stop (see srv_own) */
	size_t nowned;
};

typedef struct http_resp {
	long status;           /* 0 if the transfer failed */
	int curl_rc;           /* CURLcode */
	char *body;            /* NUL-terminated, may contain NULs */
	size_t body_len;
	json_t *json;          /* NULL if the body is not JSON */
	char **headers;        /* raw "Name: value" lines of the final response */
	size_t nheaders;
	char *method;
	char *path;
	struct gx_client *owner;
	struct http_resp *next;
} http_resp;

struct gx_client {
	gx_server *srv;
	CURL *curl;
	char *csrf;      /* sent as X-CSRF-Token on unsafe methods */
	char *bearer;    /* sent as Authorization: Bearer */
	http_resp *resps;
	gx_client *next;
	char errbuf[CURL_ERROR_SIZE];
};

typedef struct http_opts {
	const char *method;        /* default GET */
	const char *path;          /* "/api/v1/..." */
	const char *body;          /* NULL: no body */
	size_t body_len;           /* 0: strlen(body) */
	const char *content_type;  /* default application/json when a body is
	                              sent; "" sends no Content-Type at all */
	const char *headers[8];    /* extra "Name: value" lines */
	bool no_csrf;              /* do not send the remembered CSRF token */
	bool no_bearer;            /* do not send the bearer token */
} http_opts;

/* ---- server ---------------------------------------------------------- */
/* Starts `guanxi serve --test-clock` on a free port of 127.0.0.1 with its
 * log in a new temporary directory, and waits (10 s at most) for GET
 * /api/v1/health to answer 200. The database is a copy of one made once with
 * `guanxi init` and `guanxi user add` (admin, agent1 in 客服一组, sup1), or a
 * fresh `init` without users (no_users), or opts->db_path as it is.
 * Returns NULL (after printing why) if it did not come up. */
gx_server *server_start(const server_opts *opts);
/* SIGTERM, wait (at most timeout_ms, then SIGKILL). Returns the exit status,
 * 128+signal if killed by a signal, -1 if it had to be killed. Does not free
 * anything. */
int server_shutdown(gx_server *s, int timeout_ms);
/* Waits for the serve process to exit without signalling it. Returns the
 * exit status as server_shutdown does, or -2 on timeout (still running). */
int server_wait(gx_server *s, int timeout_ms);
/* server_shutdown (if running) + free clients + remove the temp dir + free. */
int server_stop(gx_server *s);
/* Restart the serve process on the same database (after server_shutdown). */
bool server_restart(gx_server *s, const server_opts *opts);
/* Frees what the harness keeps between servers (call once at exit). */
void harness_cleanup(void);
/* Print the server log as TAP comments. */
void server_dump_log(const gx_server *s);
/* Hands p (malloc'd) to the server: freed by server_stop. Returns p. */
char *srv_own(gx_server *s, char *p);
/* Path of a new file name inside the server's temp dir (caller frees). */
char *server_path(gx_server *s, const char *name);

/* ---- CLI ------------------------------------------------------------- */
/* Runs $GUANXI_BIN with the NULL-terminated argv (without argv[0]),
 * feeding stdin_data (may be NULL). Captures stdout/stderr (caller frees,
 * either may be NULL). Returns the exit status (128+sig if signalled, -1 on
 * error). */
int run_cli(gx_server *s, const char *stdin_data, char **out, char **err,
	    const char *const argv[]);
int cli_user_add(gx_server *s, const char *db, const char *username,
		 const char *role, const char *team, const char *password);

/* ---- HTTP ------------------------------------------------------------ */
gx_client *client_new(gx_server *s);
void client_free(gx_client *c);
void client_set_bearer(gx_client *c, const char *token);
void client_set_csrf(gx_client *c, const char *token);
/* Value of a cookie in the client's jar (caller frees) or NULL. */
char *client_cookie(gx_client *c, const char *name);

http_resp *http_req(gx_client *c, const http_opts *o);
http_resp *http_do(gx_client *c, const char *method, const char *path,
		   const char *body, const char *const *extra_headers);
http_resp *http_get(gx_client *c, const char *path);
/* Body built with json_pack() format. */
http_resp *http_pack(gx_client *c, const char *method, const char *path,
		     const char *fmt, ...);
http_resp *http_vpack(gx_client *c, const char *method, const char *path,
		      const char *fmt, va_list ap);
/* Frees a response early (otherwise freed with its client). */
void resp_free(http_resp *r);

/* First header with this name (case-insensitive), value only; NULL if none.
 * nth: 0-based index among headers of that name. */
const char *resp_header(const http_resp *r, const char *name);
const char *resp_header_nth(const http_resp *r, const char *name, size_t nth);

/* ---- JSON ------------------------------------------------------------ */
/* Dotted path, numbers index arrays: "error.fields.username", "items.0.id". */
json_t *jget(json_t *root, const char *path);
const char *jstr(json_t *root, const char *path);     /* NULL if not string */
json_int_t jint(json_t *root, const char *path);      /* -1 if not integer */
bool jarray_has_str(json_t *arr, const char *s);
/* printf into a malloc'd string */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- server-sent event streams (sse.c) ------------------------------- */
typedef struct sse_stream {
	CURLM *multi;
	CURL *easy;
	struct curl_slist *headers;
	char *buf; /* everything received so far, NUL-terminated */
	size_t len;
	bool running;
} sse_stream;
/* Opens GET path with c's session cookie (and a Last-Event-ID when given)
 * and waits for the stream's first frame (asserts it comes). */
sse_stream *sse_open(gx_server *s, gx_client *c, const char *path, const char *last_event_id);
/* Lets the transfer run until the body holds needle (NULL: until it ends)
 * or timeout_ms pass; true if it did. */
bool sse_wait(sse_stream *st, const char *needle, int timeout_ms);
/* CURLE_OK when the server ended the stream properly, an error when it
 * was cut; -1 if it has not ended. */
int sse_result(sse_stream *st);
long sse_status(sse_stream *st);
void sse_close(sse_stream *st);
/* Monotonic milliseconds, for waits. */
long long mono_ms(void);

/* ---- high-level helpers (they assert) -------------------------------- */
http_resp *sign_in(gx_client *c, const char *user, const char *pass);
gx_client *client_signed_in(gx_server *s, const char *user, const char *pass);
void clock_advance(gx_server *s, long long ms);
/* The server's clock now (ms; --test-clock servers). */
long long server_now(gx_server *s);
/* The Beijing (UTC+8) date of ms as "YYYY-MM-DD". */
void beijing_date(long long ms, char buf[16]);
/* Creates a user via POST /users with the given client; returns the id. */
json_int_t create_user(gx_client *admin, const char *username,
		       const char *password, const char *role);
/* A work order of type for customer, made by c through the API (high
 * priority); returns the id. */
json_int_t new_ticket(gx_client *c, json_int_t customer, const char *type, const char *title);
/* A user with a role and a team (0: none), password "Passw0rd!", made
 * through the API; returns the id. */
json_int_t create_user_in_team(gx_client *admin, const char *name, const char *role,
			       json_int_t team);
/* A team made through the API; returns the id. */
json_int_t create_team(gx_client *admin, const char *name);
/* Number of "items" in the 200 answer to GET path (one page). */
size_t count_items(gx_client *c, const char *path);
/* Rows of the newest 500 of the audit log with this action whose field
 * key ("actor", "target") is value (NULL: any). Asserts the read is 200. */
int audit_rows(gx_client *admin, const char *action, const char *key, const char *value);
/* Number of users matching q via GET /users?q=... (follows pages). */
int count_users(gx_client *c, const char *q);
/* id of the user with exactly this username (asserts it exists). */
json_int_t find_user_id(gx_client *c, const char *username);
/* Fetches /api/v1/users/{id} (asserts 200); the response owns the JSON. */
json_t *get_user(gx_client *c, json_int_t id);
/* true if the database file (or its -wal) contains these bytes. */
bool db_contains(const char *db_path, const char *needle);
/* Runs SQL on a database file; returns SQLITE_OK or the error code and puts
 * the message into *errmsg (caller frees) when errmsg is not NULL. */
int sql_exec(const char *db_path, const char *sql, char **errmsg);
/* First column of the first row as a malloc'd string (NULL if none). */
char *sql_text(const char *db_path, const char *sql);
/* Group-state accessor: asserts the group's server came up. */
gx_server *state_server(void **state);

/* ---- assertions (report file:line, status and body) ------------------ */
void gx_expect_status(const http_resp *r, long status, const char *file,
		      int line);
void gx_expect_error(const http_resp *r, long status, const char *code,
		     const char *file, int line);
void gx_expect_field(const http_resp *r, const char *field, const char *file,
		     int line);
#define expect_status(r, st) gx_expect_status((r), (st), __FILE__, __LINE__)
#define expect_error(r, st, code) \
	gx_expect_error((r), (st), (code), __FILE__, __LINE__)
/* validation error naming `field` in error.fields */
#define expect_field(r, field) \
	gx_expect_field((r), (field), __FILE__, __LINE__)

/* Matches an RFC 3339 UTC timestamp with milliseconds: 2026-11-22T08:00:00.000Z */
bool is_rfc3339_ms(const char *s);
/* Parses such a timestamp into ms since the epoch (-1 if malformed). */
long long rfc3339_ms(const char *s);

/* ---- per-test / per-group fixtures ----------------------------------- */
int gx_group_setup(void **state);    /* default server */
int gx_group_teardown(void **state);
int gx_test_setup(void **state);     /* a server of its own for one test */
int gx_test_teardown(void **state);

/* ---- groups (one per test file) -------------------------------------- */
int run_lifecycle_tests(void);
int run_durability_tests(void);
int run_customers_tests(void);
int run_customer_records_tests(void);
int run_contacts_tests(void);
int run_tasks_tests(void);
int run_dictionaries_tests(void);
int run_session_tests(void);
int run_csrf_tests(void);
int run_users_tests(void);
int run_roles_tests(void);
int run_limits_tests(void);
int run_tokens_tests(void);
int run_passwords_tests(void);
int run_clock_tests(void);
int run_audit_tests(void);
int run_backup_tests(void);
int run_imports_tests(void);
int run_sla_tests(void);
int run_notifications_tests(void);
int run_tickets_tests(void);
int run_kb_tests(void);
int run_cc_tests(void);
int run_cc_stats_tests(void);
int run_cc_staffing_tests(void);
int run_cc_outbound_tests(void);

#endif
