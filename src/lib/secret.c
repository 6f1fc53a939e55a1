#include "lib/secret.h"
#include "lib/err.h"
#include "lib/log.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PLAIN_MAX 256

static unsigned char seal_key[crypto_secretbox_KEYBYTES];
static unsigned char index_key[crypto_generichash_KEYBYTES];
static bool loaded;

static int read_key(int fd, unsigned char *master)
{
	size_t got = 0;

	while (got < 32) {
		ssize_t n = read(fd, master + got, 32 - got);
		if (n <= 0)
			return GX_EDB;
		got += (size_t)n;
	}
	return 0;
}

static int write_key(const char *path, unsigned char *master)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int rc = 0;

	if (fd < 0)
		return GX_EDB;
	randombytes_buf(master, 32);
	if (write(fd, master, 32) != 32 || fsync(fd) != 0)
		rc = GX_EDB;
	close(fd);
	return rc;
}

int secret_open(const char *key_path, bool create)
{
	unsigned char master[32];
	int fd = open(key_path, O_RDONLY | O_CLOEXEC), rc;

	if (fd >= 0) {
		rc = read_key(fd, master);
		close(fd);
	} else if (errno == ENOENT && create) {
		rc = write_key(key_path, master);
	} else {
		rc = GX_EDB;
	}
	if (rc != 0) {
		log_error("secret_key_unavailable", "{s:s,s:s}", "path", key_path,
			  "error", errno ? strerror(errno) : "short key file");
		return rc;
	}
	/* Two independent keys from one master: one to seal, one to index. */
	crypto_kdf_derive_from_key(seal_key, sizeof seal_key, 1, "gx_seal_", master);
	crypto_kdf_derive_from_key(index_key, sizeof index_key, 2, "gx_index", master);
	sodium_memzero(master, sizeof master);
	loaded = true;
	return 0;
}

int secret_seal(const char *plain, char *out)
{
	unsigned char buf[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + PLAIN_MAX];
	size_t len = strlen(plain);

	if (!loaded || len > PLAIN_MAX)
		return GX_EINVAL;
	randombytes_buf(buf, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES,
			      (const unsigned char *)plain, len, buf, seal_key);
	sodium_bin2base64(out, SECRET_SEALED_MAX, buf,
			  crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len,
			  sodium_base64_VARIANT_ORIGINAL);
	return 0;
}

int secret_unseal(const char *sealed, char *out, size_t cap)
{
	unsigned char buf[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + PLAIN_MAX];
	size_t len;

	if (!loaded ||
	    sodium_base642bin(buf, sizeof buf, sealed, strlen(sealed), NULL, &len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return GX_EINVAL;
	len -= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
	if (len + 1 > cap ||
	    crypto_secretbox_open_easy((unsigned char *)out,
				       buf + crypto_secretbox_NONCEBYTES,
				       len + crypto_secretbox_MACBYTES, buf, seal_key) != 0)
		return GX_EINVAL;
	out[len] = '\0';
	return 0;
}

void secret_index(const char *value, unsigned char out[SECRET_INDEX_LEN])
{
	crypto_generichash(out, SECRET_INDEX_LEN, (const unsigned char *)value,
			   strlen(value), index_key, sizeof index_key);
}
