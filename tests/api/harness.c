/* Black-box API test harness for Guanxi: see harness.h. */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

/* ------------------------------------------------------------------ */
/* small utilities                                                     */
/* ------------------------------------------------------------------ */

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s) {
		fprintf(stderr, "# out of memory\n");
		abort();
	}
	return s;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *read_file_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		abort();
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static const char *guanxi_bin(void)
{
	const char *b = getenv("GUANXI_BIN");
	return (b && *b) ? b : NULL;
}

/* Prints text as TAP comments ("# " prefix on every line), last max bytes. */
static void print_commented(const char *title, const char *text, size_t max)
{
	if (!text)
		return;
	size_t len = strlen(text);
	const char *p = text;
	if (len > max) {
		p = text + len - max;
		const char *nl = strchr(p, '\n');
		if (nl)
			p = nl + 1;
	}
	fprintf(stderr, "# --- %s\n", title);
	while (*p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);
		fprintf(stderr, "#   %.*s\n", n, p);
		p += n + (nl ? 1 : 0);
	}
}

/* ------------------------------------------------------------------ */
/* processes                                                           */
/* ------------------------------------------------------------------ */

static int decode_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return -1;
}

/* waitpid with a timeout; returns the decoded status, or -2 on timeout. */
static int wait_timeout(pid_t pid, int timeout_ms)
{
	long long end = mono_ms() + timeout_ms;
	for (;;) {
		int st;
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return decode_status(st);
		if (r < 0 && errno != EINTR)
			return -1;
		if (mono_ms() >= end)
			return -2;
		sleep_ms(5);
	}
}

int run_cli(gx_server *s, const char *stdin_data, char **out, char **err,
	    const char *const argv[])
{
	const char *bin = guanxi_bin();
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	if (!bin || !s)
		return -1;
	int seq = ++s->cli_seq;
	char *outp = xasprintf("%s/cli-%d.out", s->dir, seq);
	char *errp = xasprintf("%s/cli-%d.err", s->dir, seq);
	size_t argc = 0;
	while (argv[argc])
		argc++;
	const char **av = calloc(argc + 2, sizeof *av);
	if (!av)
		abort();
	av[0] = bin;
	for (size_t i = 0; i < argc; i++)
		av[i + 1] = argv[i];

	int pfd[2];
	if (pipe(pfd) < 0)
		abort();
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(pfd[0], 0);
		close(pfd[0]);
		close(pfd[1]);
		int fo = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fo < 0 || fe < 0)
			_exit(126);
		dup2(fo, 1);
		dup2(fe, 2);
		close(fo);
		close(fe);
		execv(bin, (char *const *)av);
		_exit(127);
	}
	close(pfd[0]);
	if (stdin_data) {
		size_t len = strlen(stdin_data), off = 0;
		while (off < len) {
			ssize_t w = write(pfd[1], stdin_data + off, len - off);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				break; /* EPIPE: the command did not read */
			}
			off += (size_t)w;
		}
	}
	close(pfd[1]);
	int rc = wait_timeout(pid, 120000);
	if (rc == -2) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fprintf(stderr, "# CLI %s %s timed out\n", bin,
			argc ? argv[0] : "");
		rc = -1;
	}
	if (out)
		*out = read_file_all(outp, NULL);
	if (err)
		*err = read_file_all(errp, NULL);
	unlink(outp);
	unlink(errp);
	free(outp);
	free(errp);
	free(av);
	return rc;
}

int cli_user_add(gx_server *s, const char *db, const char *username,
		 const char *role, const char *team, const char *password)
{
	const char *argv[16];
	size_t n = 0;
	argv[n++] = "user";
	argv[n++] = "add";
	argv[n++] = "--db";
	argv[n++] = db;
	argv[n++] = "--username";
	argv[n++] = username;
	argv[n++] = "--role";
	argv[n++] = role;
	if (team) {
		argv[n++] = "--team";
		argv[n++] = team;
	}
	argv[n] = NULL;
	char *line = xasprintf("%s\n", password);
	char *out = NULL, *err = NULL;
	int rc = run_cli(s, line, &out, &err, argv);
	if (rc != 0) {
		fprintf(stderr, "# `guanxi user add --username %s` exited %d\n",
			username, rc);
		print_commented("stdout", out, 2000);
		print_commented("stderr", err, 2000);
	}
	free(line);
	free(out);
	free(err);
	return rc;
}

