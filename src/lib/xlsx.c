#include "lib/xlsx.h"
#include "lib/err.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#define XLSX_COLS_MAX 1024
/* A part larger than this once decompressed is refused: no honest sheet
 * of a 64 MiB upload comes near it, a zip bomb does. */
#define XLSX_PART_MAX ((zip_uint64_t)1 << 30)

/* ------------------------------------------------------------------ */
/* reading                                                             */
/* ------------------------------------------------------------------ */

struct strbuf {
	char *s;
	size_t len, cap;
};

static int sb_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p)
			return GX_ENOMEM;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

struct reader {
	XML_Parser xp;
	int rc;
	/* shared strings */
	char **strings;
	size_t nstrings, cap_strings;
	/* where the parse is */
	int depth_rph;  /* inside a phonetic run (<rPh>): text not kept */
	bool in_text;   /* inside <t> or <v> whose text counts */
	struct strbuf text;
	/* the current cell and row */
	char cell_type[12];
	int col, next_col, row_line, next_line;
	struct strbuf *cols;
	int ncols, cap_cols;
	char **cells;
	char empty[1]; /* what an empty cell points at: writable, as cells are */
	xlsx_row_fn row;
	void *ctx;
};

/* The local part of a possibly prefixed element name ("x:row" -> "row"). */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (; atts && atts[0]; atts += 2)
		if (!strcmp(local(atts[0]), name))
			return atts[1];
	return NULL;
}

static void fail(struct reader *r, int rc)
{
	if (!r->rc)
		r->rc = rc;
	XML_StopParser(r->xp, XML_FALSE);
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	struct reader *r = ud;

	if (r->in_text && !r->depth_rph && sb_add(&r->text, s, (size_t)len) != 0)
		fail(r, GX_ENOMEM);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
		       const XML_Char *pubid, int internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	/* OOXML parts never declare a document type; one that does is not a
	 * spreadsheet and may be trying entity tricks. */
	fail(ud, GX_EINVAL);
}

static void strings_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;
	const char *n = local(name);

	(void)atts;
	if (!strcmp(n, "si")) {
		r->text.len = 0;
		if (r->text.s)
			r->text.s[0] = '\0';
	} else if (!strcmp(n, "rPh")) {
		r->depth_rph++;
	} else if (!strcmp(n, "t")) {
		r->in_text = true;
	}
}

static void strings_end(void *ud, const XML_Char *name)
{
	struct reader *r = ud;
	const char *n = local(name);

	if (!strcmp(n, "t")) {
		r->in_text = false;
	} else if (!strcmp(n, "rPh")) {
		r->depth_rph--;
	} else if (!strcmp(n, "si")) {
		if (r->nstrings == r->cap_strings) {
			size_t cap = r->cap_strings ? r->cap_strings * 2 : 256;
			char **p = realloc(r->strings, cap * sizeof *p);
			if (!p)
				return fail(r, GX_ENOMEM);
			r->strings = p;
			r->cap_strings = cap;
		}
		if (!(r->strings[r->nstrings] = strdup(r->text.s ? r->text.s : "")))
			return fail(r, GX_ENOMEM);
		r->nstrings++;
	}
}

/* Column index of a cell reference ("B7" -> 1); -1 if it has none. */
static int ref_col(const char *ref)
{
	int col = 0, n = 0;

	for (; *ref >= 'A' && *ref <= 'Z' && n < 4; ref++, n++)
		col = col * 26 + (*ref - 'A' + 1);
	return n ? col - 1 : -1;
}

static int set_cell(struct reader *r, int col, const char *value)
{
	if (col >= XLSX_COLS_MAX)
		return GX_EINVAL;
	if (col >= r->cap_cols) {
		int cap = r->cap_cols ? r->cap_cols : 32;
		while (cap <= col)
			cap *= 2;
		struct strbuf *p = realloc(r->cols, (size_t)cap * sizeof *p);
		char **c = realloc(r->cells, (size_t)cap * sizeof *c);
		if (p)
			r->cols = p;
		if (c)
			r->cells = c;
		if (!p || !c)
			return GX_ENOMEM;
		memset(r->cols + r->cap_cols, 0, (size_t)(cap - r->cap_cols) * sizeof *p);
		r->cap_cols = cap;
	}
	for (; r->ncols <= col; r->ncols++)
		r->cols[r->ncols].len = 0;
	r->cols[col].len = 0;
	return sb_add(&r->cols[col], value, strlen(value));
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;
	const char *n = local(name), *a;

	if (!strcmp(n, "row")) {
		a = attr(atts, "r");
		long line = a ? strtol(a, NULL, 10) : 0;
		r->row_line = line >= 1 && line <= 1048576 ? (int)line : r->next_line;
		r->ncols = 0;
		r->next_col = 0;
	} else if (!strcmp(n, "c")) {
		a = attr(atts, "r");
		r->col = a ? ref_col(a) : -1;
		if (r->col < 0)
			r->col = r->next_col;
		a = attr(atts, "t");
		snprintf(r->cell_type, sizeof r->cell_type, "%s", a ? a : "n");
		r->text.len = 0;
		if (r->text.s)
			r->text.s[0] = '\0';
	} else if (!strcmp(n, "rPh")) {
		r->depth_rph++;
	} else if (!strcmp(n, "v") || !strcmp(n, "t")) {
		r->in_text = true;
	}
}

