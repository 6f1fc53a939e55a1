/* blobs.h - files kept beside the database (work-order attachments) in
 * the folder "<database>.files/", each named by the hex SHA-256 of its
 * bytes: the same file uploaded twice is stored once, and a name never
 * comes from a user. Backups of the database should copy this folder too
 * (docs/OPERATIONS.md). */
#ifndef GX_STORE_BLOBS_H
#define GX_STORE_BLOBS_H

#include <stddef.h>
#include <stdint.h>

#define BLOB_NAME_LEN 65 /* 64 hex digits and the NUL */

/* Stores len bytes (if no file of that content exists yet) and writes its
 * name into name. The file is complete and flushed to disk before it
 * appears under its name. 0 or GX_EDB (logged). */
int blob_put(const void *bytes, size_t len, char name[BLOB_NAME_LEN]);

/* Opens the named file for reading: *fd (the caller closes it) and its
 * size. GX_ENOTFOUND if there is none, GX_EINVAL for a malformed name. */
int blob_open(const char *name, int *fd, int64_t *size);

/* Removes the named file; a missing one is not an error. */
int blob_remove(const char *name);

#endif