/* ------------------------------------------------------------------ */
/* server                                                              */
/* ------------------------------------------------------------------ */

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = { 0 };
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	socklen_t al = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return ntohs(a.sin_port);
}

static size_t discard_cb(char *p, size_t sz, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return sz * n;
}

static long health_status(const char *base)
{
	CURL *c = curl_easy_init();
	if (!c)
		return 0;
	char *url = xasprintf("%s/api/v1/health", base);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 1000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_cb);
	long code = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	free(url);
	return code;
}

void server_dump_log(const gx_server *s)
{
	if (!s || !s->log)
		return;
	char *log = read_file_all(s->log, NULL);
	print_commented("server log (tail)", log, 4000);
	free(log);
}

char *server_path(gx_server *s, const char *name)
{
	return xasprintf("%s/%s", s->dir, name);
}

static pid_t spawn_serve(gx_server *s, bool test_clock)
{
	const char *bin = guanxi_bin();
	char *listen = xasprintf("127.0.0.1:%d", s->port);
	const char *av[8];
	size_t n = 0;
	av[n++] = bin;
	av[n++] = "serve";
	av[n++] = "--db";
	av[n++] = s->db;
	av[n++] = "--listen";
	av[n++] = listen;
	if (test_clock)
		av[n++] = "--test-clock";
	av[n] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		int in = open("/dev/null", O_RDONLY);
		int lf = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (in < 0 || lf < 0)
			_exit(126);
		dup2(in, 0);
		dup2(lf, 1);
		dup2(lf, 2);
		close(in);
		close(lf);
		execv(bin, (char *const *)av);
		_exit(127);
	}
	free(listen);
	return pid;
}

/* Starts serve and waits for health; retries with a new port if the process
 * dies early (port taken between probing and binding). */
static bool launch(gx_server *s, const server_opts *opts)
{
	bool clock = !(opts && opts->no_test_clock);
	for (int attempt = 0; attempt < 3; attempt++) {
		s->port = free_port();
		if (s->port <= 0)
			continue;
		free(s->base_url);
		s->base_url = xasprintf("http://127.0.0.1:%d", s->port);
		s->pid = spawn_serve(s, clock);
		long long end = mono_ms() + 10000;
		bool died = false;
		while (mono_ms() < end) {
			int st;
			if (health_status(s->base_url) == 200) {
				/* make sure it was our process that answered
				 * (and not another one that owns the port) */
				sleep_ms(20);
				if (waitpid(s->pid, &st, WNOHANG) == 0)
					return true;
				fprintf(stderr, "# guanxi serve exited early "
						"(status %d)\n", decode_status(st));
				s->pid = 0;
				died = true;
				break;
			}
			if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
				fprintf(stderr,
					"# guanxi serve exited early (status %d)\n",
					decode_status(st));
				s->pid = 0;
				died = true;
				break;
			}
			sleep_ms(25);
		}
		if (!died) {
			fprintf(stderr, "# guanxi serve did not answer GET "
					"/api/v1/health with 200 within 10 s\n");
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
			s->pid = 0;
			server_dump_log(s);
			return false;
		}
	}
	server_dump_log(s);
	return false;
}

static int rm_cb(const char *p, const struct stat *sb, int flag,
		 struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(p);
	return 0;
}

char *srv_own(gx_server *s, char *p)
{
	if (!p)
		return NULL;
	void **n = realloc(s->owned, (s->nowned + 1) * sizeof *n);
	if (!n)
		abort();
	s->owned = n;
	s->owned[s->nowned++] = p;
	return p;
}

