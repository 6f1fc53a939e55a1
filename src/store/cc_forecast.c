/* cc_forecast.c - inbound calls offered per interval (see cc_forecast.h). */
#include "store/cc_forecast.h"
#include "lib/err.h"
#include "store/db.h"

int store_cc_offered_by_slot(struct db *db, int64_t day_start_ms, int64_t slot_ms, int nslots,
			     int64_t *counts)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT (offered_at - ?1) / ?2, count(*) FROM cc_calls"
		" WHERE offered_at >= ?1 AND offered_at < ?1 + ?2 * ?3 AND direction = 'inbound'"
		" GROUP BY 1");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, day_start_ms);
	sqlite3_bind_int64(st, 2, slot_ms);
	sqlite3_bind_int64(st, 3, nslots);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t slot = sqlite3_column_int64(st, 0);

		if (slot >= 0 && slot < nslots)
			counts[slot] += sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : GX_EDB;
}
