/* strset.h - the fixed word lists that enumerated fields take their
 * values from ("individual", "corporate", ... NULL-terminated). */
#ifndef GX_LIB_STRSET_H
#define GX_LIB_STRSET_H

#include <stdbool.h>

/* The position of s in the NULL-terminated list, or -1 (also for NULL). */
int strset_index(const char *const *list, const char *s);

/* True if s is one of the list's words; false for NULL. */
bool strset_has(const char *const *list, const char *s);

#endif