static void server_free(gx_server *s)
{
	while (s->clients)
		client_free(s->clients);
	for (size_t i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
	if (s->dir) {
		const char *keep = getenv("GUANXI_KEEP");
		if (keep && *keep && strcmp(keep, "0") != 0)
			fprintf(stderr, "# kept %s\n", s->dir);
		else
			nftw(s->dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	}
	free(s->dir);
	free(s->db);
	free(s->log);
	free(s->base_url);
	free(s);
}

/* guanxi init + the standard users, on s->db. */
static bool init_db(gx_server *s, bool users)
{
	char *out = NULL, *err = NULL;
	int rc = run_cli(s, NULL, &out, &err,
			 (const char *const[]){ "init", "--db", s->db, NULL });
	if (rc != 0) {
		fprintf(stderr, "# `guanxi init` exited %d\n", rc);
		print_commented("stdout", out, 2000);
		print_commented("stderr", err, 2000);
	}
	free(out);
	free(err);
	if (rc != 0)
		return false;
	if (!users)
		return true;
	return cli_user_add(s, s->db, ADMIN_USER, "admin", NULL, ADMIN_PASS) ==
		       0 &&
	       cli_user_add(s, s->db, AGENT_USER, "agent", AGENT_TEAM,
			    AGENT_PASS) == 0 &&
	       cli_user_add(s, s->db, SUP_USER, "supervisor", NULL,
			    SUP_PASS) == 0;
}

static gx_server *new_server_dir(const char *kind)
{
	gx_server *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	const char *tmp = getenv("TMPDIR");
	char *templ = xasprintf("%s/guanxi-api-%sXXXXXX",
				(tmp && *tmp) ? tmp : "/tmp", kind);
	if (!mkdtemp(templ)) {
		fprintf(stderr, "# mkdtemp: %s\n", strerror(errno));
		free(templ);
		free(s);
		return NULL;
	}
	s->dir = templ;
	s->log = xasprintf("%s/server.log", s->dir);
	return s;
}

/* The standard database (init + admin, agent1, sup1) is made once with the
 * CLI and copied for every server: argon2id makes `user add` slow. */
static gx_server *template_db;
static bool template_failed;

static bool copy_file(const char *from, const char *to)
{
	size_t len = 0;
	char *data = read_file_all(from, &len);
	if (!data)
		return false;
	FILE *f = fopen(to, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	free(data);
	return ok;
}

static bool copy_template(gx_server *s)
{
	if (!template_db && !template_failed) {
		template_db = new_server_dir("tpl-");
		if (template_db) {
			template_db->db = xasprintf("%s/guanxi.db",
						    template_db->dir);
			if (!init_db(template_db, true)) {
				server_free(template_db);
				template_db = NULL;
			}
		}
		template_failed = !template_db;
	}
	if (!template_db)
		return false;
	if (!copy_file(template_db->db, s->db))
		return false;
	char *wal = xasprintf("%s-wal", template_db->db);
	bool ok = true;
	if (access(wal, F_OK) == 0) {
		char *to = xasprintf("%s-wal", s->db);
		ok = copy_file(wal, to);
		free(to);
	}
	free(wal);
	return ok;
}

void harness_cleanup(void)
{
	if (template_db)
		server_free(template_db);
	template_db = NULL;
}

gx_server *server_start(const server_opts *opts)
{
	if (!guanxi_bin()) {
		fprintf(stderr, "# GUANXI_BIN is not set\n");
		return NULL;
	}
	if (access(guanxi_bin(), X_OK) != 0) {
		fprintf(stderr, "# GUANXI_BIN=%s is not executable\n",
			guanxi_bin());
		return NULL;
	}
	gx_server *s = new_server_dir("");
	if (!s)
		return NULL;
	if (opts && opts->db_path) {
		s->db = xstrdup(opts->db_path);
	} else {
		s->db = xasprintf("%s/guanxi.db", s->dir);
		bool users = !(opts && opts->no_users);
		if (!(users ? copy_template(s) : init_db(s, false)))
			goto fail;
	}
	if (!launch(s, opts))
		goto fail;
	return s;
fail:
	server_free(s);
	return NULL;
}

bool server_restart(gx_server *s, const server_opts *opts)
{
	if (s->pid)
		server_shutdown(s, 10000);
	return launch(s, opts);
}

int server_shutdown(gx_server *s, int timeout_ms)
{
	if (!s || !s->pid)
		return -1;
	kill(s->pid, SIGTERM);
	int rc = wait_timeout(s->pid, timeout_ms);
	if (rc == -2) {
		fprintf(stderr, "# server did not exit within %d ms of SIGTERM; "
				"killing it\n", timeout_ms);
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		rc = -1;
	}
	s->pid = 0;
	return rc;
}

int server_wait(gx_server *s, int timeout_ms)
{
	if (!s || !s->pid)
		return -1;
	int rc = wait_timeout(s->pid, timeout_ms);
	if (rc != -2)
		s->pid = 0;
	return rc;
}

int server_stop(gx_server *s)
{
	if (!s)
		return 0;
	int rc = 0;
	if (s->pid) {
		rc = server_shutdown(s, 10000);
		if (rc != 0) {
			fprintf(stderr, "# server exited with status %d on "
					"SIGTERM\n", rc);
			server_dump_log(s);
		}
	}
	server_free(s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* HTTP client                                                         */
/* ------------------------------------------------------------------ */

gx_client *client_new(gx_server *s)
{
	gx_client *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	c->srv = s;
	c->curl = curl_easy_init();
	if (!c->curl)
		abort();
	/* Turn the cookie engine on once. http_req never calls
	 * curl_easy_reset (libcurl 7.88 leaks the cookie file list there). */
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");
	c->next = s->clients;
	s->clients = c;
	return c;
}

void resp_free(http_resp *r)
{
	if (!r)
		return;
	if (r->owner) {
		http_resp **pp = &r->owner->resps;
		while (*pp && *pp != r)
			pp = &(*pp)->next;
		if (*pp)
			*pp = r->next;
	}
	for (size_t i = 0; i < r->nheaders; i++)
		free(r->headers[i]);
	free(r->headers);
	free(r->body);
	free(r->method);
	free(r->path);
	json_decref(r->json);
	free(r);
}

void client_free(gx_client *c)
{
	if (!c)
		return;
	gx_client **pp = &c->srv->clients;
	while (*pp && *pp != c)
		pp = &(*pp)->next;
	if (*pp)
		*pp = c->next;
	while (c->resps)
		resp_free(c->resps);
	curl_easy_cleanup(c->curl);
	free(c->csrf);
	free(c->bearer);
	free(c);
}

void client_set_bearer(gx_client *c, const char *token)
{
	free(c->bearer);
	c->bearer = token ? xstrdup(token) : NULL;
}

void client_set_csrf(gx_client *c, const char *token)
{
	free(c->csrf);
	c->csrf = token ? xstrdup(token) : NULL;
}

char *client_cookie(gx_client *c, const char *name)
{
	struct curl_slist *list = NULL;
	char *val = NULL;
	if (curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list) != CURLE_OK)
		return NULL;
	for (struct curl_slist *l = list; l && !val; l = l->next) {
		/* domain \t tailmatch \t path \t secure \t expires \t name \t value */
		const char *f = l->data;
		long long expires = 0;
		for (int i = 0; i < 5 && f; i++) {
			if (i == 4)
				expires = atoll(f);
			f = strchr(f, '\t');
			if (f)
				f++;
		}
		if (!f)
			continue;
		/* an expired cookie is not sent: treat it as gone */
		if (expires != 0 && expires <= (long long)time(NULL))
			continue;
		const char *tab = strchr(f, '\t');
		if (!tab)
			continue;
		if ((size_t)(tab - f) == strlen(name) &&
		    strncmp(f, name, (size_t)(tab - f)) == 0)
			val = xstrdup(tab + 1);
	}
	curl_slist_free_all(list);
	return val;
}

static size_t body_cb(char *p, size_t sz, size_t n, void *ud)
{
	http_resp *r = ud;
	size_t len = sz * n;
	char *nb = realloc(r->body, r->body_len + len + 1);
	if (!nb)
		return 0;
	memcpy(nb + r->body_len, p, len);
	r->body = nb;
	r->body_len += len;
	r->body[r->body_len] = '\0';
	return len;
}

static size_t header_cb(char *p, size_t sz, size_t n, void *ud)
{
	http_resp *r = ud;
	size_t len = sz * n;
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* a new response (e.g. after 100 Continue): start over */
		for (size_t i = 0; i < r->nheaders; i++)
			free(r->headers[i]);
		r->nheaders = 0;
		return len;
	}
	size_t l = len;
	while (l && (p[l - 1] == '\r' || p[l - 1] == '\n'))
		l--;
	if (!l || !memchr(p, ':', l))
		return len;
	char **nh = realloc(r->headers, (r->nheaders + 1) * sizeof *nh);
	if (!nh)
		return 0;
	r->headers = nh;
	r->headers[r->nheaders] = strndup(p, l);
	if (!r->headers[r->nheaders])
		return 0;
	r->nheaders++;
	return len;
}

static bool has_header(const http_opts *o, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < sizeof o->headers / sizeof o->headers[0]; i++) {
		const char *h = o->headers[i];
		if (h && strncasecmp(h, name, nl) == 0 &&
		    (h[nl] == ':' || h[nl] == ';'))
			return true;
	}
	return false;
}

static bool is_safe_method(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "OPTIONS");
}

http_resp *http_req(gx_client *c, const http_opts *o)
{
	const char *method = o->method ? o->method : "GET";
	const char *path = o->path ? o->path : "/";
	http_resp *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->method = xstrdup(method);
	r->path = xstrdup(path);
	r->body = calloc(1, 1);
	if (!r->body)
		abort();
	r->owner = c;
	r->next = c->resps;
	c->resps = r;

	CURL *h = c->curl;
	char *url = xasprintf("%s%s", c->srv->base_url, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);

	size_t blen = 0;
	if (o->body)
		blen = o->body_len ? o->body_len : strlen(o->body);
	/* every option is set on every request: start from a plain GET */
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (o->body || !strcmp(method, "POST")) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)blen);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, o->body ? o->body : "");
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	}

	struct curl_slist *hl = NULL;
	char *tmp[4] = { 0 };
	int nt = 0;
	if (o->body || !strcmp(method, "POST")) {
		if (!has_header(o, "Content-Type")) {
			if (o->content_type && !*o->content_type)
				hl = curl_slist_append(hl, "Content-Type:");
			else if (o->body) {
				tmp[nt] = xasprintf("Content-Type: %s",
						    o->content_type ?
							    o->content_type :
							    "application/json");
				hl = curl_slist_append(hl, tmp[nt++]);
			} else {
				hl = curl_slist_append(hl, "Content-Type:");
			}
		}
		if (blen <= 1024 * 1024 && !has_header(o, "Expect"))
			hl = curl_slist_append(hl, "Expect:");
	}
	if (c->csrf && !o->no_csrf && !is_safe_method(method) &&
	    !has_header(o, "X-CSRF-Token")) {
		tmp[nt] = xasprintf("X-CSRF-Token: %s", c->csrf);
		hl = curl_slist_append(hl, tmp[nt++]);
	}
	if (c->bearer && !o->no_bearer && !has_header(o, "Authorization")) {
		tmp[nt] = xasprintf("Authorization: Bearer %s", c->bearer);
		hl = curl_slist_append(hl, tmp[nt++]);
	}
	for (size_t i = 0; i < sizeof o->headers / sizeof o->headers[0]; i++)
		if (o->headers[i])
			hl = curl_slist_append(hl, o->headers[i]);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);

	c->errbuf[0] = '\0';
	CURLcode rc = curl_easy_perform(h);
	r->curl_rc = (int)rc;
	if (rc == CURLE_OK) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	} else {
		/* The server may have answered before reading all of a large
		 * body; keep whatever status arrived. */
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
		fprintf(stderr, "# %s %s: curl error %d: %s\n", method, path,
			(int)rc, c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hl);
	for (int i = 0; i < nt; i++)
		free(tmp[i]);
	free(url);

	if (r->body_len)
		r->json = json_loadb(r->body, r->body_len, 0, NULL);
	if (r->status == 200 && json_is_object(r->json)) {
		const char *t = jstr(r->json, "csrf_token");
		if (t)
			client_set_csrf(c, t);
	}
	return r;
}

