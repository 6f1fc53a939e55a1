#include "store/db.h"
#include "lib/err.h"
#include "lib/log.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STMT_SLOTS 512 /* power of two, comfortably above distinct SQL texts */

struct after_commit {
	void (*fn)(int64_t arg);
	int64_t arg;
};

struct db {
	sqlite3 *conn;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STMT_SLOTS];
	bool lazy; /* in a db_begin_lazy transaction */
	bool batch; /* in db_batch: transactions are savepoints */
	bool saved; /* a db_begin savepoint of the batch is open */
	bool writing; /* holds the process's writer lock */
	struct after_commit *after; /* waiting for the open transaction's commit */
	size_t nafter, capafter;
	size_t nafter_kept; /* in a batch: those of the savepoints released */
};

static char *db_path;
static bool db_create;
static bool db_background_checkpoints;
static pthread_key_t db_key;
/* The process's writers queue here before BEGIN IMMEDIATE. SQLite's own
 * busy handler sleeps 1, 2, 5, 10… ms between retries and is not woken when
 * the lock frees, so threads contending inside SQLite spend most of their
 * time asleep with the lock idle; a mutex hands it over at once. Other
 * processes (the CLI) still meet SQLite's lock and busy_timeout. */
static pthread_mutex_t db_writer = PTHREAD_MUTEX_INITIALIZER;
/* db_group's connection, used by one leader at a time. Its own: a
 * connection's page cache is dropped whenever another connection has
 * written, so the group's reads stay cached only while it alone writes. */
static struct db *group_db;
#define WRITER_WAIT_S 10 /* as busy_timeout */
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;

static void db_free(void *p)
{
	struct db *db = p;

	if (!db)
		return;
	for (size_t i = 0; i < STMT_SLOTS; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->conn);
	if (db->writing)
		pthread_mutex_unlock(&db_writer);
	free(db->after);
	free(db);
}

static void db_key_init(void)
{
	pthread_key_create(&db_key, db_free);
}

void db_configure(const char *path, bool create)
{
	/* Memory statistics take a process-wide mutex on every allocation;
	 * with a connection per thread that lock is the one contention left.
	 * Only possible before SQLite initialises, so later calls are no-ops. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	free(db_path);
	db_path = strdup(path);
	db_free(group_db);
	group_db = NULL;
	db_create = create;
}

const char *db_file_path(void)
{
	return db_path;
}

static struct db *db_open(void)
{
	static const char *const pragmas =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA busy_timeout=10000;"
		"PRAGMA temp_store=MEMORY;"
		"PRAGMA cache_size=-32768;";
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		    (db_create ? SQLITE_OPEN_CREATE : 0);
	struct db *db = calloc(1, sizeof *db);

	if (!db)
		return NULL;
	if (sqlite3_open_v2(db_path, &db->conn, flags, NULL) != SQLITE_OK) {
		log_error("db_open_failed", "{s:s,s:s}", "path", db_path, "error",
			  db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->conn, 1);
	if (db_exec(db, pragmas) != 0 ||
	    (db_background_checkpoints && db_exec(db, "PRAGMA wal_autocheckpoint=0") != 0))
		goto fail;
	return db;
fail:
	db_free(db);
	return NULL;
}

struct db *db_get(void)
{
	struct db *db;

	pthread_once(&db_key_once, db_key_init);
	db = pthread_getspecific(db_key);
	if (db)
		return db;
	if (!db_path)
		return NULL;
	db = db_open();
	if (db)
		pthread_setspecific(db_key, db);
	return db;
}

struct db *db_open_private(void)
{
	return db_path ? db_open() : NULL;
}

void db_close(struct db *db)
{
	db_free(db);
}

void db_release_thread(void)
{
	pthread_once(&db_key_once, db_key_init);
	db_free(pthread_getspecific(db_key));
	pthread_setspecific(db_key, NULL);
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) & (STMT_SLOTS - 1);

	for (size_t i = 0; i < STMT_SLOTS; i++, h = (h + 1) & (STMT_SLOTS - 1)) {
		if (db->cache[h].sql == sql) {
			sqlite3_reset(db->cache[h].st);
			sqlite3_clear_bindings(db->cache[h].st);
			return db->cache[h].st;
		}
		if (!db->cache[h].sql)
			break;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &st, NULL) != SQLITE_OK) {
		log_error("db_prepare_failed", "{s:s,s:s}", "sql", sql, "error",
			  sqlite3_errmsg(db->conn));
		return NULL;
	}
	if (db->cache[h].sql) {
		/* Table full: the statement is still correct, just not cached
		 * for long; it replaces the slot's previous occupant. */
		sqlite3_finalize(db->cache[h].st);
	}
	db->cache[h].sql = sql;
	db->cache[h].st = st;
	return st;
}

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("db_exec_failed", "{s:s}", "error", msg ? msg : "?");
		sqlite3_free(msg);
		return GX_EDB;
	}
	return 0;
}

