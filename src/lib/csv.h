/* csv.h - RFC 4180 CSV: reading a whole text into records one at a time,
 * and writing one field with the quoting a spreadsheet expects.
 *
 * Reading accepts quoted fields with doubled quotes and embedded line
 * breaks, CRLF, LF or lone CR line ends, and a quote inside an unquoted
 * field as a literal character. Records whose fields are all empty (blank
 * lines, ",,,") are skipped. The text is taken as bytes: the caller has
 * made sure of its encoding. */
#ifndef GX_CSV_H
#define GX_CSV_H

#include <stddef.h>

/* Called once per record: line is the 1-based physical line the record
 * starts on, cells[0..n) its fields (NUL-terminated, borrowed until the
 * callback returns, which may change them in place within their length). A non-zero return stops the reading and is returned. */
typedef int (*csv_row_fn)(void *ctx, int line, char **cells, int n);

/* Reads text[0..len). 0 when every record was read; the callback's
 * non-zero return; GX_ENOMEM; or GX_EINVAL for a quoted field that is
 * never closed, with *bad_line set to the line it starts on. */
int csv_read(const char *text, size_t len, csv_row_fn row, void *ctx, int *bad_line);

/* Appends s as one field to out[*len..cap), quoted when it holds a comma,
 * quote or line break. Returns 0, or -1 (nothing written) when it does not
 * fit. */
int csv_put_field(char *out, size_t *len, size_t cap, const char *s);

#endif