http_resp *http_do(gx_client *c, const char *method, const char *path,
		   const char *body, const char *const *extra_headers)
{
	http_opts o = { .method = method, .path = path, .body = body };
	for (size_t i = 0; extra_headers && extra_headers[i] &&
			   i < sizeof o.headers / sizeof o.headers[0];
	     i++)
		o.headers[i] = extra_headers[i];
	return http_req(c, &o);
}

http_resp *http_get(gx_client *c, const char *path)
{
	return http_req(c, &(http_opts){ .method = "GET", .path = path });
}

http_resp *http_vpack(gx_client *c, const char *method, const char *path,
		      const char *fmt, va_list ap)
{
	json_error_t jerr;
	json_t *j = json_vpack_ex(&jerr, 0, fmt, ap);
	if (!j) {
		print_error("json_pack(%s): %s\n", fmt, jerr.text);
		fail();
	}
	char *body = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	http_resp *r = http_req(c, &(http_opts){ .method = method,
						 .path = path,
						 .body = body });
	free(body);
	return r;
}

http_resp *http_pack(gx_client *c, const char *method, const char *path,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	http_resp *r = http_vpack(c, method, path, fmt, ap);
	va_end(ap);
	return r;
}

const char *resp_header_nth(const http_resp *r, const char *name, size_t nth)
{
	if (!r)
		return NULL;
	size_t nl = strlen(name);
	for (size_t i = 0; i < r->nheaders; i++) {
		const char *h = r->headers[i];
		if (strncasecmp(h, name, nl) == 0 && h[nl] == ':') {
			if (nth-- == 0) {
				const char *v = h + nl + 1;
				while (*v == ' ' || *v == '\t')
					v++;
				return v;
			}
		}
	}
	return NULL;
}