static int writer_acquire(struct db *db)
{
	struct timespec until;

	if (db->writing)
		return 0;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WRITER_WAIT_S;
	if (pthread_mutex_timedlock(&db_writer, &until) != 0) {
		log_error("db_writer_busy", "{s:i}", "seconds", WRITER_WAIT_S);
		return GX_EDB;
	}
	db->writing = true;
	return 0;
}

/* Lets the next writer in once the connection has no transaction open. */
static void writer_release(struct db *db)
{
	if (db->writing && sqlite3_get_autocommit(db->conn)) {
		db->writing = false;
		pthread_mutex_unlock(&db_writer);
	}
}

int db_begin(struct db *db, bool write)
{
	int rc;

	if (db->batch) {
		db->nafter_kept = db->nafter;
		db->saved = db_step_done(db, db_stmt(db, "SAVEPOINT gx_batch")) == 0;
		return db->saved ? 0 : GX_EDB;
	}
	db->nafter = 0;
	if (write && (rc = writer_acquire(db)) != 0)
		return rc;
	rc = db_step_done(db, db_stmt(db, write ? "BEGIN IMMEDIATE" : "BEGIN"));
	writer_release(db);
	return rc;
}

/* The connection's commits wait for the disk again. */
static void lazy_end(struct db *db)
{
	if (db->lazy && sqlite3_get_autocommit(db->conn)) {
		db->lazy = false;
		(void)db_exec(db, "PRAGMA synchronous=FULL");
	}
}

int db_begin_lazy(struct db *db)
{
	int rc;

	if ((rc = db_exec(db, "PRAGMA synchronous=NORMAL")) != 0)
		return rc;
	db->lazy = true;
	if ((rc = db_begin(db, true)) != 0)
		lazy_end(db);
	return rc;
}

/* Runs what waited for the commit that just happened. */
static void after_run(struct db *db)
{
	struct after_commit *list = db->after;
	size_t n = db->nafter;

	if (n == 0)
		return;
	/* Taken off the connection before running: a callback may open
	 * another transaction on it. */
	db->after = NULL;
	db->nafter = db->capafter = 0;
	for (size_t i = 0; i < n; i++)
		list[i].fn(list[i].arg);
	free(list);
}

int db_commit(struct db *db)
{
	int rc;

	if (db->batch) {
		/* The callbacks wait for the outer commit: until then no other
		 * connection sees the rows. */
		rc = db_step_done(db, db_stmt(db, "RELEASE gx_batch"));
		if (rc == 0)
			db->saved = false;
		return rc;
	}
	rc = db_step_done(db, db_stmt(db, "COMMIT"));
	lazy_end(db);
	writer_release(db);
	if (rc == 0)
		after_run(db);
	return rc;
}

void db_rollback(struct db *db)
{
	db->nafter = db->batch ? db->nafter_kept : 0;
	if (db->batch && db->saved)
		(void)db_exec(db, "ROLLBACK TO gx_batch; RELEASE gx_batch");
	db->saved = false;
	if (!db->batch && !sqlite3_get_autocommit(db->conn))
		(void)db_exec(db, "ROLLBACK");
	lazy_end(db);
	writer_release(db);
}

void db_checkpoint_in_background(void)
{
	db_background_checkpoints = true;
}

int db_checkpoint(struct db *db, int64_t now_ms)
{
	(void)now_ms;
	return db_exec(db, "PRAGMA wal_checkpoint(PASSIVE)");
}