static void end_cell(struct reader *r)
{
	const char *v = r->text.s ? r->text.s : "";
	char *end;
	int rc;

	if (!strcmp(r->cell_type, "s")) {
		unsigned long i = strtoul(v, &end, 10);
		if (!*v || *end || i >= r->nstrings)
			return fail(r, GX_EINVAL);
		v = r->strings[i];
	} else if (!strcmp(r->cell_type, "b")) {
		v = !strcmp(v, "1") ? "1" : "0";
	}
	if ((rc = set_cell(r, r->col, v)) != 0)
		return fail(r, rc);
	r->next_col = r->col + 1;
}

static void end_row(struct reader *r)
{
	bool blank = true;
	int rc;

	for (int i = 0; i < r->ncols; i++) {
		r->cells[i] = r->cols[i].len ? r->cols[i].s : r->empty;
		blank &= !r->cols[i].len;
	}
	r->next_line = r->row_line + 1;
	if (!blank && (rc = r->row(r->ctx, r->row_line, r->cells, r->ncols)) != 0)
		fail(r, rc);
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct reader *r = ud;
	const char *n = local(name);

	if (!strcmp(n, "v") || !strcmp(n, "t"))
		r->in_text = false;
	else if (!strcmp(n, "rPh"))
		r->depth_rph--;
	else if (!strcmp(n, "c"))
		end_cell(r);
	else if (!strcmp(n, "row"))
		end_row(r);
}

/* Streams one part of the archive through expat with the given handlers.
 * 1 if the part does not exist; GX_EINVAL if it cannot be read. */
static int parse_part(zip_t *za, const char *name, struct reader *r,
		      XML_StartElementHandler start, XML_EndElementHandler end)
{
	zip_file_t *f;
	char buf[65536];
	zip_int64_t n;
	zip_uint64_t total = 0;
	int rc = 0;

	if (zip_name_locate(za, name, 0) < 0)
		return 1;
	if (!(f = zip_fopen(za, name, 0)))
		return GX_EINVAL;
	if (!(r->xp = XML_ParserCreate("UTF-8"))) {
		zip_fclose(f);
		return GX_ENOMEM;
	}
	XML_SetUserData(r->xp, r);
	XML_SetElementHandler(r->xp, start, end);
	XML_SetCharacterDataHandler(r->xp, on_text);
	XML_SetStartDoctypeDeclHandler(r->xp, on_doctype);
	r->in_text = false;
	r->depth_rph = 0;
	while ((n = zip_fread(f, buf, sizeof buf)) > 0) {
		total += (zip_uint64_t)n;
		if (total > XLSX_PART_MAX ||
		    XML_Parse(r->xp, buf, (int)n, 0) != XML_STATUS_OK) {
			rc = GX_EINVAL;
			break;
		}
	}
	if (!rc && (n < 0 || XML_Parse(r->xp, buf, 0, 1) != XML_STATUS_OK))
		rc = GX_EINVAL;
	/* A stop from a handler carries its own reason. */
	if (r->rc)
		rc = r->rc;
	XML_ParserFree(r->xp);
	r->xp = NULL;
	zip_fclose(f);
	return rc;
}

/* The first worksheet part: sheet1.xml, else the first one listed. */
static const char *first_sheet(zip_t *za)
{
	static const char dir[] = "xl/worksheets/";
	zip_int64_t n = zip_get_num_entries(za, 0);
	const char *name;

	if (zip_name_locate(za, "xl/worksheets/sheet1.xml", 0) >= 0)
		return "xl/worksheets/sheet1.xml";
	for (zip_int64_t i = 0; i < n; i++) {
		name = zip_get_name(za, (zip_uint64_t)i, 0);
		if (name && !strncmp(name, dir, sizeof dir - 1) &&
		    !strchr(name + sizeof dir - 1, '/') && strlen(name) > 4 &&
		    !strcmp(name + strlen(name) - 4, ".xml"))
			return name;
	}
	return NULL;
}

