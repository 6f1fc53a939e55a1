#include "lib/err.h"
#include "lib/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int verr_add(struct verr *v, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!v || v->n >= VERR_MAX)
		return GX_EINVAL;
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->item[i].field, field))
			return GX_EINVAL;
	utf8_copy(v->item[v->n].field, sizeof v->item[v->n].field, field);
	va_start(ap, fmt);
	vsnprintf(v->item[v->n].message, sizeof v->item[v->n].message, fmt, ap);
	va_end(ap);
	v->n++;
	return GX_EINVAL;
}

const char *gx_strerror(int code)
{
	static const char *const names[] = {
		"ok", "invalid", "not found", "forbidden", "conflict",
		"stale version", "unauthenticated", "locked", "disabled",
		"storage error", "out of memory",
	};
	if (code > 0 || -code >= (int)(sizeof names / sizeof names[0]))
		return "unknown error";
	return names[-code];
}