const char *resp_header(const http_resp *r, const char *name)
{
	return resp_header_nth(r, name, 0);
}

/* ------------------------------------------------------------------ */
/* JSON helpers                                                        */
/* ------------------------------------------------------------------ */

json_t *jget(json_t *root, const char *path)
{
	if (!root || !path)
		return NULL;
	if (!*path)
		return root;
	char *dup = xstrdup(path);
	json_t *cur = root;
	char *save = NULL;
	for (char *part = strtok_r(dup, ".", &save); part && cur;
	     part = strtok_r(NULL, ".", &save)) {
		if (json_is_object(cur)) {
			cur = json_object_get(cur, part);
		} else if (json_is_array(cur)) {
			char *end;
			long idx = strtol(part, &end, 10);
			cur = (*end || idx < 0) ? NULL :
						  json_array_get(cur, (size_t)idx);
		} else {
			cur = NULL;
		}
	}
	free(dup);
	return cur;
}

const char *jstr(json_t *root, const char *path)
{
	json_t *v = jget(root, path);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

json_int_t jint(json_t *root, const char *path)
{
	json_t *v = jget(root, path);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}

bool jarray_has_str(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;
	if (!json_is_array(arr))
		return false;
	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return true;
	}
	return false;
}

bool is_rfc3339_ms(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	if (!s || strlen(s) != sizeof pat - 1)
		return false;
	for (size_t i = 0; pat[i]; i++) {
		if (pat[i] == 'd') {
			if (s[i] < '0' || s[i] > '9')
				return false;
		} else if (s[i] != pat[i]) {
			return false;
		}
	}
	return true;
}

