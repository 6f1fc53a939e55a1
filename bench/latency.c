/* bench/latency - sends GET requests one after another over one keep-alive
 * connection and reports the latency distribution, as a line of text and
 * a JSON object. Sequential on purpose: it measures what one user waits,
 * not throughput.
 *
 *   bench_latency BASE_URL COOKIE NAME [CSRF_TOKEN] < paths
 *
 * Each line of standard input is a path ("/api/v1/customers?q=zs"), or
 * "POST path body" to post a JSON body with the CSRF token. */
#include "stats.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

int main(int argc, char **argv)
{
	char line[2048], url[4096];
	double *ms = NULL;
	size_t n = 0, cap = 0, errors = 0;
	struct curl_slist *headers = NULL;
	CURL *c;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: bench_latency BASE_URL COOKIE NAME [CSRF_TOKEN] < paths\n");
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_COOKIE, argv[2]);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	if (argc == 5) {
		snprintf(url, sizeof url, "X-CSRF-Token: %s", argv[4]);
		headers = curl_slist_append(headers, url);
		headers = curl_slist_append(headers, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	}
	while (fgets(line, sizeof line, stdin)) {
		struct timespec t0, t1;
		long status = 0;
		char *path = line, *body = NULL;
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line)
			continue;
		if (!strncmp(line, "POST ", 5)) {
			path = line + 5;
			if ((body = strchr(path, ' ')))
				*body++ = '\0';
		}
		snprintf(url, sizeof url, "%s%s", argv[1], path);
		curl_easy_setopt(c, CURLOPT_URL, url);
		if (body)
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		else
			curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		CURLcode rc = curl_easy_perform(c);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		if (rc != CURLE_OK || status != 200) {
			errors++;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			ms = realloc(ms, cap * sizeof *ms);
			if (!ms)
				return 1;
		}
		ms[n++] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	}
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	curl_global_cleanup();
	if (!n) {
		fprintf(stderr, "%s: no successful request (%zu errors)\n", argv[3], errors);
		return 1;
	}
	bench_sort(ms, n);
	fprintf(stderr, "%-16s %6zu requests  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  errors %zu\n",
		argv[3], n, bench_pct(ms, n, 0.5), bench_pct(ms, n, 0.99), ms[n - 1], errors);
	printf("\"%s\":{\"requests\":%zu,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"errors\":%zu}\n",
	       argv[3], n, bench_pct(ms, n, 0.5), bench_pct(ms, n, 0.99), ms[n - 1], errors);
	free(ms);
	return errors ? 1 : 0;
}
