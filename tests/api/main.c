/* Runs every API test group. Output is TAP when CMOCKA_MESSAGE_OUTPUT=TAP.
 *
 * Environment:
 *   GUANXI_BIN   absolute path of the server binary (required)
 *   GUANXI_ROOT  repository root (informational)
 *   GX_GROUPS    optional comma-separated list of groups to run
 *   GUANXI_KEEP  keep the temporary directories (server logs, databases)
 * An optional first argument is a cmocka test-name filter (wildcards * ?).
 */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int (*run)(void);
} groups[] = {
	{ "lifecycle", run_lifecycle_tests },
	{ "session", run_session_tests },
	{ "csrf", run_csrf_tests },
	{ "users", run_users_tests },
	{ "roles", run_roles_tests },
	{ "limits", run_limits_tests },
	{ "tokens", run_tokens_tests },
	{ "passwords", run_passwords_tests },
	{ "clock", run_clock_tests },
	{ "audit", run_audit_tests },
	{ "backup", run_backup_tests },
	{ "durability", run_durability_tests },
	{ "customers", run_customers_tests },
	{ "customer_records", run_customer_records_tests },
	{ "contacts", run_contacts_tests },
	{ "tasks", run_tasks_tests },
	{ "dictionaries", run_dictionaries_tests },
	{ "imports", run_imports_tests },
	{ "sla", run_sla_tests },
	{ "notifications", run_notifications_tests },
	{ "tickets", run_tickets_tests },
	{ "kb", run_kb_tests },
	{ "cc", run_cc_tests },
	{ "cc_stats", run_cc_stats_tests },
	{ "cc_staffing", run_cc_staffing_tests },
	{ "cc_outbound", run_cc_outbound_tests },
};

static int selected(const char *list, const char *name)
{
	if (!list || !*list)
		return 1;
	size_t nl = strlen(name);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == nl && strncmp(p, name, len) == 0)
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "curl_global_init failed\n");
		return 1;
	}
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	if (!getenv("GUANXI_BIN"))
		fprintf(stderr, "# GUANXI_BIN is not set; every test will "
				"fail\n");
	const char *list = getenv("GX_GROUPS");
	int failed = 0;
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (selected(list, groups[i].name))
			failed += groups[i].run() != 0;
	harness_cleanup();
	curl_global_cleanup();
	return failed ? 1 : 0;
}
