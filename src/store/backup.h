/* backup.h - consistent online copies of the database file. */
#ifndef GX_STORE_BACKUP_H
#define GX_STORE_BACKUP_H

/* Copies the live database at db_path into a new file at dest (which must
 * not exist) with SQLite's online backup, so a server may keep reading and
 * writing meanwhile; the copy is one consistent snapshot. Returns 0 or
 * GX_EDB / GX_ECONFLICT (dest exists), with a message in err (256 bytes). */
int store_backup(const char *db_path, const char *dest, char *err);

/* Checks that src is an intact Guanxi database and copies it over the
 * database at db_path (created if missing). Other connections see the
 * restored content once it commits. */
int store_restore(const char *db_path, const char *src, char *err);

#endif