int xlsx_read(const void *data, size_t len, xlsx_row_fn row, void *ctx,
	      char *err, size_t errcap)
{
	struct reader r = {.row = row, .ctx = ctx, .next_line = 1};
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za = NULL;
	const char *sheet;
	int rc;

	zip_error_init(&zerr);
	if (!(src = zip_source_buffer_create(data, len, 0, &zerr))) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (!(za = zip_open_from_source(src, ZIP_RDONLY, &zerr))) {
		zip_source_free(src);
		snprintf(err, errcap, "不是有效的 Excel（.xlsx）文件");
		rc = GX_EINVAL;
		goto out;
	}
	rc = parse_part(za, "xl/sharedStrings.xml", &r, strings_start, strings_end);
	if (rc < 0) {
		snprintf(err, errcap, "共享字符串表（sharedStrings.xml）无法读取");
		goto out;
	}
	if (!(sheet = first_sheet(za))) {
		snprintf(err, errcap, "文件中没有工作表");
		rc = GX_EINVAL;
		goto out;
	}
	rc = parse_part(za, sheet, &r, sheet_start, sheet_end);
	if (rc == GX_EINVAL && !r.rc)
		snprintf(err, errcap, "工作表内容无法读取");
	else if (rc == GX_EINVAL)
		snprintf(err, errcap, "工作表内容无效（列过多或引用了不存在的字符串）");
out:
	if (za)
		zip_discard(za);
	zip_error_fini(&zerr);
	for (size_t i = 0; i < r.nstrings; i++)
		free(r.strings[i]);
	free(r.strings);
	for (int i = 0; i < r.cap_cols; i++)
		free(r.cols[i].s);
	free(r.cols);
	free(r.cells);
	free(r.text.s);
	return rc;
}

bool xlsx_serial_date(const char *s, char *out)
{
	char *end;
	long days = strtol(s, &end, 10);
	struct tm tm;
	time_t t;

	/* Whole days only ("12345" or "12345.0"). */
	if (end == s || *s == '-' || *s == '+' || (*end && strspn(end, ".0") != strlen(end)))
		return false;
	if (days < 1 || days > 2958465) /* 9999-12-31 */
		return false;
	/* Serial 1 is 1900-01-01 and 25569 is 1970-01-01, except that 60 is
	 * the 29 February 1900 that Lotus believed in, so serials before it
	 * count one day fewer. */
	if (days == 60)
		return false;
	t = (time_t)(days - (days > 60 ? 25569 : 25568)) * 86400;
	char buf[32];

	gmtime_r(&t, &tm);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, buf, 11);
	return true;
}

/* ------------------------------------------------------------------ */
/* writing                                                             */
/* ------------------------------------------------------------------ */

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

static const char content_types[] = XML_DECL
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
	"</Types>";

static const char root_rels[] = XML_DECL
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";

static const char workbook_rels[] = XML_DECL
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

/* Style 1 is the bold header. */
static const char styles[] = XML_DECL
	"<styleSheet xmlns=\"" NS_MAIN "\">"
	"<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"等线\"/></font>"
	"<font><b/><sz val=\"11\"/><name val=\"等线\"/></font></fonts>"
	"<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
	"<fill><patternFill patternType=\"gray125\"/></fill></fills>"
	"<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
	"<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
	"<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
	"<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
	"</styleSheet>";

static const char sheet_head[] = XML_DECL
	"<worksheet xmlns=\"" NS_MAIN "\"><sheetViews><sheetView workbookViewId=\"0\">"
	"<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
	"</sheetView></sheetViews><sheetData>";
static const char sheet_tail[] = "</sheetData></worksheet>";
static const char book_head[] = XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL
	"\"><sheets><sheet name=\"";
static const char book_tail[] = "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

/* The sheet part, produced row by row as libzip reads it. */
struct writer {
	xlsx_next_fn next;
	void *ctx;
	int ncols, line, rc;
	bool done;
	struct strbuf out; /* produced, not yet read */
	size_t pos;        /* read so far of out */
	zip_error_t error;
};

static int put_escaped(struct strbuf *b, const char *s)
{
	const char *run = s;
	int rc = 0;

	for (; *s && rc == 0; s++) {
		const char *rep = NULL;
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			rep = ""; /* not allowed in XML 1.0 at all */
		if (!rep)
			continue;
		rc = sb_add(b, run, (size_t)(s - run));
		if (!rc)
			rc = sb_add(b, rep, strlen(rep));
		run = s + 1;
	}
	return rc ? rc : sb_add(b, run, strlen(run));
}

