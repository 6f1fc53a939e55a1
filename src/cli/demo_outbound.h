/* demo_outbound.h - the outbound call lists of `guanxi demo` (CC-6). */
#ifndef GX_CLI_DEMO_OUTBOUND_H
#define GX_CLI_DEMO_OUTBOUND_H

#include <stdint.h>

#include "domain/perm.h"

/* Four lists of different kinds over the demo customers and pasted
 * numbers, worked by the demo agents through the same domain functions
 * the API uses, unless there are lists already. The work happens at this
 * process's clock (inside the calling hours, moved on for retries) and is
 * then moved back whole days so that it ended before started_ms, the
 * demo's start: times of day stay inside the lists' hours. *loaded: the
 * lists made. 0 or the first error (printed). */
int demo_outbound(const struct principal *sys, int64_t started_ms, int *loaded);

#endif
