/* libFuzzer target for the customer files a user uploads (CUS-11): the
 * first byte picks CSV or Excel, the rest is the file, which goes through a
 * dry-run import exactly as from the API (CSV or xlsx reader, header
 * mapping, cell clean-up, every customer field rule, duplicate warnings)
 * against a temporary database. The same bytes also feed the GB18030
 * decoder and the date-serial reader. Build and run with `make fuzz`. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/imports.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/textenc.h"
#include "lib/utf8.h"
#include "lib/xlsx.h"
#include "store/db.h"
#include "store/migrate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char tmpl[] = "/tmp/gx-fuzz-files-XXXXXX", path[64], key[64];

	(void)argc;
	(void)argv;
	if (sodium_init() < 0 || !mkdtemp(tmpl))
		abort();
	snprintf(path, sizeof path, "%s/f.db", tmpl);
	snprintf(key, sizeof key, "%s/f.db.key", tmpl);
	log_set_level(LOG_ERROR);
	if (secret_open(key, true) != 0)
		abort();
	db_configure(path, true);
	if (migrate_apply(db_get()) < 1)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_result res;
	struct principal sys;
	char *utf8 = NULL, date[11];
	size_t len = 0, bad;
	int rc;

	if (size < 1)
		return 0;
	if (textenc_gb18030_to_utf8((const char *)data + 1, size - 1, &utf8, &len, &bad) == 0 &&
	    strlen(utf8) > len)
		abort();
	free(utf8);
	if (size < 16) {
		char s[16] = "";
		memcpy(s, data + 1, size - 1);
		if (xlsx_serial_date(s, date) && strlen(date) != 10)
			abort();
	}
	principal_system(&sys);
	/* The API passes CSV on only when it is valid UTF-8. */
	bool xlsx = data[0] & 1;
	if (!xlsx && !utf8_valid((const char *)data + 1, size - 1))
		return 0;
	rc = imports_customers(&sys, xlsx ? IMPORT_XLSX : IMPORT_CSV, (const char *)data + 1,
			       size - 1, true, &res);
	if (rc != 0 || res.valid + res.bad_rows > res.rows || res.imported != 0)
		abort();
	imports_result_free(&res);
	return 0;
}
