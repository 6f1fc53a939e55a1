#include "http/server.h"
#include "http/static.h"
#include "http/sse.h"
#include "api/api.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* One per request (libmicrohttpd's *con_cls), freed when it completes. */
struct request {
	char *body;
	size_t len, cap, limit;
	bool too_large;
	unsigned status;
	int64_t started_ms;
	char method[8];
	char path[160];
};

static _Atomic int in_flight;
static const struct http_config *config;

static void add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
}

static enum MHD_Result send_json(struct MHD_Connection *c, struct request *rq,
				 unsigned status, json_t *body, const char *cookie,
				 const char *allow)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(text ? strlen(text) : 0,
					       text ? text : (void *)"",
					       text ? MHD_RESPMEM_MUST_FREE
						    : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	if (text)
		MHD_add_response_header(resp, "Content-Type",
					"application/json; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	add_security_headers(resp);
	if (cookie && *cookie)
		MHD_add_response_header(resp, "Set-Cookie", cookie);
	if (allow && *allow)
		MHD_add_response_header(resp, "Allow", allow);
	rq->status = status;
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Room for the header of any file name the API allows (an attachment's
 * 200 characters, every byte percent-encoded), so the exact name is never
 * cut inside a character or before its extension. */
#define NAME_ENCODED_MAX 2048
#define DISPOSITION_MAX (NAME_ENCODED_MAX + 256)

/* Content-Disposition for a UTF-8 file name: a plain ASCII fallback for
 * old clients and the exact name percent-encoded (RFC 6266, RFC 5987). */
static void disposition(const char *name, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	char ascii[160], enc[NAME_ENCODED_MAX];
	size_t a = 0, e = 0;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		bool plain = (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= 'a' && *p <= 'z') || strchr("-._~", *p);
		if (a + 1 < sizeof ascii && (*p < 0x80 || (*p & 0xC0) == 0xC0))
			ascii[a++] = plain ? (char)*p : '_';
		if (e + 4 > sizeof enc)
			continue;
		if (plain) {
			enc[e++] = (char)*p;
		} else {
			enc[e++] = '%';
			enc[e++] = hex[*p >> 4];
			enc[e++] = hex[*p & 15];
		}
	}
	ascii[a] = enc[e] = '\0';
	snprintf(out, cap, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
}

/* A handler's non-JSON body (api_body); takes ownership of r->out. */
static enum MHD_Result send_body(struct MHD_Connection *c, struct request *rq,
				 struct api_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char header[DISPOSITION_MAX];

	resp = MHD_create_response_from_buffer(r->out_len, r->out, MHD_RESPMEM_MUST_FREE);
	if (!resp)
		return MHD_NO;
	r->out = NULL;
	MHD_add_response_header(resp, "Content-Type", r->out_type);
	if (r->out_filename[0]) {
		disposition(r->out_filename, header, sizeof header);
		MHD_add_response_header(resp, "Content-Disposition", header);
	}
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	add_security_headers(resp);
	rq->status = (unsigned)r->status;
	ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, struct request *rq,
				  unsigned status, const char *code, const char *msg)
{
	json_t *body = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg);
	enum MHD_Result ret = send_json(c, rq, status, body, NULL, NULL);

	json_decref(body);
	return ret;
}

/* 413 naming the request's limit. */
static enum MHD_Result send_too_large(struct MHD_Connection *c, struct request *rq)
{
	char msg[64];

	snprintf(msg, sizeof msg, "请求体超过 %zu MiB 上限", rq->limit / (1024 * 1024));
	return send_error(c, rq, 413, "payload_too_large", msg);
}

/* A streamed body (struct api_stream) as libmicrohttpd reads it. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct api_stream *st = cls;
	ssize_t n = st->read(st->ctx, buf, max);

	(void)pos;
	if (n < 0)
		log_error("stream_failed", "{s:i}", "error", (int)n);
	return n > 0 ? n : n == 0 ? MHD_CONTENT_READER_END_OF_STREAM
				  : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
	struct api_stream *st = cls;

	st->done(st->ctx);
	free(st);
}

static enum MHD_Result send_stream(struct MHD_Connection *c, struct request *rq,
				   struct api_req *r)
{
	struct api_stream *st = malloc(sizeof *st);
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char header[DISPOSITION_MAX];

	if (!st)
		return MHD_NO;
	*st = r->stream;
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, st,
						 stream_free);
	if (!resp) {
		free(st);
		return MHD_NO;
	}
	/* From here the response owns the stream and frees it when done. */
	memset(&r->stream, 0, sizeof r->stream);
	MHD_add_response_header(resp, "Content-Type", st->content_type);
	if (st->filename[0]) {
		disposition(st->filename, header, sizeof header);
		MHD_add_response_header(resp, "Content-Disposition", header);
	}
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	add_security_headers(resp);
	rq->status = 200;
	ret = MHD_queue_response(c, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* An event stream (struct api_events); 503 when no more can be open. */
static enum MHD_Result send_events(struct MHD_Connection *c, struct request *rq,
				   struct api_req *r)
{
	struct MHD_Response *resp = sse_response(c, &r->events);
	enum MHD_Result ret;

	if (!resp)
		return send_error(c, rq, 503, "stream_unavailable",
				  "实时通知连接已满或服务正在停止，请稍后再试");
	add_security_headers(resp);
	rq->status = 200;
	ret = MHD_queue_response(c, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	struct api_req *r = cls;

	(void)kind;
	if (r->nquery >= API_QUERY_MAX) {
		r->query_overflow = true;
		return MHD_NO;
	}
	r->query[r->nquery].key = key;
	r->query[r->nquery].value = value ? value : "";
	r->nquery++;
	return MHD_YES;
}

static void client_ip(struct MHD_Connection *c, char *buf, size_t n)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info ? info->client_addr : NULL;

	snprintf(buf, n, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, (socklen_t)n);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, (socklen_t)n);
}

static bool query_valid(const struct api_req *r)
{
	for (int i = 0; i < r->nquery; i++)
		if (!utf8_valid(r->query[i].key, strlen(r->query[i].key)) ||
		    !utf8_valid(r->query[i].value, strlen(r->query[i].value)))
			return false;
	return utf8_valid(r->path, strlen(r->path));
}

/* The API's view of a request from its line and headers (ip: 64 bytes
 * of the caller's, which r points into). */
static void api_req_init(struct MHD_Connection *c, const char *url, const char *method,
			 struct api_req *r, char *ip)
{
	client_ip(c, ip, 64);
	r->method = method;
	r->path = url;
	r->ip = ip;
	r->test_clock = config->test_clock;
	r->cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, API_COOKIE_NAME);
	r->authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	r->csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	r->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	r->last_event_id = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
}

