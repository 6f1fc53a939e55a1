/* db.h - SQLite connections for the store layer.
 *
 * One connection per thread (WAL lets readers run beside the one writer),
 * opened on first use by that thread and closed when the thread ends.
 * Statements are prepared once per connection and cached by their SQL
 * text's address, so callers pass string literals. Nothing outside store/
 * sees SQL or sqlite3 types. */
#ifndef GX_DB_H
#define GX_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* Sets the database file every thread's connection opens. Call once at
 * startup, before db_get(). create: make the file if it does not exist. */
void db_configure(const char *path, bool create);

/* The database file set by db_configure (NULL before): files that belong
 * with the data (attachments) are kept beside it. Owned by db.c. */
const char *db_file_path(void);

/* This thread's connection, opening it if needed; NULL on failure (logged). */
struct db *db_get(void);

/* A connection of the caller's own, not this thread's: for a long read
 * that goes on between other requests served by the same thread (a
 * streamed export). NULL on failure (logged). Close with db_close. */
struct db *db_open_private(void);
void db_close(struct db *db);

/* Closes this thread's connection now (also happens at thread exit). */
void db_release_thread(void);

/* The cached prepared statement for sql (a string literal), reset and with
 * bindings cleared; NULL on error (logged). Owned by the connection. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* Runs SQL text with no parameters (schema, pragmas). 0 or GX_EDB. */
int db_exec(struct db *db, const char *sql);

/* Transactions. A write transaction takes the write lock at once (BEGIN
 * IMMEDIATE) so two writers never deadlock upgrading a read lock. */
int db_begin(struct db *db, bool write);
int db_commit(struct db *db);

/* A write transaction whose commit does not wait for the disk: the rows
 * survive a crash or kill -9 of the process (they are in the WAL, in the
 * OS), and reach the disk with the next ordinary commit or checkpoint; only
 * a power cut in between loses them. For the audit rows of reads, which
 * would otherwise make every read of a sensitive field wait for an fsync.
 * End it with db_commit or db_rollback as usual. */
int db_begin_lazy(struct db *db);
void db_rollback(struct db *db);

/* Runs fn(arg) after the transaction open on db commits, so that what it
 * announces (a live notification) is already visible to other
 * connections; a rollback forgets it. With no transaction open the
 * change has committed already and fn runs at once. GX_ENOMEM if it
 * cannot be remembered. */
int db_after_commit(struct db *db, void (*fn)(int64_t arg), int64_t arg);

/* Named parameters (":name"). A name the statement does not have is
 * skipped, so statements that share a record's bindings may each use some
 * of them. db_set_id binds NULL for 0 (none), db_set_opt_text NULL for
 * NULL or "" (none). */
void db_set_int(sqlite3_stmt *st, const char *name, int64_t v);
void db_set_text(sqlite3_stmt *st, const char *name, const char *s);
void db_set_id(sqlite3_stmt *st, const char *name, int64_t v);
void db_set_opt_text(sqlite3_stmt *st, const char *name, const char *s);

/* A list of strings kept in one column as a JSON array. db_list_read
 * copies up to max of them from json (NULL for none) into items, item_len
 * bytes each, and sets *n; db_list_json is the compact JSON of n items,
 * malloc'd (the caller frees it), NULL when out of memory. */
void db_list_read(const char *json, char *items, size_t item_len, int max, int *n);
char *db_list_json(const char *items, size_t item_len, int n);

/* Steps a versioned write (UPDATE or DELETE ... WHERE id = ? AND version
 * = ?) of row id: 0 if it changed the row; else why not, GX_EVERSION if
 * exists_sql ("SELECT 1 FROM t WHERE id = ?") finds the row, GX_ENOTFOUND
 * if not; GX_EDB on error. */
int db_step_versioned(struct db *db, sqlite3_stmt *st, const char *exists_sql, int64_t id);

/* Reads the rows of st, at most max, into the array out of elements of
 * size bytes, each through fill(st, element); sets *n to the rows read
 * and resets st. 0 or GX_EDB (also for a NULL st). */
int db_rows(sqlite3_stmt *st, void (*fill)(sqlite3_stmt *st, void *row), void *out,
	    size_t size, int max, int *n);

/* Reads the one row of st into out through fill and resets st: 0,
 * GX_ENOTFOUND when there is no row, or GX_EDB. */
int db_row(sqlite3_stmt *st, void (*fill)(sqlite3_stmt *st, void *row), void *out);

/* A fill for db_row/db_rows: the first column into an int64_t. */
void db_fill_int64(sqlite3_stmt *st, void *row);

/* Steps a statement that returns no rows (INSERT/UPDATE/DELETE).
 * Returns 0, GX_ECONFLICT on a UNIQUE violation, or GX_EDB. */
int db_step_done(struct db *db, sqlite3_stmt *st);

/* Row id of the last insert and rows changed by the last statement. */
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);

/* Skips (or enforces again) the schema's CHECK constraints on this
 * connection. Each row of a table whose CHECK has an IN list builds a
 * temporary b-tree for it; a bulk insert of rows the domain has already
 * checked by the same rules (an import) skips that. 0 or GX_EDB. */
int db_skip_checks(struct db *db, bool skip);

/* Trades durability for speed on this connection (no fsync): only for
 * loading data into a new database that can simply be made again. */
int db_fast_load(struct db *db);

/* The server's connections leave WAL checkpoints to db_checkpoint, run
 * by its scheduler, so that no request waits for one: called before the
 * first connection is opened. Elsewhere (the command line, generators)
 * SQLite checkpoints as it commits, as usual. */
void db_checkpoint_in_background(void);
/* Copies what the WAL holds into the database as far as readers allow,
 * without blocking them or writers (PASSIVE). The scheduler's
 * db.checkpoint job; now_ms is unused. 0 or GX_EDB. */
int db_checkpoint(struct db *db, int64_t now_ms);

/* Bulk loading: between db_batch(db, true) and db_batch(db, false) every
 * db_begin..db_commit on this connection is a savepoint of one outer
 * transaction, so a million small writes are not a million commits. A
 * savepoint rolled back undoes only its own writes. Callbacks of
 * db_after_commit run after the outer commit, and not at all if it fails. */
int db_batch(struct db *db, bool on);

/* Group commit for small writes that arrive together from many threads:
 * fn(db, arg) runs inside one transaction shared with the writers queued at
 * the same moment, possibly on another thread and that thread's connection
 * (the db it is given), and db_group returns once that transaction has
 * committed. fn uses db_begin..db_commit/db_rollback as usual; they are
 * savepoints, so a refused write undoes only itself. Returns fn's result,
 * or GX_EDB when the shared commit failed (then nothing fn wrote is kept and
 * whatever it allocated for its caller is the caller's to free). One fsync
 * then serves them all. */
int db_group(int (*fn)(struct db *db, void *arg), void *arg);

/* True if the database answers a trivial query (health checks). */
bool db_ping(struct db *db);

/* Raw handle for backup and integrity checks in store/ only. */
sqlite3 *db_handle(struct db *db);

/* Binds text, or NULL when s is NULL. */
int db_bind_text(sqlite3_stmt *st, int idx, const char *s);

/* Copies column text into buf (size n), "" for NULL. */
void db_col_text(sqlite3_stmt *st, int col, char *buf, size_t n);

#endif
