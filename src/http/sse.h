/* sse.h - server-sent event streams (GET /api/v1/events) on the thread
 * pool without a thread per client.
 *
 * A stream is a libmicrohttpd response whose content reader writes what
 * the API's pull function (struct api_events) has ready. When nothing is
 * ready the reader suspends the connection (MHD_suspend_connection, from
 * the reader, as libmicrohttpd prescribes) and returns 0, so a quiet
 * client costs no thread and no polling. The live event hub (lib/evt.h)
 * wakes a stream when something for its user has committed: the waker
 * marks it dirty and resumes the connection; the reader, back on a pool
 * thread, pulls and writes. Every SSE_HEARTBEAT_MS without a write the
 * server's main loop (sse_tick) wakes the stream for a comment line, which
 * keeps proxies from closing it and finds clients that went away (a
 * suspended connection cannot notice). At most SSE_MAX_CLIENTS streams are
 * open at once; sse_stop ends them all before the daemon stops, since
 * libmicrohttpd must not be stopped with suspended connections. */
#ifndef GX_HTTP_SSE_H
#define GX_HTTP_SSE_H

#include <microhttpd.h>

#include "api/api.h"

#define SSE_MAX_CLIENTS 1000
#define SSE_HEARTBEAT_MS 15000

/* A 200 response streaming ev's events on connection c; it takes ev over
 * (ev's done runs when the stream ends). NULL, after running ev's done,
 * when SSE_MAX_CLIENTS streams are open, the server is stopping, or memory
 * ran out. The caller queues the response and drops its reference. */
struct MHD_Response *sse_response(struct MHD_Connection *c, struct api_events *ev);

/* Wakes the streams whose heartbeat is due. The main loop calls it often
 * (every LOG_FLUSH_MS). */
void sse_tick(void);

/* Refuses new streams and ends the open ones (they finish their last
 * write and close). */
void sse_stop(void);

#endif
