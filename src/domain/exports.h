/* exports.h - customer export (CUS-11): the customers a search finds, as a
 * CSV file (UTF-8 with a byte order mark, so Excel reads it as such, and a
 * Chinese header row) or an Excel workbook, in the columns an import reads
 * (domain/customer_columns.h).
 *
 * Rows come one at a time from one statement on a connection of the
 * export's own, so an export of any size runs in little memory and between
 * other requests on the same thread. Sensitive fields are masked as in the
 * list unless the reader holds customer.read_sensitive; an unmasked export
 * writes one customer.view_sensitive audit row that describes it (format
 * and search), when it is opened. Needs customer.read and customer.export. */
#ifndef GX_DOMAIN_EXPORTS_H
#define GX_DOMAIN_EXPORTS_H

#include <sys/types.h>

#include "domain/customers.h"

enum export_format { EXPORT_CSV, EXPORT_XLSX };

struct customer_export;

/* Checks the search as customers_list does (GX_EINVAL with v filled;
 * limit and after_id are ignored) and opens the export into *out. 0,
 * GX_EPERM, GX_EINVAL, GX_EDB or GX_ENOMEM. */
int customers_export_open(const struct principal *who, const struct customer_search *s,
			  enum export_format f, struct customer_export **out,
			  struct verr *v);

/* The next bytes of the file, up to cap into buf: their count, 0 at the
 * end, or a negative error code. An Excel workbook is first written whole
 * to a temporary file (the zip directory comes last), then read out. */
ssize_t customers_export_read(struct customer_export *x, char *buf, size_t cap);

/* Ends the export and frees it; NULL is allowed. */
void customers_export_close(struct customer_export *x);

#endif
