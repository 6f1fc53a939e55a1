/* demo_kb.h - the demo data of `guanxi demo` beyond users, customers and
 * tasks: the knowledge base (demo_kb.c), and the helper both files use. */
#ifndef GX_CLI_DEMO_KB_H
#define GX_CLI_DEMO_KB_H

#include "domain/perm.h"

/* The demo user's own principal, with the permissions of their roles
 * (demo.c). 0 or the error of finding the user. */
int demo_as_user(const struct principal *sys, const char *username, struct principal *out);

/* Subcategories and some forty articles, unless there are articles
 * already; *loaded: the articles made. 0 or the first error (printed). */
int demo_kb_load(const struct principal *sys, int *loaded);

#endif
