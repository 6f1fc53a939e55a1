/* main.c - bin/guanxi: the subcommand table and option parsing. */
#include "cli/cli.h"
#include "lib/log.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command {
	const char *name;
	int (*run)(struct cli_opts *o);
	const char *usage;
} commands[] = {
	{"serve", cli_serve, "serve --db PATH --listen HOST:PORT [--web DIR] [--threads N]\n"
			     "                          [--log-level debug|info|warn|error] [--test-clock]"},
	{"init", cli_init, "init --db PATH            create a database with all migrations"},
	{"migrate", cli_migrate, "migrate --db PATH         apply pending migrations"},
	{"user", cli_user, "user add --db PATH --username NAME --role ROLE [--team TEAM] [--display-name NAME]\n"
			   "                          (password on standard input)\n"
			   "  user reset-token --db PATH --username NAME"},
	{"backup", cli_backup, "backup --db PATH FILE     consistent copy while the server runs"},
	{"restore", cli_restore, "restore --db PATH FILE    bring a backup back"},
	{"audit", cli_audit, "audit verify --db PATH    check the audit log's hash chain"},
	{"demo", cli_demo, "demo --db PATH [--customers FILE]  demo teams, users and customers"},
	{"import", cli_import, "import customers FILE --db PATH [--dry-run]\n"
			       "                          customers from CSV (UTF-8 or GB18030) or .xlsx"},
	{"export", cli_export, "export customers FILE --db PATH [--format csv|xlsx]\n"
			       "                          all customers (format from the file name by default)"},
};

static void usage(FILE *f)
{
	fprintf(f, "Guanxi (关系) customer relationship and service system\n\nusage:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  guanxi %s\n", commands[i].usage);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"web", required_argument, NULL, 'w'},
		{"username", required_argument, NULL, 'u'},
		{"role", required_argument, NULL, 'r'},
		{"team", required_argument, NULL, 't'},
		{"display-name", required_argument, NULL, 'n'},
		{"threads", required_argument, NULL, 'T'},
		{"test-clock", no_argument, NULL, 'C'},
		{"log-level", required_argument, NULL, 'L'},
		{"customers", required_argument, NULL, 'c'},
		{"dry-run", no_argument, NULL, 'D'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct cli_opts o = {.listen = "127.0.0.1:8080", .web = "web/dist"};
	const struct command *cmd = NULL;
	int c;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(argv[1], commands[i].name))
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "guanxi: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'l': o.listen = optarg; break;
		case 'w': o.web = optarg; break;
		case 'u': o.username = optarg; break;
		case 'r': o.role = optarg; break;
		case 't': o.team = optarg; break;
		case 'n': o.display_name = optarg; break;
		case 'T': o.threads = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'C': o.test_clock = true; break;
		case 'L': o.log_level = optarg; break;
		case 'c': o.customers = optarg; break;
		case 'D': o.dry_run = true; break;
		case 'f': o.format = optarg; break;
		case 'h': printf("usage: guanxi %s\n", cmd->usage); return 0;
		default: fprintf(stderr, "usage: guanxi %s\n", cmd->usage); return 2;
		}
	}
	o.nargs = argc - optind;
	o.args = argv + optind;
	if (sodium_init() < 0) {
		fprintf(stderr, "guanxi: libsodium failed to initialise\n");
		return 1;
	}
	if (!o.db) {
		fprintf(stderr, "guanxi %s: --db PATH is required\nusage: guanxi %s\n",
			cmd->name, cmd->usage);
		return 2;
	}
	return cmd->run(&o);
}