/* Refuses an upload from someone who may not make it, before its body. */
static bool upload_refused(struct MHD_Connection *c, struct request *rq, const char *url,
			   const char *method, enum MHD_Result *ret)
{
	struct api_req r = {0};
	char ip[64];

	api_req_init(c, url, method, &r, ip);
	if (api_upload_allowed(&r))
		return false;
	*ret = send_json(c, rq, (unsigned)r.status, r.resp, NULL, NULL);
	api_req_release(&r);
	return true;
}

static enum MHD_Result handle_api(struct MHD_Connection *c, struct request *rq,
				  const char *url, const char *method)
{
	struct api_req r = {0};
	char ip[64];
	enum MHD_Result ret;

	api_req_init(c, url, method, &r, ip);
	r.body = rq->body;
	r.body_len = rq->len;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &r);
	if (r.query_overflow)
		return send_error(c, rq, 400, "bad_request", "查询参数过多");
	if (!query_valid(&r))
		return send_error(c, rq, 400, "invalid_utf8", "地址或查询参数不是有效的 UTF-8 编码");
	api_dispatch(&r);
	if (r.events.pull)
		ret = send_events(c, rq, &r);
	else if (r.stream.read)
		ret = send_stream(c, rq, &r);
	else if (r.out)
		ret = send_body(c, rq, &r);
	else
		ret = send_json(c, rq, (unsigned)r.status, r.resp, r.set_cookie, r.allow);
	api_req_release(&r);
	return ret;
}

