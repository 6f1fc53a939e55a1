/* Unit tests of lib/bigram: how knowledge-base text and queries are split
 * for Chinese full-text search, and where a query is marked in a text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bigram.h"

static void expect_index(const char *text, const char *want)
{
	char *got = bigram_index_text(text);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void cjk_runs_become_pairs_ending_with_their_last_character(void **state)
{
	(void)state;
	expect_index("计划停电通知", "计划 划停 停电 电通 通知 知");
	/* Punctuation and spaces end a run; a run of one is itself. */
	expect_index("停电，请 等", "停电 电 请 等");
	expect_index("", "");
	expect_index("，。！？ ——", "");
}

static void words_are_lowercased_and_fullwidth_reads_as_ascii(void **state)
{
	(void)state;
	expect_index("5G套餐 FTTH光猫", "5g 套餐 餐 ftth 光猫 猫");
	expect_index("ＷｉＦｉ密码１２３", "wifi 密码 码 123");
	expect_index("Café déjà-vu", "café déjà vu");
	expect_index("ひらがなカナ", "ひら らが がな なカ カナ ナ");
}

static void long_words_are_cut_on_a_character_boundary(void **state)
{
	char word[200];
	struct bigram_iter it;
	struct bigram_token t;

	(void)state;
	memset(word, 'x', sizeof word - 1);
	word[sizeof word - 1] = '\0';
	bigram_init(&it, word, BIGRAM_INDEX);
	assert_true(bigram_next(&it, &t));
	assert_int_equal(strlen(t.text), BIGRAM_TOKEN_MAX - 1);
	assert_int_equal(t.end, sizeof word - 1);
	assert_false(bigram_next(&it, &t));

	/* Two-byte letters: the token stops before the first that does not
	 * fit, and nothing after it is appended. */
	for (int i = 0; i < 32; i++)
		memcpy(word + 2 * i, "\xC3\xA9", 2); /* é */
	memcpy(word + 64, "xxxx", 5);
	bigram_init(&it, word, BIGRAM_INDEX);
	assert_true(bigram_next(&it, &t));
	assert_int_equal(strlen(t.text), 62);
	assert_memory_equal(t.text, word, 62);
	assert_int_equal(t.end, strlen(word));
}

static void query_phrases_follow_runs_and_single_characters_are_prefixes(void **state)
{
	struct bigram_query q;

	(void)state;
	assert_int_equal(bigram_query_parse("停电", &q), 1);
	assert_int_equal(q.nphrase, 1);
	assert_string_equal(q.tok[0].text, "停电");
	assert_false(q.tok[0].single);

	/* 3 pairs for 停电通知 (no trailing single in a query), then a word. */
	assert_int_equal(bigram_query_parse("停电通知 ADSL", &q), 4);
	assert_int_equal(q.nphrase, 2);
	assert_int_equal(q.phrase[0].n, 3);
	assert_string_equal(q.tok[q.phrase[1].first].text, "adsl");

	assert_int_equal(bigram_query_parse("电", &q), 1);
	assert_true(q.tok[0].single);
	assert_int_equal(bigram_query_parse(" ，。 ", &q), 0);
}

static void find_marks_words_inside_longer_text(void **state)
{
	const char *text = "关于计划停电通知：本周六停电检修，停电区域见下。";
	struct bigram_range r[8];
	struct bigram_query q;
	int n;

	(void)state;
	bigram_query_parse("停电", &q);
	n = bigram_find(text, &q, r, 8);
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++) {
		assert_int_equal(r[i].end - r[i].start, strlen("停电"));
		assert_memory_equal(text + r[i].start, "停电", strlen("停电"));
	}
	assert_int_equal(r[0].start, strlen("关于计划"));

	/* The whole phrase is one mark; a phrase never spans two runs. */
	bigram_query_parse("计划停电通知", &q);
	n = bigram_find(text, &q, r, 8);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].end - r[0].start, strlen("计划停电通知"));
	bigram_query_parse("通知本周", &q);
	assert_int_equal(bigram_find(text, &q, r, 8), 0);

	/* One character: its every place, also as the last of a run. */
	bigram_query_parse("下", &q);
	n = bigram_find(text, &q, r, 8);
	assert_int_equal(n, 1);
	assert_memory_equal(text + r[0].start, "下", 3);
	assert_int_equal(r[0].end - r[0].start, 3);
}

static void find_merges_touching_marks_and_matches_words_without_case(void **state)
{
	const char *text = "光猫 LOS 灯红了，重启光猫";
	struct bigram_range r[8];
	struct bigram_query q;

	(void)state;
	bigram_query_parse("光猫 los", &q);
	assert_int_equal(bigram_find(text, &q, r, 8), 3);
	assert_int_equal(r[1].end - r[1].start, 3);
	assert_memory_equal(text + r[1].start, "LOS", 3);
	/* 停电 and 电通 overlap inside 停电通: one mark. */
	bigram_query_parse("停电 电通", &q);
	assert_int_equal(bigram_find("停电通", &q, r, 8), 1);
	assert_int_equal(r[0].start, 0);
	assert_int_equal(r[0].end, strlen("停电通"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cjk_runs_become_pairs_ending_with_their_last_character),
		cmocka_unit_test(words_are_lowercased_and_fullwidth_reads_as_ascii),
		cmocka_unit_test(long_words_are_cut_on_a_character_boundary),
		cmocka_unit_test(query_phrases_follow_runs_and_single_characters_are_prefixes),
		cmocka_unit_test(find_marks_words_inside_longer_text),
		cmocka_unit_test(find_merges_touching_marks_and_matches_words_without_case),
	};
	return cmocka_run_group_tests_name("bigram", tests, NULL, NULL);
}
