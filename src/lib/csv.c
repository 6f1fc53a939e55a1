#include "lib/csv.h"
#include "lib/err.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* One record being read: the unquoted bytes of all its fields one after
 * another (each NUL-terminated) and where each field starts. */
struct record {
	char *buf;
	size_t len, cap;
	size_t *starts;
	int n, ncap;
	char **cells;
};

static int put(struct record *r, char c)
{
	if (r->len + 1 > r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		char *p = realloc(r->buf, cap);
		if (!p)
			return GX_ENOMEM;
		r->buf = p;
		r->cap = cap;
	}
	r->buf[r->len++] = c;
	return 0;
}

static int field_start(struct record *r)
{
	if (r->n == r->ncap) {
		int cap = r->ncap ? r->ncap * 2 : 32;
		size_t *p = realloc(r->starts, (size_t)cap * sizeof *p);
		if (!p)
			return GX_ENOMEM;
		r->starts = p;
		r->ncap = cap;
	}
	r->starts[r->n++] = r->len;
	return 0;
}

static int emit(struct record *r, int line, csv_row_fn row, void *ctx)
{
	bool blank = true;
	char **cells = realloc(r->cells, (size_t)r->n * sizeof *cells);

	if (!cells)
		return GX_ENOMEM;
	r->cells = cells;
	for (int i = 0; i < r->n; i++) {
		cells[i] = r->buf + r->starts[i];
		blank &= !*cells[i];
	}
	return blank ? 0 : row(ctx, line, cells, r->n);
}

/* Length of the line break at p (CRLF, LF or CR), 0 if none. */
static size_t line_break(const char *p, const char *end)
{
	if (*p == '\n')
		return 1;
	if (*p == '\r')
		return p + 1 < end && p[1] == '\n' ? 2 : 1;
	return 0;
}

int csv_read(const char *text, size_t len, csv_row_fn row, void *ctx, int *bad_line)
{
	struct record r = {0};
	const char *p = text, *end = text + len;
	int line = 1, start_line = 1, rc = 0;

	while (p < end && rc == 0) {
		/* One record: fields until a line break outside quotes. */
		r.len = 0;
		r.n = 0;
		start_line = line;
		for (;;) {
			if ((rc = field_start(&r)) != 0)
				break;
			if (p < end && *p == '"') {
				p++;
				for (;;) {
					if (p >= end) {
						rc = GX_EINVAL;
						*bad_line = start_line;
						break;
					}
					if (*p == '"' && p + 1 < end && p[1] == '"') {
						rc = put(&r, '"');
						p += 2;
					} else if (*p == '"') {
						p++;
						break;
					} else {
						size_t br = line_break(p, end);
						line += br > 0;
						rc = put(&r, *p++);
						if (br == 2)
							rc = rc ? rc : put(&r, *p++);
					}
					if (rc)
						break;
				}
			}
			/* Unquoted part (or what follows a closing quote). */
			while (rc == 0 && p < end && *p != ',' && !line_break(p, end))
				rc = put(&r, *p++);
			if (rc == 0)
				rc = put(&r, '\0');
			if (rc || p >= end || *p != ',')
				break;
			p++;
		}
		if (rc)
			break;
		if (p < end) {
			p += line_break(p, end);
			line++;
		}
		rc = emit(&r, start_line, row, ctx);
	}
	free(r.buf);
	free(r.starts);
	free(r.cells);
	return rc;
}

int csv_put_field(char *out, size_t *len, size_t cap, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	size_t need = strlen(s) + (quote ? 2 : 0), n = *len;

	for (const char *q = s; quote && *q; q++)
		need += *q == '"';
	if (n + need + 1 > cap)
		return -1;
	if (quote)
		out[n++] = '"';
	for (; *s; s++) {
		if (*s == '"')
			out[n++] = '"';
		out[n++] = *s;
	}
	if (quote)
		out[n++] = '"';
	out[n] = '\0';
	*len = n;
	return 0;
}
