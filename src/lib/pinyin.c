#include "lib/pinyin.h"

#include <string.h>

#include "lib/err.h"
#include "lib/utf8.h"

/* One output. Once a piece does not fit, later ones are refused too, even
 * shorter ones, so that the text stays a prefix of the whole reading. */
struct out {
	char *buf;
	size_t cap;
	size_t len;
	bool full;
};

static void out_init(struct out *o, char *buf, size_t cap)
{
	*o = (struct out){ .buf = buf, .cap = cap, .full = cap == 0 };
	if (cap > 0)
		buf[0] = '\0';
}

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->cap - o->len) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/* Decodes the code point at *s, which must be valid UTF-8, and moves *s
 * past it. */
static uint32_t next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t cp;
	size_t n;

	if (p[0] < 0x80) {
		*s = p + 1;
		return p[0];
	}
	if (p[0] < 0xE0) {
		n = 1;
		cp = p[0] & 0x1F;
	} else if (p[0] < 0xF0) {
		n = 2;
		cp = p[0] & 0x0F;
	} else {
		n = 3;
		cp = p[0] & 0x07;
	}
	for (size_t k = 1; k <= n; k++)
		cp = (cp << 6) | (p[k] & 0x3F);
	*s = p + n + 1;
	return cp;
}

/* An ASCII letter or digit lower-cased, or 0 for anything else. Not
 * tolower(): the result must not depend on the locale. */
static char ascii_kept(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return (char)cp;
	return 0;
}

static void add_syllable(struct out *full, struct out *initials, const char *syl)
{
	out_add(full, syl, strlen(syl));
	out_add(initials, syl, 1);
}

/* The entry for a name that starts with cp followed by next, or NULL if
 * its characters read as usual. */
static const struct pinyin_surname *surname_of(uint32_t cp, uint32_t next)
{
	for (size_t i = 0; i < pinyin_surname_count; i++) {
		const struct pinyin_surname *e = &pinyin_surnames[i];

		if (e->cp[0] == cp && (e->cp[1] == 0 || e->cp[1] == next))
			return e;
	}
	return NULL;
}

/* Writes the surname reading of the name at cp, *s being just past cp.
 * Moves *s past the second character of a compound surname. Returns false
 * if the name has no special reading. */
static bool add_surname(struct out *full, struct out *initials, uint32_t cp,
			const unsigned char **s)
{
	const unsigned char *after = *s;
	uint32_t next = **s ? next_cp(&after) : 0;
	const struct pinyin_surname *e = surname_of(cp, next);

	if (!e)
		return false;
	add_syllable(full, initials, pinyin_syllables[e->syllable[0]]);
	if (e->cp[1] != 0) {
		add_syllable(full, initials, pinyin_syllables[e->syllable[1]]);
		*s = after;
	}
	return true;
}

int pinyin_of(const char *utf8, bool as_name, char *full, size_t full_cap,
	      char *initials, size_t initials_cap)
{
	const unsigned char *s = (const unsigned char *)utf8;
	bool want_surname = as_name;
	struct out f, in;

	out_init(&f, full, full_cap);
	out_init(&in, initials, initials_cap);
	if (!utf8_valid(utf8, strlen(utf8)))
		return GX_EINVAL;
	while (*s) {
		uint32_t cp = next_cp(&s);
		char c = ascii_kept(cp);
		const char *syl;

		if (c) {
			out_add(&f, &c, 1);
			out_add(&in, &c, 1);
			continue;
		}
		syl = pinyin_syllable(cp);
		if (!syl)
			continue;
		if (want_surname) {
			want_surname = false;
			if (add_surname(&f, &in, cp, &s))
				continue;
		}
		add_syllable(&f, &in, syl);
	}
	return 0;
}

bool pinyin_is_query(const char *q)
{
	if (*q == '\0')
		return false;
	for (; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
			return false;
	return true;
}

const char *pinyin_syllable(uint32_t cp)
{
	uint16_t i;

	if (cp < PINYIN_FIRST || cp > PINYIN_LAST)
		return NULL;
	i = pinyin_index[cp - PINYIN_FIRST];
	return i ? pinyin_syllables[i] : NULL;
}