static void col_name(int col, char *out)
{
	char tmp[8];
	int n = 0;

	for (col++; col > 0 && n < 7; col = (col - 1) / 26)
		tmp[n++] = (char)('A' + (col - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Appends the next row's XML (or the end of the sheet) to w->out. */
static int produce(struct writer *w)
{
	const char *const *cells;
	char head[96], ref[16];
	int rc = w->next(w->ctx, &cells);

	if (rc < 0)
		return rc;
	if (rc == 0) {
		w->done = true;
		return sb_add(&w->out, sheet_tail, sizeof sheet_tail - 1);
	}
	w->line++;
	snprintf(head, sizeof head, "<row r=\"%d\">", w->line);
	rc = sb_add(&w->out, head, strlen(head));
	for (int i = 0; i < w->ncols && rc == 0; i++) {
		if (!cells[i] || !*cells[i])
			continue;
		col_name(i, ref);
		snprintf(head, sizeof head, "<c r=\"%s%d\" t=\"inlineStr\"%s><is><t xml:space=\"preserve\">",
			 ref, w->line, w->line == 1 ? " s=\"1\"" : "");
		rc = sb_add(&w->out, head, strlen(head));
		if (!rc)
			rc = put_escaped(&w->out, cells[i]);
		if (!rc)
			rc = sb_add(&w->out, "</t></is></c>", 13);
	}
	return rc ? rc : sb_add(&w->out, "</row>", 6);
}

static zip_int64_t sheet_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct writer *w = ud;
	zip_uint64_t n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		w->out.len = w->pos = 0;
		w->done = false;
		w->line = 0;
		return sb_add(&w->out, sheet_head, sizeof sheet_head - 1) ? -1 : 0;
	case ZIP_SOURCE_READ:
		/* Refill in rows until a whole buffer can be given. */
		if (w->pos == w->out.len) {
			w->out.len = w->pos = 0;
		}
		while (!w->done && w->out.len - w->pos < len) {
			if ((w->rc = produce(w)) != 0) {
				zip_error_set(&w->error, ZIP_ER_READ, 0);
				return -1;
			}
		}
		n = w->out.len - w->pos < len ? w->out.len - w->pos : len;
		memcpy(data, w->out.s + w->pos, n);
		w->pos += n;
		/* Keep the buffer small: drop what was read. */
		if (w->pos > 65536) {
			memmove(w->out.s, w->out.s + w->pos, w->out.len - w->pos);
			w->out.len -= w->pos;
			w->pos = 0;
		}
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->mtime = time(NULL);
		st->valid |= ZIP_STAT_MTIME;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&w->error, data, len);
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
						      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
						      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&w->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* Adds one part; the sheet gets fast compression, it is most of the file. */
static int add_part(zip_t *za, const char *name, zip_source_t *src, int level)
{
	zip_int64_t i;

	if (!src)
		return -1;
	if ((i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return -1;
	}
	return zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_DEFLATE, (zip_uint32_t)level);
}

int xlsx_write(const char *path, const char *sheet_name, int ncols,
	       xlsx_next_fn next, void *ctx)
{
	struct writer w = {.next = next, .ctx = ctx, .ncols = ncols};
	struct strbuf book = {0};
	int zerr, rc = GX_EDB;
	zip_t *za;

	zip_error_init(&w.error);
	if (!(za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr)))
		goto out;
	if (sb_add(&book, book_head, sizeof book_head - 1) || put_escaped(&book, sheet_name) ||
	    sb_add(&book, book_tail, sizeof book_tail - 1)) {
		rc = GX_ENOMEM;
		zip_discard(za);
		goto out;
	}
	if (add_part(za, "[Content_Types].xml",
		     zip_source_buffer(za, content_types, sizeof content_types - 1, 0), 6) ||
	    add_part(za, "_rels/.rels", zip_source_buffer(za, root_rels, sizeof root_rels - 1, 0), 6) ||
	    add_part(za, "xl/workbook.xml", zip_source_buffer(za, book.s, book.len, 0), 6) ||
	    add_part(za, "xl/_rels/workbook.xml.rels",
		     zip_source_buffer(za, workbook_rels, sizeof workbook_rels - 1, 0), 6) ||
	    add_part(za, "xl/styles.xml", zip_source_buffer(za, styles, sizeof styles - 1, 0), 6) ||
	    add_part(za, "xl/worksheets/sheet1.xml", zip_source_function(za, sheet_source, &w), 1)) {
		zip_discard(za);
		goto out;
	}
	if (zip_close(za) != 0) {
		rc = w.rc ? w.rc : GX_EDB;
		zip_discard(za);
		goto out;
	}
	rc = 0;
out:
	zip_error_fini(&w.error);
	free(book.s);
	free(w.out.s);
	return rc;
}
