/* textenc.h - text in the encodings Chinese spreadsheets are saved in,
 * turned into UTF-8 (iconv of glibc). GB18030 is a superset of GBK and
 * GB2312, so one decoder serves all three. */
#ifndef GX_TEXTENC_H
#define GX_TEXTENC_H

#include <stddef.h>

/* Decodes GB18030 in[0..len) into a new NUL-terminated UTF-8 string in
 * *out (caller frees) of *out_len bytes. 0; GX_ENOMEM; or GX_EINVAL when
 * the bytes are not GB18030, with *bad_offset the offset of the first
 * byte that is not. */
int textenc_gb18030_to_utf8(const char *in, size_t len, char **out, size_t *out_len,
			    size_t *bad_offset);

/* The length of a UTF-8 byte order mark at the start of s[0..len), 0 or 3. */
size_t textenc_utf8_bom(const char *s, size_t len);

#endif
