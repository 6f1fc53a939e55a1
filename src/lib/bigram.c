#include "lib/bigram.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum cls { C_SEP, C_CJK, C_WORD };

/* One code point at s into *cp; its length in bytes (1 for a byte that
 * does not start a well-formed sequence, read as U+FFFD). */
static size_t decode(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xE0) == 0xC0)
		n = 2, *cp = u[0] & 0x1F;
	else if ((u[0] & 0xF0) == 0xE0)
		n = 3, *cp = u[0] & 0x0F;
	else if ((u[0] & 0xF8) == 0xF0)
		n = 4, *cp = u[0] & 0x07;
	else
		n = 0;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			n = 0;
			break;
		}
		*cp = (*cp << 6) | (u[i] & 0x3F);
	}
	if (!n) {
		*cp = 0xFFFD;
		return 1;
	}
	return n;
}

static bool in(uint32_t cp, uint32_t lo, uint32_t hi)
{
	return cp >= lo && cp <= hi;
}

static enum cls classify(uint32_t cp)
{
	if (cp < 0x80)
		return (in(cp, '0', '9') || in(cp, 'a', 'z') || in(cp, 'A', 'Z')) ? C_WORD : C_SEP;
	if (in(cp, 0x3040, 0x30FF) || cp == 0x3005 || cp == 0x3007 ||
	    in(cp, 0x3400, 0x4DBF) || in(cp, 0x4E00, 0x9FFF) || in(cp, 0xAC00, 0xD7AF) ||
	    in(cp, 0xF900, 0xFAFF) || in(cp, 0x20000, 0x3134F))
		return C_CJK;
	if (in(cp, 0xFF10, 0xFF19) || in(cp, 0xFF21, 0xFF3A) || in(cp, 0xFF41, 0xFF5A))
		return C_WORD;
	/* Latin with accents, Greek, Cyrillic; not × and ÷. */
	if ((in(cp, 0xC0, 0x24F) && cp != 0xD7 && cp != 0xF7) || in(cp, 0x370, 0x4FF))
		return C_WORD;
	return C_SEP;
}

/* The ASCII character a word character folds to, 0 if it stays as it is. */
static char fold(uint32_t cp)
{
	if (in(cp, 'A', 'Z'))
		return (char)(cp - 'A' + 'a');
	if (cp < 0x80)
		return (char)cp;
	if (in(cp, 0xFF10, 0xFF19))
		return (char)(cp - 0xFF10 + '0');
	if (in(cp, 0xFF21, 0xFF3A))
		return (char)(cp - 0xFF21 + 'a');
	if (in(cp, 0xFF41, 0xFF5A))
		return (char)(cp - 0xFF41 + 'a');
	return 0;
}

void bigram_init(struct bigram_iter *it, const char *s, enum bigram_mode mode)
{
	memset(it, 0, sizeof *it);
	it->s = s ? s : "";
	it->mode = mode;
}

static void emit(struct bigram_iter *it, struct bigram_token *out, size_t start, size_t end,
		 bool run_start, bool single)
{
	memcpy(out->text, it->s + start, end - start);
	out->text[end - start] = '\0';
	out->start = start;
	out->end = end;
	out->run_start = run_start;
	out->single = single;
}

/* A word from it->pos: folded characters while they fit, the rest of the
 * word skipped. */
static void read_word(struct bigram_iter *it, struct bigram_token *out)
{
	size_t n = 0;
	uint32_t cp;
	bool full = false; /* the token holds a prefix; the rest is skipped */

	out->start = it->pos;
	for (;;) {
		size_t len = it->s[it->pos] ? decode(it->s + it->pos, &cp) : 0;
		char f;
		if (!len || classify(cp) != C_WORD)
			break;
		f = fold(cp);
		full = full || n + (f ? 1 : len) >= sizeof out->text;
		if (!full && f)
			out->text[n++] = f;
		else if (!full) {
			memcpy(out->text + n, it->s + it->pos, len);
			n += len;
		}
		it->pos += len;
	}
	out->text[n] = '\0';
	out->end = it->pos;
	out->run_start = true;
	out->single = false;
}

