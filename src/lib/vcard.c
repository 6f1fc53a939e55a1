#include "lib/vcard.h"

#include <stdlib.h>
#include <string.h>

#define FOLD_OCTETS 75

static void put(struct vcard_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *p;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(p = realloc(b->data, cap))) {
			b->failed = true;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Writes one logical line folded: at most 75 octets per physical line,
 * continuation lines start with a space, cuts fall between characters. */
static void put_folded(struct vcard_buf *b, const char *line, size_t n)
{
	size_t room = FOLD_OCTETS;

	while (n > room) {
		size_t cut = room;
		while (cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		put(b, line, cut);
		put(b, "\r\n ", 3);
		line += cut;
		n -= cut;
		room = FOLD_OCTETS - 1;
	}
	put(b, line, n);
	put(b, "\r\n", 2);
}

/* Appends s escaped for a text value: \ ; , and line breaks. */
static void put_escaped(struct vcard_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',') {
			put(b, "\\", 1);
			put(b, s, 1);
		} else if (*s == '\r' || *s == '\n') {
			put(b, "\\n", 2);
			if (*s == '\r' && s[1] == '\n')
				s++;
		} else {
			put(b, s, 1);
		}
	}
}

void vcard_begin(struct vcard_buf *b)
{
	put(b, "BEGIN:VCARD\r\nVERSION:3.0\r\n", 26);
}

void vcard_prop(struct vcard_buf *b, const char *name, const char *const *parts,
		size_t nparts)
{
	struct vcard_buf line = {0};
	bool any = false;

	for (size_t i = 0; i < nparts; i++)
		any |= parts[i] && *parts[i];
	if (!any)
		return;
	put(&line, name, strlen(name));
	put(&line, ":", 1);
	for (size_t i = 0; i < nparts; i++) {
		if (i)
			put(&line, ";", 1);
		if (parts[i])
			put_escaped(&line, parts[i]);
	}
	if (line.failed)
		b->failed = true;
	else
		put_folded(b, line.data, line.len);
	free(line.data);
}

void vcard_text(struct vcard_buf *b, const char *name, const char *value)
{
	vcard_prop(b, name, &value, 1);
}

void vcard_end(struct vcard_buf *b)
{
	put(b, "END:VCARD\r\n", 11);
}
