/* xlsx.h - Office Open XML workbooks (.xlsx): reading the first sheet of
 * one row at a time, and writing a one-sheet workbook whose rows are
 * pulled from the caller as the file is written (libzip + expat).
 *
 * Reading understands shared strings (rich text runs joined, phonetic
 * runs left out), inline strings, numbers (their text as stored: a date is
 * its serial number, see xlsx_serial_date), booleans (1/0) and formula
 * results. The first sheet is xl/worksheets/sheet1.xml, else the first
 * worksheet part in the archive. */
#ifndef GX_XLSX_H
#define GX_XLSX_H

#include <stdbool.h>
#include <stddef.h>

/* Called once per row that has a non-empty cell: line is the row number
 * (1-based, as Excel shows it), cells[0..n) its cells from column A, ""
 * for an empty one; borrowed until the callback returns, which may
 * change them in place (within their length). A non-zero return
 * stops the reading and is returned. */
typedef int (*xlsx_row_fn)(void *ctx, int line, char **cells, int n);

/* Reads the workbook in data[0..len). 0; the callback's non-zero return;
 * GX_ENOMEM; or GX_EINVAL when it is not a readable workbook (why, a short
 * Chinese message, written to err[0..errcap)). */
int xlsx_read(const void *data, size_t len, xlsx_row_fn row, void *ctx,
	      char *err, size_t errcap);

/* "YYYY-MM-DD" into out (11 bytes) for a cell holding an Excel date
 * serial number (1900 date system, whole days, 1 = 1900-01-01); false if s
 * is not such a number. */
bool xlsx_serial_date(const char *s, char *out);

/* Supplies the next row to the writer: points *cells at ncols strings
 * (borrowed until the next call) and returns 1, 0 after the last row, or
 * a negative error code that stops the writing. */
typedef int (*xlsx_next_fn)(void *ctx, const char *const **cells);

/* Writes a workbook with one sheet named sheet_name to path, the first
 * row in bold and frozen as a header, every cell as text. 0, GX_EDB when
 * the file cannot be written, or the error next returned. */
int xlsx_write(const char *path, const char *sheet_name, int ncols,
	       xlsx_next_fn next, void *ctx);

#endif