long long rfc3339_ms(const char *s)
{
	if (!is_rfc3339_ms(s))
		return -1;
	struct tm tm = { 0 };
	int ms = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm) * 1000 + ms;
}

/* ------------------------------------------------------------------ */
/* assertions                                                          */
/* ------------------------------------------------------------------ */

static void describe(const http_resp *r)
{
	print_error("    request: %s %s\n", r->method, r->path);
	print_error("    response: HTTP %ld, body: %.600s%s\n", r->status,
		    r->body ? r->body : "",
		    (r->body_len > 600) ? "…" : "");
}

void gx_expect_status(const http_resp *r, long status, const char *file,
		      int line)
{
	if (!r) {
		print_error("%s:%d: no response\n", file, line);
		_fail(file, line);
	}
	if (r->status != status) {
		print_error("%s:%d: expected HTTP %ld, got %ld\n", file, line,
			    status, r->status);
		describe(r);
		_fail(file, line);
	}
	if (status == 204 && r->body_len) {
		print_error("%s:%d: a 204 response carries a body\n", file,
			    line);
		describe(r);
		_fail(file, line);
	}
	if (status >= 200 && status < 300 && r->body_len &&
	    strcmp(r->method, "HEAD") != 0) {
		const char *ct = resp_header(r, "Content-Type");
		if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
		    !r->json) {
			print_error("%s:%d: expected a JSON body (Content-Type "
				    "%s)\n", file, line, ct ? ct : "missing");
			describe(r);
			_fail(file, line);
		}
	}
}

void gx_expect_error(const http_resp *r, long status, const char *code,
		     const char *file, int line)
{
	gx_expect_status(r, status, file, line);
	const char *got = jstr(r->json, "error.code");
	if (!got || strcmp(got, code) != 0) {
		print_error("%s:%d: expected error.code \"%s\", got %s%s%s\n",
			    file, line, code, got ? "\"" : "",
			    got ? got : "none", got ? "\"" : "");
		describe(r);
		_fail(file, line);
	}
	if (!jstr(r->json, "error.message")) {
		print_error("%s:%d: error.message missing or not a string\n",
			    file, line);
		describe(r);
		_fail(file, line);
	}
	const char *ct = resp_header(r, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		print_error("%s:%d: error response Content-Type is %s, "
			    "expected application/json\n",
			    file, line, ct ? ct : "missing");
		describe(r);
		_fail(file, line);
	}
}

