#include "store/blobs.h"
#include "store/db.h"
#include "lib/err.h"
#include "lib/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOB_PATH_MAX 4096

static bool name_ok(const char *name)
{
	return strlen(name) == BLOB_NAME_LEN - 1 &&
	       strspn(name, "0123456789abcdef") == BLOB_NAME_LEN - 1;
}

/* "<db>.files" into dir, made if missing. */
static int blob_dir(char *dir, size_t cap)
{
	const char *db = db_file_path();

	if (!db || (size_t)snprintf(dir, cap, "%s.files", db) >= cap)
		return GX_EDB;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_error("blob_dir_failed", "{s:s,s:s}", "dir", dir, "error", strerror(errno));
		return GX_EDB;
	}
	return 0;
}

static int blob_path(const char *name, char *path, size_t cap)
{
	char dir[BLOB_PATH_MAX];
	int rc;

	if (!name_ok(name))
		return GX_EINVAL;
	if ((rc = blob_dir(dir, sizeof dir)) != 0)
		return rc;
	return (size_t)snprintf(path, cap, "%s/%s", dir, name) < cap ? 0 : GX_EDB;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int blob_put(const void *bytes, size_t len, char name[BLOB_NAME_LEN])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char path[BLOB_PATH_MAX], tmp[BLOB_PATH_MAX];
	int fd, rc;

	crypto_hash_sha256(digest, bytes, len);
	sodium_bin2hex(name, BLOB_NAME_LEN, digest, sizeof digest);
	if ((rc = blob_path(name, path, sizeof path)) != 0)
		return rc;
	if (access(path, F_OK) == 0)
		return 0;
	/* A unique temporary name, then rename: a reader never sees half a
	 * file, and two uploads of the same bytes both end well. */
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp)
		return GX_EDB;
	if ((fd = mkstemp(tmp)) < 0)
		goto fail;
	if (write_all(fd, bytes, len) != 0 || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		goto fail;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	log_error("blob_write_failed", "{s:s,s:s}", "path", path, "error", strerror(errno));
	return GX_EDB;
}

int blob_open(const char *name, int *fd, int64_t *size)
{
	char path[BLOB_PATH_MAX];
	struct stat sb;
	int rc;

	*fd = -1;
	if ((rc = blob_path(name, path, sizeof path)) != 0)
		return rc;
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? GX_ENOTFOUND : GX_EDB;
	if (fstat(*fd, &sb) != 0) {
		close(*fd);
		*fd = -1;
		return GX_EDB;
	}
	*size = sb.st_size;
	return 0;
}

int blob_remove(const char *name)
{
	char path[BLOB_PATH_MAX];
	int rc;

	if ((rc = blob_path(name, path, sizeof path)) != 0)
		return rc;
	if (unlink(path) != 0 && errno != ENOENT) {
		log_error("blob_remove_failed", "{s:s,s:s}", "path", path, "error",
			  strerror(errno));
		return GX_EDB;
	}
	return 0;
}
