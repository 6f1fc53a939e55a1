#include "lib/textenc.h"
#include "lib/err.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

int textenc_gb18030_to_utf8(const char *in, size_t len, char **out, size_t *out_len,
			    size_t *bad_offset)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	/* A GB18030 character of 2 or 4 bytes becomes at most 4 bytes of
	 * UTF-8, a 1-byte one stays 1 byte: twice the input always fits. */
	size_t cap = len * 2 + 1, left_in = len, left_out = cap - 1;
	char *buf, *src = (char *)in, *dst;
	int rc = 0;

	*out = NULL;
	if (cd == (iconv_t)-1)
		return GX_ENOMEM;
	if (!(buf = malloc(cap))) {
		iconv_close(cd);
		return GX_ENOMEM;
	}
	dst = buf;
	if (iconv(cd, &src, &left_in, &dst, &left_out) == (size_t)-1) {
		rc = errno == E2BIG ? GX_ENOMEM : GX_EINVAL;
		*bad_offset = (size_t)(src - in);
		free(buf);
		buf = NULL;
	}
	iconv_close(cd);
	if (buf) {
		*dst = '\0';
		*out = buf;
		*out_len = (size_t)(dst - buf);
	}
	return rc;
}

size_t textenc_utf8_bom(const char *s, size_t len)
{
	return len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
}
