/* cli.h - the subcommands of bin/guanxi. main.c parses the options into
 * struct cli_opts and calls the command from its table; each command
 * returns the process exit status (0 success, 1 failure, 2 usage). */
#ifndef GX_CLI_H
#define GX_CLI_H

#include <stdbool.h>

struct cli_opts {
	const char *db, *listen, *web, *username, *role, *team, *display_name;
	const char *log_level, *customers, *format;
	unsigned threads;
	bool test_clock, dry_run;
	int nargs; /* positional arguments after the subcommand */
	char **args;
};

int cli_init(struct cli_opts *o);
int cli_migrate(struct cli_opts *o);
int cli_serve(struct cli_opts *o);
int cli_user(struct cli_opts *o);
int cli_backup(struct cli_opts *o);
int cli_restore(struct cli_opts *o);
int cli_audit(struct cli_opts *o);
int cli_demo(struct cli_opts *o);
int cli_import(struct cli_opts *o);
int cli_export(struct cli_opts *o);

/* Shared by the commands: opens --db (create: make it if missing) and
 * applies pending migrations. 0 or 1 with a message on stderr. */
int cli_open_db(const struct cli_opts *o, bool create);

/* The demo work orders (cli/demo_tickets.c), made by the demo users once
 * there are customers, unless there are orders already; *loaded counts
 * them. 0 or an error code (printed). */
struct principal;
int demo_tickets(const struct principal *sys, int *loaded);

#endif
