/* Unit tests of lib/: UTF-8 checks, time formats, tokens, field errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "lib/clock.h"
#include "lib/err.h"
#include "lib/filetype.h"
#include "lib/password.h"
#include "lib/token.h"
#include "lib/utf8.h"

static void utf8_accepts_chinese_and_ascii(void **state)
{
	(void)state;
	const char *s = "张三 zhangsan 138-0013-8000 😀";
	assert_true(utf8_valid(s, strlen(s)));
	assert_int_equal(utf8_len("张三ab"), 4);
}

static void utf8_refuses_gbk_overlong_surrogates_and_nul(void **state)
{
	(void)state;
	assert_false(utf8_valid("\xd5\xc5\xc8\xfd", 4));      /* 张三 in GBK */
	assert_false(utf8_valid("\xc0\xaf", 2));              /* overlong '/' */
	assert_false(utf8_valid("\xe0\x80\xaf", 3));          /* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));          /* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));      /* > U+10FFFF */
	assert_false(utf8_valid("\xe5\xbc", 2));              /* truncated */
	assert_false(utf8_valid("a\0b", 3));
}

static void utf8_copy_never_cuts_a_character(void **state)
{
	char buf[5];
	(void)state;
	utf8_copy(buf, sizeof buf, "张三李");   /* 9 bytes, room for 4 */
	assert_string_equal(buf, "张");
	assert_true(utf8_valid(buf, strlen(buf)));
	utf8_copy(buf, sizeof buf, "ab");
	assert_string_equal(buf, "ab");
}

static void clock_knows_calendar_dates(void **state)
{
	(void)state;
	assert_true(clock_is_date("2024-02-29"));
	assert_true(clock_is_date("1900-01-01"));
	assert_false(clock_is_date("2023-02-29"));
	assert_false(clock_is_date("2026-13-01"));
	assert_false(clock_is_date("1899-12-31"));
	assert_false(clock_is_date("2026-1-1"));
	assert_false(clock_is_date("2026-01-01x"));
	assert_false(clock_is_date(""));
}

static void clock_formats_and_parses_rfc3339(void **state)
{
	char buf[CLOCK_RFC3339_LEN];
	int64_t ms;
	(void)state;
	clock_rfc3339(1795852800123LL, buf);
	assert_string_equal(buf, "2026-11-28T08:00:00.123Z");
	assert_int_equal(clock_parse_rfc3339(buf, &ms), 0);
	assert_int_equal(ms, 1795852800123LL);
	assert_int_equal(clock_parse_rfc3339("2026-11-28T16:00:00+08:00", &ms), 0);
	assert_int_equal(ms, 1795852800000LL);
	assert_int_equal(clock_parse_rfc3339("2026-13-01T00:00:00Z", &ms), GX_EINVAL);
	assert_int_equal(clock_parse_rfc3339("yesterday", &ms), GX_EINVAL);
}

static void clock_advance_moves_now_forward_only(void **state)
{
	(void)state;
	int64_t before = clock_now_ms();
	clock_advance(3600 * 1000);
	assert_true(clock_now_ms() - before >= 3600 * 1000);
	int64_t after = clock_now_ms();
	clock_advance(-5000);
	assert_true(clock_now_ms() >= after);
}

static void tokens_are_random_prefixed_and_digest_stably(void **state)
{
	char a[TOKEN_MAX], b[TOKEN_MAX];
	unsigned char da[TOKEN_DIGEST_LEN], db[TOKEN_DIGEST_LEN];
	(void)state;
	assert_int_equal(token_new("gx_", a), 0);
	assert_int_equal(token_new("gx_", b), 0);
	assert_memory_equal(a, "gx_", 3);
	assert_int_equal(strlen(a), 3 + 43);
	assert_string_not_equal(a, b);
	token_digest(a, da);
	token_digest(a, db);
	assert_memory_equal(da, db, sizeof da);
	token_digest(b, db);
	assert_memory_not_equal(da, db, sizeof da);
	assert_true(token_equal(a, a));
	assert_false(token_equal(a, b));
	assert_false(token_equal("abc", "abcd"));
}

static void passwords_hash_with_argon2id_and_verify(void **state)
{
	char hash[PASSWORD_HASH_MAX];
	(void)state;
	assert_int_equal(password_hash("Secret@123", hash), 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_true(password_verify(hash, "Secret@123"));
	assert_false(password_verify(hash, "secret@123"));
	assert_false(password_verify_dummy("anything"));
}

static void verr_collects_one_message_per_field(void **state)
{
	struct verr v = {0};
	(void)state;
	assert_int_equal(verr_add(&v, "phone", "格式不对：%s", "12"), GX_EINVAL);
	verr_add(&v, "phone", "second message is ignored");
	verr_add(&v, "name", "必填");
	assert_int_equal(v.n, 2);
	assert_string_equal(v.item[0].message, "格式不对：12");
	assert_string_equal(v.item[1].field, "name");
}

/* Attachments: the content decides the kind, and the name must agree. */
static void filetype_checks_magic_bytes_against_the_extension(void **state)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	static const char pdf[] = "%PDF-1.7\n";
	static const char docx[] = "PK\x03\x04....[Content_Types].xml word/document.xml";
	static const char exe[] = "MZ\x90\0\x03";
	(void)state;

	assert_string_equal(filetype_detect(png, sizeof png - 1, "现场.PNG"), "image/png");
	assert_string_equal(filetype_detect(pdf, sizeof pdf - 1, "a.pdf"), "application/pdf");
	assert_string_equal(filetype_detect("\xff\xd8\xff\xe0", 4, "p.jpeg"), "image/jpeg");
	assert_string_equal(filetype_detect("GIF89a..", 8, "p.gif"), "image/gif");
	assert_non_null(strstr(filetype_detect(docx, sizeof docx - 1, "合同.docx"), "word"));
	assert_null(filetype_detect(docx, sizeof docx - 1, "合同.xlsx"));
	assert_string_equal(filetype_detect("说明\n", strlen("说明\n"), "a.txt"),
			    "text/plain; charset=utf-8");
	assert_null(filetype_detect(png, sizeof png - 1, "a.pdf"));
	assert_null(filetype_detect(exe, sizeof exe - 1, "photo.png"));
	assert_null(filetype_detect(exe, sizeof exe - 1, "notes.txt"));
	assert_null(filetype_detect("a\0b", 3, "notes.txt"));
	assert_null(filetype_detect(pdf, sizeof pdf - 1, "noextension"));
	assert_null(filetype_detect(pdf, sizeof pdf - 1, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_accepts_chinese_and_ascii),
		cmocka_unit_test(utf8_refuses_gbk_overlong_surrogates_and_nul),
		cmocka_unit_test(utf8_copy_never_cuts_a_character),
		cmocka_unit_test(clock_knows_calendar_dates),
		cmocka_unit_test(clock_formats_and_parses_rfc3339),
		cmocka_unit_test(clock_advance_moves_now_forward_only),
		cmocka_unit_test(tokens_are_random_prefixed_and_digest_stably),
		cmocka_unit_test(passwords_hash_with_argon2id_and_verify),
		cmocka_unit_test(verr_collects_one_message_per_field),
		cmocka_unit_test(filetype_checks_magic_bytes_against_the_extension),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