bool bigram_next(struct bigram_iter *it, struct bigram_token *out)
{
	for (;;) {
		uint32_t cp = 0;
		size_t len = it->s[it->pos] ? decode(it->s + it->pos, &cp) : 0;
		enum cls c = len ? classify(cp) : C_SEP;

		if (it->in_run && c == C_CJK) {
			emit(it, out, it->prev, it->pos + len, it->run_len == 1, false);
			it->run_len++;
			it->prev = it->pos;
			it->prev_len = len;
			it->pos += len;
			return true;
		}
		if (it->in_run) {
			it->in_run = false;
			if (it->mode == BIGRAM_INDEX || it->run_len == 1) {
				emit(it, out, it->prev, it->prev + it->prev_len, it->run_len == 1,
				     true);
				return true;
			}
			continue;
		}
		if (!len)
			return false;
		if (c == C_WORD) {
			read_word(it, out);
			return true;
		}
		if (c == C_CJK) {
			it->in_run = true;
			it->run_len = 1;
			it->prev = it->pos;
			it->prev_len = len;
		}
		it->pos += len;
	}
}

char *bigram_index_text(const char *s)
{
	/* A CJK character of 3 bytes yields a pair of 6 and a space. */
	size_t cap = 3 * strlen(s ? s : "") + 2, n = 0;
	char *out = malloc(cap);
	struct bigram_iter it;
	struct bigram_token t;

	if (!out)
		return NULL;
	bigram_init(&it, s, BIGRAM_INDEX);
	while (bigram_next(&it, &t)) {
		size_t len = strlen(t.text);
		if (!len || n + len + 2 > cap)
			continue;
		if (n)
			out[n++] = ' ';
		memcpy(out + n, t.text, len);
		n += len;
	}
	out[n] = '\0';
	return out;
}

int bigram_query_parse(const char *q, struct bigram_query *out)
{
	struct bigram_iter it;
	struct bigram_token t;

	memset(out, 0, sizeof *out);
	bigram_init(&it, q, BIGRAM_QUERY);
	while (out->ntok < BIGRAM_QUERY_TOKENS && bigram_next(&it, &t)) {
		if (!t.text[0])
			continue;
		if (t.run_start || !out->nphrase)
			out->phrase[out->nphrase++].first = out->ntok;
		out->phrase[out->nphrase - 1].n++;
		out->tok[out->ntok++] = t;
	}
	return out->ntok;
}

static bool token_matches(const struct bigram_token *want, const struct bigram_token *got)
{
	if (want->single)
		return !strncmp(got->text, want->text, strlen(want->text));
	return !strcmp(got->text, want->text);
}

static int by_start(const void *a, const void *b)
{
	const struct bigram_range *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/* Sorts ranges and merges the ones that overlap or touch; the new count. */
static int merge(struct bigram_range *r, int n)
{
	int m = 0;

	qsort(r, (size_t)n, sizeof *r, by_start);
	for (int i = 0; i < n; i++) {
		if (m && r[i].start <= r[m - 1].end) {
			if (r[i].end > r[m - 1].end)
				r[m - 1].end = r[i].end;
			continue;
		}
		r[m++] = r[i];
	}
	return m;
}

/* Does phrase p end at the newest token of the ring (seen tokens so far)? */
static bool phrase_at(const struct bigram_query *q, int p, const struct bigram_token *ring,
		      size_t seen, struct bigram_range *hit)
{
	int first = q->phrase[p].first, n = q->phrase[p].n;

	if ((size_t)n > seen)
		return false;
	for (int k = 0; k < n; k++) {
		const struct bigram_token *got =
			&ring[(seen - (size_t)n + (size_t)k) % BIGRAM_QUERY_TOKENS];
		if (!token_matches(&q->tok[first + k], got))
			return false;
	}
	hit->start = ring[(seen - (size_t)n) % BIGRAM_QUERY_TOKENS].start;
	hit->end = ring[(seen - 1) % BIGRAM_QUERY_TOKENS].end;
	/* A single character found as the prefix of a pair is that character. */
	if (n == 1 && q->tok[first].single)
		hit->end = hit->start + strlen(q->tok[first].text);
	return true;
}

int bigram_find(const char *text, const struct bigram_query *q, struct bigram_range *out,
		int max)
{
	struct bigram_token ring[BIGRAM_QUERY_TOKENS];
	struct bigram_iter it;
	size_t seen = 0;
	int n = 0;

	bigram_init(&it, text, BIGRAM_INDEX);
	while (n < max && bigram_next(&it, &ring[seen % BIGRAM_QUERY_TOKENS])) {
		seen++;
		for (int p = 0; p < q->nphrase && n < max; p++)
			if (phrase_at(q, p, ring, seen, &out[n]))
				n++;
	}
	return merge(out, n);
}
