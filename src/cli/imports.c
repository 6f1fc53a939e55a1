/* imports.c - `guanxi import customers FILE [--dry-run]` and `guanxi
 * export customers FILE [--format csv|xlsx]`: the customer files of
 * CUS-11 from the shell, through the same domain code as the API, acting
 * as the system operator. */
#include "cli/cli.h"
#include "domain/exports.h"
#include "domain/imports.h"
#include "lib/textenc.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

/* The whole file into a new buffer (caller frees); NULL with a message. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(buf = malloc((size_t)size + 1)) ||
	    fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "guanxi import: cannot read %s\n", path);
		free(buf);
		buf = NULL;
	} else {
		buf[size] = '\0';
		*len = (size_t)size;
	}
	if (f)
		fclose(f);
	return buf;
}

/* CSV text as UTF-8: as it is when it is UTF-8, else read as GB18030 (what
 * Excel saves on a Chinese Windows). NULL with a message if neither. */
static char *csv_utf8(char *data, size_t len, size_t *out_len)
{
	size_t bom = textenc_utf8_bom(data, len), bad;
	char *text;

	if (utf8_valid(data + bom, len - bom)) {
		*out_len = len;
		return data;
	}
	if (textenc_gb18030_to_utf8(data, len, &text, out_len, &bad) != 0 ||
	    !utf8_valid(text, *out_len)) {
		if (text)
			free(text);
		fprintf(stderr, "guanxi import: the file is neither UTF-8 nor GB18030 text\n");
		return NULL;
	}
	free(data);
	return text;
}

static void print_issues(const char *what, const struct import_issue *list, int n,
			 bool truncated)
{
	for (int i = 0; i < n; i++)
		fprintf(stderr, "%s: line %d%s%s: %s\n", what, list[i].line,
			list[i].column[0] ? ", column " : "", list[i].column, list[i].message);
	if (truncated)
		fprintf(stderr, "%s: (more not listed)\n", what);
}

static int import_customers(struct cli_opts *o, const char *path)
{
	bool xlsx = ends_with(path, ".xlsx");
	struct import_result res;
	struct principal sys;
	size_t len;
	char *data = slurp(path, &len);
	int rc;

	if (!data)
		return 1;
	if (!xlsx && !(data = csv_utf8(data, len, &len)))
		return 1;
	principal_system(&sys);
	rc = imports_customers(&sys, xlsx ? IMPORT_XLSX : IMPORT_CSV, data, len, o->dry_run, &res);
	free(data);
	print_issues("error", res.errors, res.nerrors, res.errors_truncated);
	print_issues("warning", res.warnings, res.nwarnings, res.warnings_truncated);
	if (rc == 0 || rc == GX_EINVAL)
		printf("%s: %d rows, %d valid, %d with errors, %d imported%s\n", path, res.rows,
		       res.valid, res.bad_rows, res.imported,
		       o->dry_run ? " (dry run)" : rc ? " (nothing imported)" : "");
	else
		fprintf(stderr, "guanxi import: %s\n", gx_strerror(rc));
	imports_result_free(&res);
	return rc == 0 && !res.nerrors ? 0 : 1;
}

static int export_customers(struct cli_opts *o, const char *path)
{
	bool xlsx = o->format ? !strcmp(o->format, "xlsx") : ends_with(path, ".xlsx");
	struct customer_search all = {0};
	struct customer_export *x;
	struct principal sys;
	struct verr v = {0};
	static char buf[65536];
	ssize_t n;
	FILE *f;
	int rc;

	if (o->format && strcmp(o->format, "xlsx") && strcmp(o->format, "csv")) {
		fprintf(stderr, "guanxi export: --format is csv or xlsx\n");
		return 2;
	}
	principal_system(&sys);
	if ((rc = customers_export_open(&sys, &all, xlsx ? EXPORT_XLSX : EXPORT_CSV, &x, &v)) != 0) {
		fprintf(stderr, "guanxi export: %s\n", gx_strerror(rc));
		return 1;
	}
	if (!(f = fopen(path, "wb"))) {
		fprintf(stderr, "guanxi export: cannot write %s\n", path);
		customers_export_close(x);
		return 1;
	}
	while ((n = customers_export_read(x, buf, sizeof buf)) > 0 &&
	       fwrite(buf, 1, (size_t)n, f) == (size_t)n)
		;
	customers_export_close(x);
	if (fclose(f) != 0 || n != 0) {
		fprintf(stderr, "guanxi export: writing %s failed (%s)\n", path,
			n < 0 ? gx_strerror((int)n) : "disk full?");
		return 1;
	}
	printf("customers exported to %s\n", path);
	return 0;
}

/* Both commands: "customers FILE" after the options. */
static int run(struct cli_opts *o, const char *cmd, int (*fn)(struct cli_opts *, const char *))
{
	int rc;

	if (o->nargs != 2 || strcmp(o->args[0], "customers")) {
		fprintf(stderr, "usage: guanxi %s customers FILE --db PATH ...\n", cmd);
		return 2;
	}
	if (cli_open_db(o, false) != 0)
		return 1;
	rc = fn(o, o->args[1]);
	db_release_thread();
	return rc;
}

int cli_import(struct cli_opts *o)
{
	return run(o, "import", import_customers);
}

int cli_export(struct cli_opts *o)
{
	return run(o, "export", export_customers);
}