void gx_expect_field(const http_resp *r, const char *field, const char *file,
		     int line)
{
	gx_expect_error(r, 422, "validation_failed", file, line);
	json_t *fields = jget(r->json, "error.fields");
	if (!json_is_object(fields) || !json_object_get(fields, field)) {
		print_error("%s:%d: expected error.fields.%s\n", file, line,
			    field);
		describe(r);
		_fail(file, line);
	}
}

/* ------------------------------------------------------------------ */
/* high-level helpers                                                  */
/* ------------------------------------------------------------------ */

http_resp *sign_in(gx_client *c, const char *user, const char *pass)
{
	return http_pack(c, "POST", "/api/v1/session", "{s:s,s:s}",
			 "username", user, "password", pass);
}

gx_client *client_signed_in(gx_server *s, const char *user, const char *pass)
{
	gx_client *c = client_new(s);
	http_resp *r = sign_in(c, user, pass);
	expect_status(r, 200);
	if (!c->csrf) {
		print_error("sign-in of %s returned no csrf_token\n", user);
		describe(r);
		fail();
	}
	return c;
}

void clock_advance(gx_server *s, long long ms)
{
	gx_client *c = client_new(s);
	http_resp *r = http_pack(c, "POST", "/api/v1/test/clock",
				 "{s:I}", "advance_ms", (json_int_t)ms);
	expect_status(r, 200);
	client_free(c);
}

long long server_now(gx_server *s)
{
	gx_client *c = client_new(s);
	http_resp *r = http_pack(c, "POST", "/api/v1/test/clock", "{s:i}", "advance_ms", 0);
	long long now;

	expect_status(r, 200);
	now = rfc3339_ms(jstr(r->json, "now"));
	client_free(c);
	return now;
}

void beijing_date(long long ms, char buf[16])
{
	time_t t = (time_t)((ms + 8 * MS_HOUR) / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 16, "%Y-%m-%d", &tm);
}

json_int_t create_user(gx_client *admin, const char *username,
		       const char *password, const char *role)
{
	char *dn = xasprintf("测试用户 %s", username);
	http_resp *r = http_pack(admin, "POST", "/api/v1/users",
				 "{s:s,s:s,s:s,s:[s],s:n,s:i}", "username",
				 username, "display_name", dn, "password",
				 password, "roles", role, "team_id", "level",
				 1);
	free(dn);
	expect_status(r, 201);
	json_int_t id = jint(r->json, "id");
	if (id <= 0) {
		print_error("POST /users returned no integer id\n");
		describe(r);
		fail();
	}
	return id;
}

int count_users(gx_client *c, const char *q)
{
	char *eq = curl_easy_escape(c->curl, q ? q : "", 0);
	char *after = NULL;
	int n = 0;
	for (int page = 0; page < 1000; page++) {
		char *ea = after ? curl_easy_escape(c->curl, after, 0) : NULL;
		char *path = xasprintf("/api/v1/users?q=%s&limit=500%s%s", eq,
				       ea ? "&after=" : "", ea ? ea : "");
		curl_free(ea);
		http_resp *r = http_get(c, path);
		free(path);
		free(after);
		after = NULL;
		if (r->status != 200) {
			curl_free(eq);
			expect_status(r, 200);
		}
		n += (int)json_array_size(jget(r->json, "items"));
		const char *next = jstr(r->json, "next");
		if (next)
			after = xstrdup(next);
		resp_free(r);
		if (!after)
			break;
	}
	free(after);
	curl_free(eq);
	return n;
}

gx_server *state_server(void **state)
{
	gx_server *s = state ? *state : NULL;
	if (!s) {
		print_error("the server for this test did not start (see the "
			    "log above)\n");
		fail();
	}
	return s;
}

/* ------------------------------------------------------------------ */
/* fixtures                                                            */
/* ------------------------------------------------------------------ */

int gx_group_setup(void **state)
{
	*state = server_start(NULL);
	return 0; /* tests report the failure themselves (state_server) */
}

