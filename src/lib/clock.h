/* clock.h - the one source of "now" for every rule that depends on time
 * (session expiry, lockout, reset-token expiry, later SLA clocks).
 *
 * In production it is the real clock. A server started with --test-clock
 * lets tests move it forward; nothing else can. */
#ifndef GX_CLOCK_H
#define GX_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLOCK_RFC3339_LEN 32
#define CLOCK_DATE_LEN 11 /* "2026-11-22" and its NUL */

/* Current UTC time in milliseconds since the epoch, plus any test offset. */
int64_t clock_now_ms(void);

/* Moves the clock forward by ms (>= 0). Thread-safe. */
void clock_advance(int64_t ms);

/* Writes ms as "2026-11-22T08:00:00.000Z" into buf (CLOCK_RFC3339_LEN). */
void clock_rfc3339(int64_t ms, char *buf);

/* Parses the format clock_rfc3339 writes (and "...Z" without fraction, or
 * a +08:00 style offset). Returns 0 and sets *ms, or GX_EINVAL. */
int clock_parse_rfc3339(const char *s, int64_t *ms);

/* True if s is exactly a real calendar date "YYYY-MM-DD" from 1900 on. */
bool clock_is_date(const char *s);

/* Today's calendar date in Beijing (UTC+8) by clock_now_ms(), into buf
 * (CLOCK_DATE_LEN): dates users enter are Beijing dates. */
void clock_today_beijing(char *buf);

#endif
