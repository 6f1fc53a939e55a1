/* cc_forecast.h - the history a staffing forecast is made from (CC-8):
 * inbound calls offered in each interval of past days. Which days and how
 * they are averaged is the domain's (domain/cc_staffing.c). */
#ifndef GX_STORE_CC_FORECAST_H
#define GX_STORE_CC_FORECAST_H

#include <stdint.h>

struct db;

/* Adds to counts[i] (nslots of them, the caller's array) the inbound calls
 * whose offered_at falls in [day_start_ms + i * slot_ms, day_start_ms +
 * (i + 1) * slot_ms). Reads by the index on offered_at. 0 or GX_EDB. */
int store_cc_offered_by_slot(struct db *db, int64_t day_start_ms, int64_t slot_ms, int nslots,
			     int64_t *counts);

#endif
