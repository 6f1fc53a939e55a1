#include "lib/token.h"
#include "lib/err.h"

#include <sodium.h>
#include <string.h>

int token_new(const char *prefix, char *out)
{
	unsigned char raw[32];
	size_t plen = strlen(prefix);

	if (plen + sodium_base64_ENCODED_LEN(sizeof raw,
		sodium_base64_VARIANT_URLSAFE_NO_PADDING) > TOKEN_MAX)
		return GX_EINVAL;
	randombytes_buf(raw, sizeof raw);
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, TOKEN_MAX - plen, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return 0;
}

void token_digest(const char *token, unsigned char out[TOKEN_DIGEST_LEN])
{
	crypto_generichash(out, TOKEN_DIGEST_LEN, (const unsigned char *)token,
			   strlen(token), NULL, 0);
}

void token_hex(const unsigned char *bytes, size_t len, char *out)
{
	sodium_bin2hex(out, len * 2 + 1, bytes, len);
}

int token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
