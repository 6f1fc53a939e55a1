/* imports.h - customer import (CUS-11): a CSV or Excel file of customers,
 * one per row under a header row, checked row by row with exactly the rules
 * of customers_create, then imported all together or not at all.
 *
 * A dry run reads and checks every row and writes nothing. A real run does
 * the same inside one write transaction, inserting each good row with its
 * "create" history rows; if any row is bad it rolls back and nothing is
 * imported. Rows whose phone or ID number repeats an earlier row of the file
 * or belongs to an existing customer are warnings: they do not stop the
 * import. Needs customer.import and customer.write; the customers' scope
 * rules are those of creating one. */
#ifndef GX_DOMAIN_IMPORTS_H
#define GX_DOMAIN_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/perm.h"

/* At most this many errors and this many warnings are listed. */
#define IMPORT_ISSUES_MAX 1000

enum import_format {
	IMPORT_CSV,  /* UTF-8 text, with or without a byte order mark */
	IMPORT_XLSX, /* the first sheet of an Office Open XML workbook */
};

/* One finding: line is the file's physical line (CSV) or row number
 * (Excel) the record starts on, the header being line 1; 0 for the file as
 * a whole. column is the header as written in the file, "" for none. */
struct import_issue {
	int line;
	char column[64];
	char message[192];
};

struct import_result {
	int rows;     /* data rows read (blank rows not counted) */
	int valid;    /* of them, rows that pass every check */
	int imported; /* rows imported (0 for a dry run or a refused run) */
	int bad_rows; /* rows with at least one error */
	struct import_issue *errors, *warnings; /* owned; imports_result_free */
	int nerrors, nwarnings;
	bool errors_truncated, warnings_truncated; /* more than listed */
};

/* Reads data[0..len) in format f for who. Returns 0 after a dry run or a
 * completed import; GX_EINVAL for a real run refused because of errors (all
 * listed in res, nothing imported); GX_EPERM; GX_EDB or GX_ENOMEM. res is
 * filled in every case and must be freed with imports_result_free. */
int imports_customers(const struct principal *who, enum import_format f,
		      const char *data, size_t len, bool dry_run,
		      struct import_result *res);

void imports_result_free(struct import_result *res);

#endif
