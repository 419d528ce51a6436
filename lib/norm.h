/*
** norm.h: the normal form two reports of one quotation are compared in
** (the linker of db/reports.c, and its tests).
**
** A quotation reprinted by another outlet differs in typography, not in
** words: curly or straight quotes and apostrophes, a dash or a hyphen
** where the original had a space ("can't-but"), doubled spaces, capitals,
** "&" for "and", the closing punctuation.  The normal form keeps the words
** alone: case-folded (Unicode, composed), accents kept, an apostrophe
** inside a word kept as ' (so "can't" stays one word), "&" read as the word
** "and", and every other character (punctuation, dashes, quotes, spaces)
** a separator; the words joined by single spaces.
*/
#ifndef TR_NORM_H
#define TR_NORM_H

#include <stddef.h>

/* The fewest words the shorter of two texts needs for one to link to the
** other by containment: "It can't." (two words) never links alone. */
#define TR_LINK_MIN_WORDS 6

/* s in the normal form (see above), a new string the caller frees;
** *nwords (may be NULL) its number of words.  NULL when out of memory or
** s is not UTF-8. */
char *tr_quote_norm(const char *s, size_t *nwords);

/* 1 when normal form a holds normal form b as a run of whole words
** ("it can happen" holds "can happen", not "an happen"). */
int tr_quote_holds(const char *a, const char *b);

/* 1 when texts x and y may link as one quotation: after normalising, one
** holds the other and the shorter has at least TR_LINK_MIN_WORDS words.
** *x_holds_y (may be NULL) says which way: 1 when x is the longer or
** they are equal. */
int tr_quote_links(const char *x, const char *y, int *x_holds_y);

#endif
