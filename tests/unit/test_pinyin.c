/* Unit tests of lib/pinyin: readings of names and words, ASCII kept,
 * surname readings, truncation, and the generated table itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/err.h"
#include "lib/pinyin.h"

/* Checks both outputs of pinyin_of with room to spare. */
static void expect(const char *in, bool as_name, const char *full,
		   const char *initials)
{
	char f[64], i[32];

	assert_int_equal(pinyin_of(in, as_name, f, sizeof f, i, sizeof i), 0);
	assert_string_equal(f, full);
	assert_string_equal(i, initials);
}

static void common_names_read_as_expected(void **state)
{
	(void)state;
	expect("张三", true, "zhangsan", "zs");
	expect("李四", true, "lisi", "ls");
	expect("王小明", true, "wangxiaoming", "wxm");
	expect("欧阳娜娜", true, "ouyangnana", "oynn");
	expect("张三", false, "zhangsan", "zs");
}

static void u_umlaut_is_written_v(void **state)
{
	(void)state;
	expect("女", false, "nv", "n");
	expect("绿", false, "lv", "l");
	expect("吕", true, "lv", "l");
}

/* No word segmentation: 重 takes its most common reading even in 重庆. */
static void words_read_character_by_character(void **state)
{
	(void)state;
	expect("重庆", false, "zhongqing", "zq");
	expect("重庆", true, "zhongqing", "zq");
	expect("中国", false, "zhongguo", "zg");
}

static void first_character_of_a_name_takes_its_surname_reading(void **state)
{
	(void)state;
	expect("单田芳", true, "shantianfang", "stf");
	expect("单田芳", false, "dantianfang", "dtf");
	expect("曾国藩", true, "zengguofan", "zgf");
	expect("曾曾", true, "zengceng", "zc");
	expect("解缙", true, "xiejin", "xj");
	expect("查良镛", true, "zhaliangyong", "zly");
	expect("种师道", true, "chongshidao", "csd");
	expect("秘书", false, "mishu", "ms");
	/* ASCII before the name does not use up the surname reading. */
	expect("Dr.单", true, "drshan", "drs");
}

static void compound_surnames_read_as_a_pair(void **state)
{
	(void)state;
	expect("尉迟恭", true, "yuchigong", "ycg");
	expect("尉迟恭", false, "weichigong", "wcg");
	expect("万俟卨", true, "moqixie", "mqx");
	expect("长孙无忌", true, "zhangsunwuji", "zswj");
	/* 尉 alone is the surname Wei; the pair needs both characters. */
	expect("尉", true, "wei", "w");
	expect("尉 迟", true, "weichi", "wc");
}

static void ascii_letters_and_digits_are_kept_lower_case(void **state)
{
	(void)state;
	expect("IBM中国", false, "ibmzhongguo", "ibmzg");
	expect("Apple中国", false, "applezhongguo", "applezg");
	expect("张3", true, "zhang3", "z3");
	expect("138-0013", false, "1380013", "1380013");
}

static void punctuation_space_and_unknown_characters_are_skipped(void **state)
{
	(void)state;
	expect("张 三，李四！", true, "zhangsanlisi", "zsls");
	expect("😀王-五㐀", true, "wangwu", "ww");  /* U+3400 has no reading */
	expect("", true, "", "");
	expect("、。", true, "", "");
}

static void truncation_never_cuts_a_syllable(void **state)
{
	char f[9], i[2];
	(void)state;
	/* "zhangsan" needs 9 bytes: fits exactly. */
	assert_int_equal(pinyin_of("张三", false, f, sizeof f, i, sizeof i), 0);
	assert_string_equal(f, "zhangsan");
	assert_string_equal(i, "z");
	/* "zhangsanli" does not: the whole of li is left out. */
	assert_int_equal(pinyin_of("张三李", false, f, sizeof f, i, sizeof i), 0);
	assert_string_equal(f, "zhangsan");
	/* After a cut, shorter pieces that would fit are refused too, so the
	 * output stays a prefix: not "zhanga". */
	assert_int_equal(pinyin_of("张双a", false, f, 8, i, sizeof i), 0);
	assert_string_equal(f, "zhang");
	assert_int_equal(pinyin_of("张", false, f, 5, i, 1), 0);
	assert_string_equal(f, "");
	assert_string_equal(i, "");
}

