/* bigram.h - splitting text for Chinese full-text search (knowledge base).
 *
 * Chinese has no spaces between words, and a dictionary would miss the
 * words of each trade. So a run of CJK characters (Han, kana, hangul)
 * becomes its overlapping pairs: 计划停电通知 → 计划 划停 停电 电通 通知, and
 * any word of two characters or more is found inside longer text as the
 * phrase of its pairs. Letters and digits of other scripts form words,
 * ASCII letters lower-cased; full-width ASCII (ＡＢＣ１２３) reads as ASCII.
 * Everything else (spaces, punctuation, symbols) separates runs.
 *
 * In the index every CJK run ends with its last character alone (a run of
 * one character is that character alone), so a query of one character
 * finds every place it occurs as the prefix of some token. A phrase of
 * pairs never reaches across two runs, because that single character
 * stands between them.
 *
 * The text must be valid UTF-8 (bytes that are not read as separators). */
#ifndef GX_BIGRAM_H
#define GX_BIGRAM_H

#include <stdbool.h>
#include <stddef.h>

#define BIGRAM_TOKEN_MAX 64   /* bytes of a token with its NUL; longer words are cut */
#define BIGRAM_QUERY_TOKENS 32 /* tokens of a query that count; the rest are ignored */

enum bigram_mode {
	BIGRAM_INDEX, /* pairs, and every run's last character alone */
	BIGRAM_QUERY, /* pairs; a character alone only for a run of one */
};

struct bigram_token {
	char text[BIGRAM_TOKEN_MAX]; /* normalised, NUL-terminated */
	size_t start, end;           /* the source bytes it stands for */
	bool run_start;              /* the first token of its run (word or CJK run) */
	bool single;                 /* one CJK character alone */
};

struct bigram_iter {
	const char *s;
	size_t pos;
	enum bigram_mode mode;
	bool in_run;         /* inside a CJK run, prev is its last character */
	size_t prev, prev_len;
	int run_len;
};

/* Starts splitting s (borrowed for the iterator's life). */
void bigram_init(struct bigram_iter *it, const char *s, enum bigram_mode mode);

/* The next token into out; false at the end. */
bool bigram_next(struct bigram_iter *it, struct bigram_token *out);

/* The index form of s: its tokens (BIGRAM_INDEX) separated by spaces.
 * Returns a malloc'd string the caller frees, NULL when out of memory. */
char *bigram_index_text(const char *s);

/* A query split into phrases: each run of the query is one phrase of its
 * tokens (QUERY mode), to be found with all of them (AND) or, for
 * suggestions from free text, any token (OR). A phrase of one single
 * character matches as a prefix. */
struct bigram_query {
	int ntok, nphrase;
	struct bigram_token tok[BIGRAM_QUERY_TOKENS];
	struct {
		int first, n; /* tokens tok[first .. first + n) */
	} phrase[BIGRAM_QUERY_TOKENS];
};

/* Splits q into out; returns the number of tokens (0: nothing searchable). */
int bigram_query_parse(const char *q, struct bigram_query *out);

struct bigram_range {
	size_t start, end; /* bytes of the source text */
};

/* Where the phrases of q occur in text, as byte ranges in text order,
 * overlapping and touching ones merged; at most max into out. Returns
 * their number. The same rule as the index, so what search found is what
 * gets marked. */
int bigram_find(const char *text, const struct bigram_query *q, struct bigram_range *out,
		int max);

#endif
