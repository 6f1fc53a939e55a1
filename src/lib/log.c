#include "lib/log.h"
#include "lib/clock.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_at(enum log_level level, const char *msg, const char *fmt, ...)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	char ts[CLOCK_RFC3339_LEN];
	json_t *obj = NULL;
	char *line;
	va_list ap;

	if (level < min_level)
		return;
	if (fmt) {
		json_error_t jerr;
		va_start(ap, fmt);
		obj = json_vpack_ex(&jerr, 0, fmt, ap);
		va_end(ap);
	}
	clock_rfc3339(clock_now_ms(), ts);
	json_t *head = json_pack("{s:s,s:s,s:s}", "ts", ts, "level", names[level],
				 "msg", msg);
	if (obj)
		json_object_update_missing(head, obj);
	json_decref(obj);
	line = json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(head);
	if (!line)
		return;
	/* One write per line keeps lines whole when threads log at once. */
	fprintf(stderr, "%s\n", line);
	free(line);
}