static void an_output_with_no_room_is_not_touched(void **state)
{
	char i[8];
	(void)state;
	assert_int_equal(pinyin_of("张三", true, NULL, 0, i, sizeof i), 0);
	assert_string_equal(i, "zs");
}

static void invalid_utf8_is_refused_with_empty_outputs(void **state)
{
	char f[16] = "junk", i[16] = "junk";
	(void)state;
	assert_int_equal(pinyin_of("\xd5\xc5\xc8\xfd", true, f, sizeof f, i,
				   sizeof i), GX_EINVAL);     /* 张三 in GBK */
	assert_string_equal(f, "");
	assert_string_equal(i, "");
	assert_int_equal(pinyin_of("张\xe5\xbc", true, f, sizeof f, i, sizeof i),
			 GX_EINVAL);                      /* truncated */
	assert_int_equal(pinyin_of("\xed\xa0\x80", true, f, sizeof f, i,
				   sizeof i), GX_EINVAL);     /* surrogate */
}

static void a_query_is_ascii_letters_only(void **state)
{
	(void)state;
	assert_true(pinyin_is_query("zs"));
	assert_true(pinyin_is_query("ZhangS"));
	assert_false(pinyin_is_query("张"));
	assert_false(pinyin_is_query("z s"));
	assert_false(pinyin_is_query("zs1"));
	assert_false(pinyin_is_query(""));
}

static bool lower_ascii(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < 'a' || *s > 'z')
			return false;
	return true;
}

static void table_covers_the_common_ideographs_in_lower_ascii(void **state)
{
	size_t n = 0;
	(void)state;
	for (uint32_t cp = PINYIN_FIRST; cp <= PINYIN_LAST; cp++) {
		const char *s = pinyin_syllable(cp);

		if (!s)
			continue;
		assert_true(lower_ascii(s));
		assert_true(strlen(s) <= PINYIN_SYLLABLE_MAX);
		n++;
	}
	assert_true(n >= 20000);
	assert_null(pinyin_syllable(PINYIN_FIRST - 1));
	assert_null(pinyin_syllable(PINYIN_LAST + 1));
	assert_null(pinyin_syllable('a'));
}

static void table_syllables_are_sorted_and_surnames_point_into_them(void **state)
{
	(void)state;
	assert_true(pinyin_syllable_count > 400);
	assert_string_equal(pinyin_syllables[0], "");
	for (size_t i = 1; i < pinyin_syllable_count; i++) {
		assert_true(lower_ascii(pinyin_syllables[i]));
		assert_true(strcmp(pinyin_syllables[i - 1], pinyin_syllables[i]) < 0);
	}
	for (size_t i = 0; i < pinyin_surname_count; i++) {
		const struct pinyin_surname *e = &pinyin_surnames[i];

		assert_in_range(e->syllable[0], 1, pinyin_syllable_count - 1);
		if (e->cp[1] != 0)
			assert_in_range(e->syllable[1], 1, pinyin_syllable_count - 1);
		/* Compound surnames first, so that they win over one character. */
		if (i > 0 && e->cp[1] != 0)
			assert_true(pinyin_surnames[i - 1].cp[1] != 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(common_names_read_as_expected),
		cmocka_unit_test(u_umlaut_is_written_v),
		cmocka_unit_test(words_read_character_by_character),
		cmocka_unit_test(first_character_of_a_name_takes_its_surname_reading),
		cmocka_unit_test(compound_surnames_read_as_a_pair),
		cmocka_unit_test(ascii_letters_and_digits_are_kept_lower_case),
		cmocka_unit_test(punctuation_space_and_unknown_characters_are_skipped),
		cmocka_unit_test(truncation_never_cuts_a_syllable),
		cmocka_unit_test(an_output_with_no_room_is_not_touched),
		cmocka_unit_test(invalid_utf8_is_refused_with_empty_outputs),
		cmocka_unit_test(a_query_is_ascii_letters_only),
		cmocka_unit_test(table_covers_the_common_ideographs_in_lower_ascii),
		cmocka_unit_test(table_syllables_are_sorted_and_surnames_point_into_them),
	};
	return cmocka_run_group_tests_name("pinyin", tests, NULL, NULL);
}
