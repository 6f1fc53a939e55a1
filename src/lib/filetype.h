/* filetype.h - what kind of file some bytes are, judged by their first
 * bytes (magic numbers) and checked against the file name's extension, for
 * uploads that accept only documents and pictures. */
#ifndef GX_FILETYPE_H
#define GX_FILETYPE_H

#include <stddef.h>

/* The media type of a PDF, PNG, JPEG, GIF, Word (.docx), Excel (.xlsx) or
 * UTF-8 text (.txt) file whose content and extension agree, as a static
 * string; NULL for anything else (an executable renamed to .png, a .txt
 * holding binary bytes, an unknown kind). */
const char *filetype_detect(const void *bytes, size_t len, const char *filename);

#endif
