/* log.h - structured logs: one JSON object per line on stderr.
 *
 * Callers pass a jansson pack format and its arguments for the extra keys;
 * never pass a secret or an unmasked sensitive value. */
#ifndef GX_LOG_H
#define GX_LOG_H

#include <stdbool.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Only messages at or above this level are written (default LOG_INFO). */
void log_set_level(enum log_level level);

/* Sets the level from a name ("debug", "info", "warn", "error"); returns
 * 0, or -1 for an unknown name. */
int log_set_level_name(const char *name);

/* Writes {"ts":…,"level":…,"msg":msg, …fields}. fmt is a json_pack object
 * format such as "{s:s,s:i}" or NULL for no extra fields. */
void log_at(enum log_level level, const char *msg, const char *fmt, ...);

/* The access-log line of one HTTP request, written without building a
 * JSON tree: it runs for every request. Lines wait in a per-thread buffer
 * until it fills or log_flush() runs, so a request costs no system call
 * for its log line; other messages are written at once. */
void log_request(const char *method, const char *path, int status, long ms,
		 bool completed);

/* Writes every thread's buffered access-log lines. The server calls it
 * every LOG_FLUSH_MS and when it stops. Thread-safe. */
#define LOG_FLUSH_MS 250
void log_flush(void);

#define log_info(...) log_at(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_at(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_at(LOG_ERROR, __VA_ARGS__)

#endif