static enum MHD_Result handle_static(struct MHD_Connection *c, struct request *rq,
				     const char *url, const char *method)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	unsigned status;

	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		rq->status = 405;
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		if (!resp)
			return MHD_NO;
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
		ret = MHD_queue_response(c, 405, resp);
		MHD_destroy_response(resp);
		return ret;
	}
	resp = static_response(config->web_dir, url, &status);
	if (!resp)
		return MHD_NO;
	add_security_headers(resp);
	rq->status = status;
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static bool body_append(struct request *rq, const char *data, size_t n)
{
	if (rq->too_large || rq->len + n > rq->limit) {
		free(rq->body);
		rq->body = NULL;
		rq->len = rq->cap = 0;
		rq->too_large = true;
		return false;
	}
	if (rq->len + n + 1 > rq->cap) {
		size_t cap = rq->cap ? rq->cap : 4096;
		while (cap < rq->len + n + 1)
			cap *= 2;
		char *p = realloc(rq->body, cap);
		if (!p)
			return false;
		rq->body = p;
		rq->cap = cap;
	}
	memcpy(rq->body + rq->len, data, n);
	rq->len += n;
	rq->body[rq->len] = '\0';
	return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)version;
	if (!rq) {
		const char *cl;
		bool upload = false;
		if (!(rq = calloc(1, sizeof *rq)))
			return MHD_NO;
		*con_cls = rq;
		atomic_fetch_add(&in_flight, 1);
		rq->started_ms = clock_now_ms();
		snprintf(rq->method, sizeof rq->method, "%s", method);
		utf8_copy(rq->path, sizeof rq->path, url);
		rq->limit = !strncmp(url, "/api/", 5) ? api_body_limit(method, url, &upload)
						      : HTTP_BODY_MAX;
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		/* Refuse a declared oversize body before reading any of it. */
		if (cl && strtoull(cl, NULL, 10) > rq->limit)
			return send_too_large(c, rq);
		if (upload) {
			enum MHD_Result ret;
			if (upload_refused(c, rq, url, method, &ret))
				return ret;
		}
		/* A large upload is read into one buffer of its declared size
		 * rather than by doublings that could reach twice the limit. */
		if (cl && strtoull(cl, NULL, 10) > 4096 && (rq->body = malloc(strtoull(cl, NULL, 10) + 1)))
			rq->cap = strtoull(cl, NULL, 10) + 1;
		return MHD_YES;
	}
	if (*upload_size) {
		body_append(rq, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->too_large)
		return send_too_large(c, rq);
	if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api"))
		return handle_api(c, rq, url, method);
	return handle_static(c, rq, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)c;
	if (!rq)
		return;
	log_request(rq->method, rq->path, (int)rq->status,
		    (long)(clock_now_ms() - rq->started_ms),
		    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	free(rq->body);
	free(rq);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

/* "host:port" or "[v6]:port" into a socket address. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(s, ':');
	long port;
	char *end;

	if (!colon || colon == s || (size_t)(colon - s) >= sizeof host)
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		host[strlen(host) - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof *a6;
		return inet_pton(AF_INET6, host + 1, &a6->sin6_addr) == 1 ? 0 : -1;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	*len = sizeof *a4;
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof host, "127.0.0.1");
	return inet_pton(AF_INET, host, &a4->sin_addr) == 1 ? 0 : -1;
}

static void drain(void)
{
	for (int waited = 0; atomic_load(&in_flight) > 0 && waited < HTTP_DRAIN_MS; waited += 10)
		usleep(10 * 1000);
}

int http_serve(const struct http_config *cfg)
{
	struct sockaddr_storage addr;
	struct MHD_Daemon *d;
	socklen_t addr_len;
	sigset_t stop;
	unsigned threads = cfg->threads;
	int sig = 0;

	config = cfg;
	if (parse_listen(cfg->listen, &addr, &addr_len) != 0) {
		log_error("bad_listen_address", "{s:s}", "listen", cfg->listen);
		return -1;
	}
	if (!threads) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		/* Handlers block on the database and on argon2, so more
		 * threads than cores keeps other connections moving. */
		threads = (unsigned)(cpus > 0 ? cpus * 8 : 16);
	}
	/* Workers inherit this mask, so only sigwait() below sees the signals. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			     MHD_USE_ITC | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME,
			     0, NULL, NULL, on_request, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			     MHD_OPTION_THREAD_POOL_SIZE, threads,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
			     MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
			     MHD_OPTION_END);
	if (!d) {
		log_error("listen_failed", "{s:s}", "listen", cfg->listen);
		return -1;
	}
	log_info("listening", "{s:s,s:i,s:s,s:b}", "listen", cfg->listen,
		 "threads", (int)threads, "web", cfg->web_dir, "test_clock",
		 cfg->test_clock);
	/* The main thread waits for a stop signal, flushing access logs. */
	while (sig == 0) {
		struct timespec t = {0, LOG_FLUSH_MS * 1000000L};
		siginfo_t info;
		if (sigtimedwait(&stop, &info, &t) > 0)
			sig = info.si_signo;
		log_flush();
		sse_tick();
	}
	log_info("stopping", "{s:s,s:i}", "signal", sig == SIGTERM ? "SIGTERM" : "SIGINT",
		 "in_flight", atomic_load(&in_flight));
	/* Event streams end first: they would otherwise hold the drain for
	 * its whole time, and the daemon must not stop while one is suspended. */
	sse_stop();
	MHD_quiesce_daemon(d);
	drain();
	MHD_stop_daemon(d);
	log_flush();
	log_info("stopped", NULL);
	return 0;
}