int db_batch(struct db *db, bool on)
{
	int rc;

	if (on == db->batch)
		return 0;
	db->batch = false;
	if (!on) {
		if ((rc = db_exec(db, "COMMIT")) != 0) {
			db_rollback(db);
			return rc;
		}
		writer_release(db);
		after_run(db);
		return 0;
	}
	db->nafter = db->nafter_kept = 0;
	if ((rc = writer_acquire(db)) != 0)
		return rc;
	if ((rc = db_exec(db, "BEGIN IMMEDIATE")) == 0)
		db->batch = true;
	writer_release(db);
	return rc;
}

/* Group commit: a writer waiting in db_group. The first in the queue leads:
 * it runs the work of those behind it too, on its own connection in one
 * transaction, and wakes them after the commit. */
struct group_item {
	int (*fn)(struct db *db, void *arg);
	void *arg;
	int rc;
	bool done;
	pthread_cond_t woken;
	struct group_item *next;
};

#define GROUP_MAX 64 /* items in one commit */

static pthread_mutex_t group_lock = PTHREAD_MUTEX_INITIALIZER;
static struct group_item *group_head, *group_tail;

/* The leader's part: the first n items of the queue, committed together. */
static void group_lead(struct group_item **batch, int n)
{
	struct db *db = group_db ? group_db : (group_db = db_open());
	int rc = db ? db_batch(db, true) : GX_EDB;

	for (int i = 0; i < n; i++)
		batch[i]->rc = rc ? rc : batch[i]->fn(db, batch[i]->arg);
	if (rc == 0 && (rc = db_batch(db, false)) != 0)
		for (int i = 0; i < n; i++)
			batch[i]->rc = rc;
}

int db_group(int (*fn)(struct db *db, void *arg), void *arg)
{
	struct group_item me = {.fn = fn, .arg = arg}, *batch[GROUP_MAX];
	int n = 0;

	pthread_cond_init(&me.woken, NULL);
	pthread_mutex_lock(&group_lock);
	if (group_tail)
		group_tail->next = &me;
	else
		group_head = &me;
	group_tail = &me;
	while (!me.done && group_head != &me)
		pthread_cond_wait(&me.woken, &group_lock);
	if (me.done)
		goto out;
	for (struct group_item *it = &me; it && n < GROUP_MAX; it = it->next)
		batch[n++] = it;
	pthread_mutex_unlock(&group_lock);

	group_lead(batch, n);

	pthread_mutex_lock(&group_lock);
	group_head = batch[n - 1]->next;
	if (!group_head)
		group_tail = NULL;
	else
		pthread_cond_signal(&group_head->woken);
	/* After this a follower may return: its item is not touched again. */
	for (int i = 1; i < n; i++) {
		batch[i]->done = true;
		pthread_cond_signal(&batch[i]->woken);
	}
out:
	pthread_mutex_unlock(&group_lock);
	pthread_cond_destroy(&me.woken);
	return me.rc;
}

int db_after_commit(struct db *db, void (*fn)(int64_t arg), int64_t arg)
{
	struct after_commit *a = db->after;

	if (sqlite3_get_autocommit(db->conn)) {
		fn(arg);
		return 0;
	}
	/* The same announcement twice in a row is one (a row per user). */
	if (db->nafter && a[db->nafter - 1].fn == fn && a[db->nafter - 1].arg == arg)
		return 0;
	if (db->nafter == db->capafter) {
		size_t cap = db->capafter ? db->capafter * 2 : 16;
		if (!(a = realloc(db->after, cap * sizeof *a)))
			return GX_ENOMEM;
		db->after = a;
		db->capafter = cap;
	}
	a[db->nafter++] = (struct after_commit){fn, arg};
	return 0;
}

int db_step_done(struct db *db, sqlite3_stmt *st)
{
	int rc;

	if (!st)
		return GX_EDB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return GX_ECONFLICT;
	log_error("db_step_failed", "{s:s,s:i}", "error",
		  sqlite3_errmsg(db->conn), "code", rc);
	return GX_EDB;
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->conn);
}

int db_changes(struct db *db)
{
	return sqlite3_changes(db->conn);
}

int db_skip_checks(struct db *db, bool skip)
{
	return db_exec(db, skip ? "PRAGMA ignore_check_constraints=ON"
				: "PRAGMA ignore_check_constraints=OFF");
}