int gx_group_teardown(void **state)
{
	int rc = server_stop(*state);
	*state = NULL;
	return rc == 0 ? 0 : -1;
}

int gx_test_setup(void **state)
{
	*state = server_start(NULL);
	return 0;
}

int gx_test_teardown(void **state)
{
	int rc = server_stop(*state);
	*state = NULL;
	return rc == 0 ? 0 : -1;
}

json_int_t find_user_id(gx_client *c, const char *username)
{
	char *eq = curl_easy_escape(c->curl, username, 0);
	char *path = xasprintf("/api/v1/users?q=%s&limit=500", eq);
	curl_free(eq);
	http_resp *r = http_get(c, path);
	free(path);
	expect_status(r, 200);
	size_t i;
	json_t *it;
	json_array_foreach(jget(r->json, "items"), i, it)
	{
		const char *u = jstr(it, "username");
		if (u && !strcmp(u, username))
			return jint(it, "id");
	}
	print_error("user %s not found via GET /users?q=\n", username);
	describe(r);
	fail();
	return -1;
}

json_t *get_user(gx_client *c, json_int_t id)
{
	char *path = xasprintf("/api/v1/users/%lld", (long long)id);
	http_resp *r = http_get(c, path);
	free(path);
	expect_status(r, 200);
	return r->json;
}

static bool file_contains(const char *path, const char *needle)
{
	size_t len = 0;
	char *data = read_file_all(path, &len);
	if (!data)
		return false;
	bool found = memmem(data, len, needle, strlen(needle)) != NULL;
	free(data);
	return found;
}

bool db_contains(const char *db_path, const char *needle)
{
	char *wal = xasprintf("%s-wal", db_path);
	bool found = file_contains(db_path, needle) || file_contains(wal, needle);
	free(wal);
	return found;
}

int sql_exec(const char *db_path, const char *sql, char **errmsg)
{
	sqlite3 *db = NULL;
	if (errmsg)
		*errmsg = NULL;
	int rc = sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		char *msg = NULL;
		rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
		if (msg) {
			if (errmsg)
				*errmsg = xstrdup(msg);
			sqlite3_free(msg);
		}
	} else if (errmsg) {
		*errmsg = xstrdup(sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	return rc;
}

char *sql_text(const char *db_path, const char *sql)
{
	sqlite3 *db = NULL;
	char *res = NULL;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(st, 0);
			if (t)
				res = xstrdup((const char *)t);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return res;
}

json_int_t new_ticket(gx_client *c, json_int_t customer, const char *type, const char *title)
{
	http_resp *r = http_pack(c, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s,s:s}",
				 "type", type, "customer_id", customer, "title", title,
				 "description", "客户来电反映", "priority", "high");
	expect_status(r, 201);
	return jint(r->json, "id");
}

json_int_t create_user_in_team(gx_client *admin, const char *name, const char *role,
			       json_int_t team)
{
	http_resp *r = team
		? http_pack(admin, "POST", "/api/v1/users", "{s:s,s:s,s:s,s:[s],s:I}",
			    "username", name, "display_name", name, "password", "Passw0rd!",
			    "roles", role, "team_id", team)
		: http_pack(admin, "POST", "/api/v1/users", "{s:s,s:s,s:s,s:[s]}",
			    "username", name, "display_name", name, "password", "Passw0rd!",
			    "roles", role);
	expect_status(r, 201);
	return jint(r->json, "id");
}

json_int_t create_team(gx_client *admin, const char *name)
{
	http_resp *r = http_pack(admin, "POST", "/api/v1/teams", "{s:s}", "name", name);
	expect_status(r, 201);
	return jint(r->json, "id");
}

size_t count_items(gx_client *c, const char *path)
{
	http_resp *r = http_get(c, path);

	expect_status(r, 200);
	return json_array_size(jget(r->json, "items"));
}

int audit_rows(gx_client *admin, const char *action, const char *key, const char *value)
{
	http_resp *r = http_get(admin, "/api/v1/audit?limit=500");
	json_t *it;
	size_t i;
	int n = 0;

	/* A refused read must fail the test, not count as "no such row". */
	expect_status(r, 200);
	json_array_foreach(jget(r->json, "items"), i, it) {
		const char *a = jstr(it, "action"), *got = key ? jstr(it, key) : NULL;
		n += a && !strcmp(a, action) && (!value || (got && !strcmp(got, value)));
	}
	return n;
}
