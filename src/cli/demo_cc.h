/* demo_cc.h - the contact centre of `guanxi demo` (CC-1 to CC-9). */
#ifndef GX_CLI_DEMO_CC_H
#define GX_CLI_DEMO_CC_H

#include <stdint.h>

#include "domain/perm.h"

/* Skills, queues (one per strategy, a VIP line, an overflow), the
 * hotline numbers and the demo agents with their extensions, through the
 * same domain functions as the API; then four months of inbound call
 * history ending before started_ms (busier evenings and weekends, some
 * abandoned, most rated), so that the wallboard, reports and staffing
 * forecast have something to show. Nothing happens if skills exist.
 * *calls: the calls made. 0 or the first error (printed). */
int demo_cc(const struct principal *sys, int64_t started_ms, int *calls);

#endif
