/* pinyin.h - toneless pinyin of Chinese text, so that a customer named 张三
 * is found by typing `zs` (initials) or `zhangs` (a prefix of the full
 * pinyin).
 *
 * Readings are per character, from a table generated from pinyin-pro
 * (pinyin_table.c, by tools/gen-pinyin.mjs): each character gets its most
 * common reading, lower-case ASCII with ü written as `v` (女 → nv). There is
 * no word segmentation, so a polyphonic character inside a word may read
 * wrongly (重庆 gives zhongqing, not chongqing); in a name the first
 * character takes its surname reading (单 shan, 曾 zeng, 尉迟 yuchi). */
#ifndef GX_PINYIN_H
#define GX_PINYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The code points the table covers: CJK Extension A and CJK Unified
 * Ideographs. Everything else has no reading. */
#define PINYIN_FIRST 0x3400
#define PINYIN_LAST 0x9FFF
/* Longest syllable, without its NUL ("zhuang"). */
#define PINYIN_SYLLABLE_MAX 6

/* Writes into full the syllables of utf8 run together (张三 → zhangsan) and
 * into initials their first letters (zs). ASCII letters and digits are
 * kept, lower-cased, in both (Apple中国 → applezhongguo, applezg); any other
 * character, and a character without a reading, is skipped. With as_name,
 * the first character that has a reading takes its surname reading, or the
 * first two their compound-surname reading.
 *
 * OUT: full (full_cap bytes) and initials (initials_cap bytes), always
 * NUL-terminated; an output that does not fit ends before the first piece
 * (syllable, letter or digit) that does not fit, so it is a prefix of the
 * whole reading and never ends mid-syllable. An output with cap 0 is not
 * touched and may be NULL.
 *
 * Returns 0, or GX_EINVAL (both outputs empty) if utf8 is not valid UTF-8. */
int pinyin_of(const char *utf8, bool as_name, char *full, size_t full_cap,
	      char *initials, size_t initials_cap);

/* True if q is one or more ASCII letters, any case: what a user typing
 * pinyin enters, so the caller searches the pinyin columns too. The empty
 * string is not a query (it would match every name). */
bool pinyin_is_query(const char *q);

/* The most common reading of one code point (static, lower-case ASCII), or
 * NULL if the table has none. */
const char *pinyin_syllable(uint32_t cp);

/* The generated table (pinyin_table.c). Use the functions above; it is
 * declared here so that the compiler checks the generated definitions. */

/* A surname whose reading differs from that of its characters. Compound
 * surnames (cp[1] != 0) come first, so the first match is the longest. */
struct pinyin_surname {
	uint32_t cp[2];       /* cp[1] is 0 for a one-character surname */
	uint16_t syllable[2]; /* indexes into pinyin_syllables */
};

/* Sorted; entry 0 is "" and stands for "no reading". */
extern const char pinyin_syllables[][PINYIN_SYLLABLE_MAX + 1];
extern const size_t pinyin_syllable_count;
/* The syllable index of each code point from PINYIN_FIRST, 0 if none. */
extern const uint16_t pinyin_index[PINYIN_LAST - PINYIN_FIRST + 1];
extern const struct pinyin_surname pinyin_surnames[];
extern const size_t pinyin_surname_count;

#endif
