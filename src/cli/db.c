/* db.c - commands that manage the database file: init, migrate, backup,
 * restore, audit verify. */
#include "cli/cli.h"
#include "domain/audit.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "store/backup.h"
#include "store/db.h"
#include "store/migrate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cli_open_db(const struct cli_opts *o, bool create)
{
	struct db *db;
	int applied;

	if (!create && access(o->db, F_OK) != 0) {
		fprintf(stderr, "guanxi: %s does not exist; create it with"
			" `guanxi init --db %s`\n", o->db, o->db);
		return 1;
	}
	char key[1024];

	log_set_level(LOG_WARN);
	/* The key of sealed fields lives beside the database (lib/secret.h). */
	snprintf(key, sizeof key, "%s.key", o->db);
	if (secret_open(key, true) != 0) {
		fprintf(stderr, "guanxi: cannot read or create the key file %s\n", key);
		return 1;
	}
	db_configure(o->db, create);
	if (!(db = db_get())) {
		fprintf(stderr, "guanxi: cannot open %s\n", o->db);
		return 1;
	}
	applied = migrate_apply(db);
	log_set_level(LOG_INFO);
	if (applied < 0) {
		fprintf(stderr, "guanxi: migrations failed on %s\n", o->db);
		return 1;
	}
	return 0;
}

int cli_init(struct cli_opts *o)
{
	if (cli_open_db(o, true) != 0)
		return 1;
	printf("database ready: %s (schema version %d)\n", o->db,
	       migrate_version(db_get()));
	db_release_thread();
	return 0;
}

int cli_migrate(struct cli_opts *o)
{
	return cli_init(o);
}

/* Copies the key file from to to (mode 0600). 0, or -1 with errno. */
static int copy_key(const char *from, const char *to)
{
	char buf[256];
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0)
		goto done;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			goto done;
	rc = n == 0 && fsync(out) == 0 ? 0 : -1;
done:
	close(in);
	if (out >= 0)
		close(out);
	return rc;
}

int cli_backup(struct cli_opts *o)
{
	char err[256] = "";

	if (o->nargs != 1) {
		fprintf(stderr, "usage: guanxi backup --db PATH FILE\n");
		return 2;
	}
	char key_from[1024], key_to[1024];

	if (store_backup(o->db, o->args[0], err) != 0) {
		fprintf(stderr, "guanxi backup: %s\n", err);
		return 1;
	}
	/* Sealed fields are unreadable without their key: it goes along. */
	snprintf(key_from, sizeof key_from, "%s.key", o->db);
	snprintf(key_to, sizeof key_to, "%s.key", o->args[0]);
	if (access(key_from, F_OK) == 0 && copy_key(key_from, key_to) != 0) {
		fprintf(stderr, "guanxi backup: cannot copy %s to %s: %s\n", key_from,
			key_to, strerror(errno));
		return 1;
	}
	printf("backup written: %s (key: %s)\n", o->args[0], key_to);
	return 0;
}

int cli_restore(struct cli_opts *o)
{
	char err[256] = "";

	if (o->nargs != 1) {
		fprintf(stderr, "usage: guanxi restore --db PATH FILE\n");
		return 2;
	}
	char key_from[1024], key_to[1024];

	if (store_restore(o->db, o->args[0], err) != 0) {
		fprintf(stderr, "guanxi restore: %s\n", err);
		return 1;
	}
	snprintf(key_from, sizeof key_from, "%s.key", o->args[0]);
	snprintf(key_to, sizeof key_to, "%s.key", o->db);
	if (access(key_from, F_OK) == 0 && copy_key(key_from, key_to) != 0) {
		fprintf(stderr, "guanxi restore: cannot copy %s to %s: %s\n", key_from,
			key_to, strerror(errno));
		return 1;
	}
	printf("restored %s from %s\n", o->db, o->args[0]);
	return 0;
}

int cli_audit(struct cli_opts *o)
{
	int64_t rows = 0, bad = 0;
	char why[128] = "";
	int rc;

	if (o->nargs != 1 || strcmp(o->args[0], "verify") != 0) {
		fprintf(stderr, "usage: guanxi audit verify --db PATH\n");
		return 2;
	}
	if (cli_open_db(o, false) != 0)
		return 1;
	rc = audit_verify(db_get(), &rows, &bad, why);
	db_release_thread();
	if (rc < 0) {
		fprintf(stderr, "guanxi audit: cannot read the audit log\n");
		return 1;
	}
	if (rc > 0) {
		printf("audit log broken at row %lld: %s\n", (long long)bad, why);
		return 1;
	}
	printf("audit log intact: %lld rows\n", (long long)rows);
	return 0;
}