int db_fast_load(struct db *db)
{
	return db_exec(db, "PRAGMA synchronous=OFF");
}

bool db_ping(struct db *db)
{
	sqlite3_stmt *st = db ? db_stmt(db, "SELECT 1") : NULL;
	bool ok = st && sqlite3_step(st) == SQLITE_ROW;

	if (st)
		sqlite3_reset(st);
	return ok;
}

sqlite3 *db_handle(struct db *db)
{
	return db->conn;
}

int db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

void db_col_text(sqlite3_stmt *st, int col, char *buf, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(buf, n, "%s", t ? (const char *)t : "");
}

void db_set_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i)
		sqlite3_bind_int64(st, i, v);
}

void db_set_text(sqlite3_stmt *st, const char *name, const char *s)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i)
		db_bind_text(st, i, s);
}

void db_set_id(sqlite3_stmt *st, const char *name, int64_t v)
{
	if (v)
		db_set_int(st, name, v);
}

void db_set_opt_text(sqlite3_stmt *st, const char *name, const char *s)
{
	if (s && *s)
		db_set_text(st, name, s);
}

void db_list_read(const char *json, char *items, size_t item_len, int max, int *n)
{
	json_t *arr = json_loads(json ? json : "[]", 0, NULL), *v;
	size_t i;

	*n = 0;
	json_array_foreach(arr, i, v)
		if (json_is_string(v) && *n < max)
			snprintf(items + (size_t)(*n)++ * item_len, item_len, "%s",
				 json_string_value(v));
	json_decref(arr);
}

/* Written by hand rather than through jansson: every imported customer
 * has three of these, and building a JSON tree for each cost more than
 * the rest of its columns. */
char *db_list_json(const char *items, size_t item_len, int n)
{
	static const char hex[] = "0123456789abcdef";
	size_t cap = 3, len = 0;
	char *out;

	for (int i = 0; i < n; i++)
		cap += 6 * strlen(items + (size_t)i * item_len) + 3;
	if (!(out = malloc(cap)))
		return NULL;
	out[len++] = '[';
	for (int i = 0; i < n; i++) {
		const unsigned char *c = (const unsigned char *)(items + (size_t)i * item_len);
		if (i)
			out[len++] = ',';
		out[len++] = '"';
		for (; *c; c++) {
			if (*c == '"' || *c == '\\') {
				out[len++] = '\\';
				out[len++] = (char)*c;
			} else if (*c < 0x20) {
				memcpy(out + len, "\\u00", 4);
				out[len + 4] = hex[*c >> 4];
				out[len + 5] = hex[*c & 15];
				len += 6;
			} else {
				out[len++] = (char)*c;
			}
		}
		out[len++] = '"';
	}
	out[len++] = ']';
	out[len] = '\0';
	return out;
}

/* Why a versioned write changed nothing. */
static int why_unchanged(struct db *db, const char *exists_sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, exists_sql);
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return GX_EVERSION;
	return rc == SQLITE_DONE ? GX_ENOTFOUND : GX_EDB;
}

int db_step_versioned(struct db *db, sqlite3_stmt *st, const char *exists_sql, int64_t id)
{
	int rc = db_step_done(db, st);

	if (rc != 0)
		return rc;
	return db_changes(db) ? 0 : why_unchanged(db, exists_sql, id);
}

int db_rows(sqlite3_stmt *st, void (*fill)(sqlite3_stmt *st, void *row), void *out,
	    size_t size, int max, int *n)
{
	int rc = SQLITE_DONE;

	*n = 0;
	if (!st)
		return GX_EDB;
	/* Stops at max without stepping past it: the rows beyond are not
	 * wanted, and the statement's LIMIT is often max already. */
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		fill(st, (char *)out + (size_t)(*n)++ * size);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		log_error("db_step_failed", "{s:s,s:i}", "error",
			  sqlite3_errmsg(sqlite3_db_handle(st)), "code", rc);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : GX_EDB;
}

void db_fill_int64(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

int db_row(sqlite3_stmt *st, void (*fill)(sqlite3_stmt *st, void *row), void *out)
{
	int n, rc = db_rows(st, fill, out, 0, 1, &n);

	return rc ? rc : n ? 0 : GX_ENOTFOUND;
}
