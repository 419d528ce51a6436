/*
** internal.h: the rule engine's private structures, shared by the rules/ sources.
** Nothing here is part of the public API (see rules.h).
*/
#ifndef TR_RULES_INTERNAL_H
#define TR_RULES_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rules.h"
#include "sha256.h"

/* A compiled pattern, shared by every pattern of the rule set written the
** same (same source, same flags): refs counts them (trr_regex_free drops
** one), so 100k topics with the cue /\bbacks\b/ compile it once. */
struct tr_regex {
    pcre2_code *code;
    unsigned refs;      /* the patterns holding it */
    int jit;            /* JIT compiled */
    int jit_tried;      /* trr_regex_ready ran */
    int matches_empty;  /* matches "" (for lint) */
};

/* A lexicon phrase: a sequence of lower-case words; suffix means a
** single-word entry written "*n't" that matches any word ending so. */
typedef struct tr_phrase {
    char **words;
    size_t *lens;        /* strlen of each word */
    size_t n;
    int suffix;
} tr_phrase;

typedef struct tr_phrases {
    tr_phrase *v;
    size_t n, cap;
    /* an index by first word, built once loading is done (trr_lexicon_index):
    ** bucket[h] heads a chain through next[] of the phrases whose first word
    ** hashes to h; suffix[] lists the "*n't" entries, which match any word */
    int *bucket, *next, *suffix;
    size_t nbuckets, nsuffix;
} tr_phrases;

typedef struct tr_lexicon {
    unsigned scope;        /* words a trigger reaches (default 5) */
    int reposts_own;       /* a quoted post counts as the speaker's own words (default; `reposts others`) */
    tr_phrases triggers;   /* negate what follows */
    tr_phrases post;       /* negate what precedes */
    tr_phrases pseudo;     /* look like triggers but do not negate */
    tr_phrases terminators;/* words that end a negation or hedge scope */
    tr_phrases hedges;     /* hedge phrases */
    tr_phrases abbrevs;    /* abbreviations (without the dot) */
    tr_phrases skips;      /* words a trigger passes over to the word it governs */
    tr_phrases embeds;     /* verbs that report someone else's speech or thought */
    tr_phrases selves;     /* first-person subjects: "I said" is the speaker's own */
    tr_phrases selfobjs;   /* first-person objects and possessives: "me", "our" */
    tr_phrases raises;     /* verbs a negation reaches through: "don't think he is" */
    tr_phrases pronouns;   /* words that stand for the last person named: "he", "her" */
    tr_phrases coords;     /* words that carry a negation to the next word: "not X or Y" */
    tr_phrases preps;      /* prepositions: a name after one is a cue's second choice */
    tr_phrases determiners;/* words that open a noun phrase: "thinks the war ..." reports */
    tr_phrases links;      /* prepositions that tie a name to the cue's phrase: "thanks to" */
    tr_phrases relatives;  /* relative pronouns: "who" stands for the name before it */
    tr_phrases excepts;    /* "except for": the name after it is excepted from the cue */
    tr_phrases contrasts;  /* "but": the speaker's position follows it */
    tr_phrases disagrees;  /* a comment on a quoted post that opens so rejects it: "wrong" */
} tr_lexicon;

/* A rule file.  Its text is kept while it is parsed and hashed; then a
** file read from disk keeps only where every TRR_LINE_MARK-th line starts,
** and a diagnostic re-reads its source line (trr_src_line).  A file loaded
** from memory keeps its text. */
typedef struct tr_srcfile {
    char *path;
    char *text;          /* NULL once dropped */
    size_t len;
    int mem;             /* loaded from memory (tr_ruleset_load_text) */
    int hashed;          /* fed to the rule set's hash */
    long long mtime_ns;  /* read from disk: its modification time then */
    size_t *marks;       /* the offset of line 1 + k * TRR_LINE_MARK (set before parsing) */
    size_t nmarks;
    size_t mapped;       /* text is an anonymous mapping of this many bytes (a file of
                            TRR_MAP_MIN or more), not a malloc */
} tr_srcfile;
#define TRR_MAP_MIN ((size_t)1 << 20)
#define TRR_LINE_MARK 256
/* Line `line` (1-based) of f without its newline (and a CR before it), as
** its text held it, in a new string (caller frees); NULL when there is no
** such line, when the file changed on disk since it was read, or when out
** of memory. */
char *trr_src_line(const tr_srcfile *f, unsigned line);
/* The loaded rule file whose path is the pointer file, or NULL. */
const tr_srcfile *trr_srcfile_of(const tr_ruleset *rs, const char *file);

/* ---- strutil.c: the rule set's strings */
/* An arena of strings: the rule set's ids, descriptions, pattern sources
** and example texts, a few large blocks instead of a malloc each. */
typedef struct trr_arena {
    struct trr_arena_block *head;  /* the block being filled, then the others */
    size_t bytes;                  /* bytes of strings held (for tests) */
} trr_arena;
/* A copy of s[0..n) with a NUL, owned by a; NULL on out of memory. */
char *trr_arena_strndup(trr_arena *a, const char *s, size_t n);
/* Frees every string of a. */
void trr_arena_free(trr_arena *a);

/* ---- compile.c: the patterns compiled so far, by source and flags */
typedef struct trr_reslot {
    const char *src, *flags; /* the first pattern's (owned by that pattern) */
    size_t hash;
    struct tr_regex *re;     /* NULL: an empty slot */
} trr_reslot;
typedef struct trr_recache {
    trr_reslot *v;
    size_t cap, n;
} trr_recache;
/* The compiled pattern written as src with flags, with one more reference
** (the caller's), or NULL when none was compiled yet. */
struct tr_regex *trr_recache_find(const trr_recache *c, const char *src, const char *flags);
/* Records re as the pattern written src with flags (both kept alive by the
** pattern that holds re); 0, or -1 when out of memory (re is then not
** shared, nothing else changes). */
int trr_recache_add(trr_recache *c, const char *src, const char *flags, struct tr_regex *re);
/* Frees c's slots (not the patterns). */
void trr_recache_free(trr_recache *c);

/* ---- ids.c: the id index of topics, detectors and lists */
enum { TRR_ID_TOPIC = 1, TRR_ID_DETECTOR, TRR_ID_LIST };
typedef struct trr_idslot {
    const char *key;     /* the element's id (owned by the element) */
    uint32_t hash;
    uint32_t idx : 30;   /* the element's index (below TRR_IDS_MAX) */
    uint32_t kind : 2;   /* TRR_ID_* */
} trr_idslot;
#define TRR_IDS_MAX ((size_t)1 << 30)
typedef struct trr_idmap {
    trr_idslot *v;
    size_t cap, n;
} trr_idmap;
/* Finds key: 1 with its kind and index, 0 when absent. */
int trr_ids_find(const trr_idmap *m, const char *key, int *kind, size_t *idx);
/* Adds key (kept alive by its owner) unless present; 0, or -1 on OOM
** (or an index of TRR_IDS_MAX or more). */
int trr_ids_add(trr_idmap *m, const char *key, int kind, size_t idx);
/* Frees m's slots. */
void trr_ids_free(trr_idmap *m);

struct tr_ruleset {
    tr_srcfile *files;
    size_t nfiles, cap_files;
    tr_topic *topics;
    size_t ntopics, cap_topics;
    tr_detector *dets;
    size_t ndets, cap_dets;
    tr_example *examples;
    size_t nexamples, cap_examples;
    tr_list *lists;
    size_t nlists, cap_lists;
    trr_idmap ids;              /* every topic, detector and list id */
    tr_lexicon lex;
    tr_sha256_ctx lexhash;      /* the lexicon files read so far (base, then the rule set's) */
    char hash[65];
    uint32_t match_limit, depth_limit, heap_limit_kib;
    struct trr_prefilter *prefilter; /* the topics' mentions as a few alternations, or NULL */
    int plain;                  /* tr_ruleset_set_plain: every topic on every text */
    size_t jit_left;            /* patterns that may still be JIT-compiled (TRR_JIT_BUDGET) */
    size_t peak_tokens;         /* the most tokens the parser held at once (for tests) */
    trr_arena strs;             /* every string of the topics, lists, detectors and examples */
    trr_recache recache;        /* while loading: the patterns compiled, to share them */
    size_t compiles;            /* patterns PCRE2 compiled while loading (for tests) */
    size_t released;            /* bytes of rule-file text given back while parsing (for tests) */
};

/* ---- prefilter.c */
typedef struct trr_prefilter trr_prefilter;
/* A set of topic indexes: on[t] is 1 for each of v[0..n). */
typedef struct trr_topicset {
    unsigned char *on;
    size_t *v;
    size_t n, cap;
    char *fold;          /* the prefilter's scratch: the case-folded text */
    size_t cap_fold;
} trr_topicset;
/* Builds rs->prefilter: every topic's mention patterns as a few
** alternations whose branches name their topic, so that one match per
** alternation says which topics a text mentions.  A topic whose mention
** uses what an alternation would change (backreferences, recursion,
** callouts, verbs, branch reset) runs on every text.  Returns 0, or -1
** when out of memory. */
int trr_prefilter_build(tr_ruleset *rs);
/* Frees pf (NULL allowed). */
void trr_prefilter_free(trr_prefilter *pf);
/* Adds to set (on[] sized for rs's topics) every topic that a mention
** pattern of which matches somewhere in text[0..len), and the topics that
** run on every text; md and mc are the caller's (mc's callout is set).
** Returns 0; 1 when a match stopped at a limit (the caller runs every
** topic); -1 when out of memory. */
int trr_prefilter_run(const tr_ruleset *rs, const char *text, size_t len, pcre2_match_data *md,
                      pcre2_match_context *mc, trr_topicset *set);

/* ---- diag.c */
/* Appends a diagnostic (formatted message) for file/line/col of text
** (whose source line is copied); returns 0 or -1 on out of memory. */
int trr_diag_add(tr_diags *d, tr_diag_level lv, int code, const char *file,
                const char *text, size_t textlen, unsigned line, unsigned col,
                unsigned width, const char *fmt, ...)
    __attribute__((format(printf, 10, 11)));
/* trr_diag_add whose source line is the one of text[0..len) holding byte
** off (line its number), read without looking before that line. */
int trr_diag_off(tr_diags *d, tr_diag_level lv, int code, const char *file, const char *text,
                 size_t len, size_t off, unsigned line, unsigned col, unsigned width, const char *fmt, ...)
    __attribute__((format(printf, 11, 12)));
/* trr_diag_add for file/line/col of a loaded rule file (file is the path
** pointer the rule set owns), its source line from trr_src_line. */
int trr_diag_at(tr_diags *d, tr_diag_level lv, int code, const tr_ruleset *rs, const char *file,
                unsigned line, unsigned col, unsigned width, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

/* ---- util (strutil.c) */
/* strdup of n bytes of s; NULL on out of memory. */
char *trr_strndup0(const char *s, size_t n);
/* Number of UTF-8 code points in s[0..n). */
unsigned trr_utf8_count(const char *s, size_t n);
/* Returns the byte offset of the first invalid UTF-8 sequence or NUL
** byte in s[0..n), or n when s is valid. */
size_t trr_utf8_invalid(const char *s, size_t n);
/* The index of the last of n elements (each stride bytes, starting with a
** size_t offset, ascending) whose offset is at or before off; 0 when none. */
size_t trr_last_start(const void *base, size_t n, size_t stride, size_t off);
/* Decodes one code point at s[i..n) (valid UTF-8 assumed), storing its
** length in *clen. */
int32_t trr_utf8_decode(const char *s, size_t n, size_t i, size_t *clen);

/* ---- lexer.c */
typedef enum tr_tok_kind {
    TK_EOF, TK_NL, TK_WORD, TK_STRING, TK_REGEX, TK_LBRACE, TK_RBRACE, TK_BAD
} tr_tok_kind;

typedef struct tr_tok {
    tr_tok_kind kind;
    unsigned line, col;  /* col in code points, 1-based */
    size_t off, len;     /* raw bytes in the file */
    char *val;           /* WORD/STRING: unescaped text; REGEX: pattern */
    char *flags;         /* REGEX: flags */
    unsigned pcol;       /* REGEX: col of the pattern's first char */
} tr_tok;

typedef struct tr_toks {
    tr_tok *v;
    size_t n, cap;
} tr_toks;

/* Splits text into tokens; lexical errors go to diags.  Returns 0, or -1
** on out of memory.  Tokens are freed by trr_toks_free. */
int trr_lex(const char *file, const char *text, size_t len, tr_toks *out,
           tr_diags *diags);
/* Frees the tokens' strings and array. */
void trr_toks_free(tr_toks *t);
/* A lexer that runs a block at a time, so that the parser holds the tokens
** of one block, not of the whole file (a rule set of 100k topics would
** otherwise hold ten million tokens at once). */
typedef struct trr_lexer {
    const char *file, *text;
    size_t len, i, linestart;
    unsigned line;
    tr_toks *out;
    tr_diags *diags;
    int depth;   /* braces open */
    int closed;  /* a top-level block closed since trr_lex_more began */
    int done;    /* TK_EOF appended */
} trr_lexer;
/* Starts lexing text[0..len) into out; errors go to diags. */
void trr_lex_begin(trr_lexer *L, const char *file, const char *text, size_t len, tr_toks *out,
                   tr_diags *diags);
/* Appends the tokens up to the end of the line on which the next
** top-level block closes, or to the end of the text and then TK_EOF.
** 0, or -1 on OOM. */
int trr_lex_more(trr_lexer *L);

/* ---- parse.c */
/* Parses one file's text into rs (topics, detectors, examples), compiling
** patterns; errors to diags.  file must be owned by rs.  When release is
** nonzero, text is a page-aligned anonymous mapping that nothing reads
** again: the pages behind the block being parsed are given back to the
** system as it goes (their bytes read as zeros afterwards).  Returns 0 or
** -1 on out of memory.  Topic references are resolved by trr_resolve. */
int trr_parse_file(tr_ruleset *rs, const char *file, const char *text,
                  size_t len, int release, tr_diags *diags);
/* Resolves detector topic ids after all files are parsed. */
int trr_resolve(tr_ruleset *rs, tr_diags *diags);

/* ---- compile.c */
/* Compiles pattern src with flags into a new tr_regex (*out).  On a PCRE2
** error returns 1 with its message in msg and the byte offset in *erroff;
** on a bad flag returns 2 with the flag's index in *erroff; -1 when out of
** memory; 0 on success. */
int trr_regex_compile(const char *src, const char *flags, struct tr_regex **out,
                     char *msg, size_t msgsz, size_t *erroff);
/* Frees re. */
void trr_regex_free(struct tr_regex *re);
/* Patterns JIT-compiled per rule set, at their first match. */
#define TRR_JIT_BUDGET 4096
/* JIT-compiles re before its first match while *left (the rule set's
** budget) lasts; see compile.c. */
void trr_regex_ready(struct tr_regex *re, size_t *left);

/* ---- load.c: file helpers */
/* Reads the whole file at path into *text (NUL-terminated, caller frees)
** and *len, its modification time into *mtime_ns (NULL allowed);
** TR_ENOINPUT with err on failure, TR_ESOFTWARE on OOM. */
tr_status trr_read_file(const char *path, char **text, size_t *len, long long *mtime_ns, tr_err *err);
/* Lists dir's regular files whose names end in suffix, sorted by name, as
** full paths in *names (caller frees each and the array).  -1 when dir
** cannot be opened (errno set), -2 on OOM, else the count. */
long trr_list_dir(const char *dir, const char *suffix, char ***names);

/* ---- lexicon.c */
/* Loads the lexicon files from dir into lex; errors to diags.  Also feeds
** each file's bytes to the hash h when not NULL.  Returns TR_OK,
** TR_ECONFIG, TR_ENOINPUT or TR_ESOFTWARE. */
tr_status trr_lexicon_load(tr_lexicon *lex, const char *dir, tr_diags *diags,
                          tr_sha256_ctx *h, tr_err *err);
/* Reads one lexicon file (directives, one a line) into lex, hashing it
** into h (may be NULL).  TR_ENOINPUT when unreadable; lexicon errors go to
** diags and count in *nerr. */
tr_status trr_lexicon_file(tr_lexicon *lex, const char *path, tr_diags *diags, tr_sha256_ctx *h,
                          int *nerr, tr_err *err);
/* Reads a word list (one entry a line, '#' comments, as extract's
** rules/attribution/ lists) at path into list l of lex, hashing it into h.
** A missing file is no error (returns TR_OK). */
tr_status trr_lexicon_wordlist(tr_phrases *l, const char *path, tr_sha256_ctx *h, tr_err *err);
/* Adds one directive (a name such as "pseudo" and its phrase) to lex.
** Returns 0; 1 for an unknown directive; 2 for a missing phrase or a bad
** scope; -1 when out of memory. */
int trr_lexicon_directive(tr_lexicon *lex, const char *name, const char *phrase, size_t plen);
/* Frees lex. */
void trr_lexicon_free(tr_lexicon *lex);
/* Builds the first-word index of every list of lex; 0, or -1 on OOM. */
int trr_lexicon_index(tr_lexicon *lex);
/* The hash of a word's bytes, for the index. */
size_t trr_word_hash(const char *s, size_t n);

/* ---- words.c: tokens of a text for the negation layer */
enum { TW_WORD = 0, TW_BREAK = 1 };
typedef struct tr_word {
    size_t start, end;   /* bytes in the text */
    size_t norm, nlen;   /* lower-cased, ’ -> ' form in scratch norm buffer */
    size_t hash;         /* trr_word_hash of the lower-cased form */
    unsigned sent;       /* sentence index */
    unsigned char kind;  /* TW_WORD or TW_BREAK */
    unsigned char term;  /* 1: a terminator word, ends scopes */
    unsigned char pseudo;/* 1: covered by a pseudo-trigger */
    unsigned char skip;  /* 1: a word a trigger passes over (lexicon `skip`) */
    unsigned char raise; /* 1: a raising verb starts here (lexicon `raise`) */
    unsigned char coord; /* 1: a coordinating word (lexicon `coord`) */
    unsigned char prep;  /* 1: a preposition (lexicon `prep`) */
    unsigned char link;  /* 1: a preposition that ties a name to the cue (lexicon `link`) */
    unsigned char except;/* 1: the last word of an except phrase (lexicon `except`) */
    unsigned char contrast; /* 1: a contrast word (lexicon `contrast`), not in a pseudo-trigger */
    int trig;            /* trigger phrase ending here: its first word index, else -1 */
    int post;            /* post-trigger phrase starting here: its last word index, else -1 */
    int hedge;           /* hedge phrase starting here: its last word index, else -1 */
} tr_word;

/* What a masked span is: not words of the text (docs/rules.md). */
enum { TM_URL = 1, TM_HANDLE = 2, TM_HASHTAG = 3, TM_NAME = 4, TM_SELF = 5, TM_PRONOUN = 6, TM_SELFOBJ = 7, TM_RELATIVE = 8, TM_NOUN = 9 };
/* Why a span is someone else's words. */
enum { TE_RETWEET = 11, TE_REPORTED = 13 };

typedef struct tr_mark {
    tr_span span;
    int kind;            /* TM_* or TE_* */
    tr_span cue;         /* TE_REPORTED: the reporting verb; TE_RETWEET: the handle */
} tr_mark;

typedef struct tr_textinfo {
    tr_span *sents;
    size_t nsents, cap_sents;
    tr_word *words;
    size_t nwords, cap_words;
    char *norm;
    size_t nnorm, cap_norm;
    tr_mark *masks;      /* URLs, @handles, #hashtags, in text order */
    size_t nmasks, cap_masks;
    size_t *clauses;     /* the start of each clause, ascending; clause k runs to the next */
    size_t nclauses, cap_clauses;
    tr_mark *embedded;   /* someone else's speech or thought, in text order */
    size_t nembedded, cap_embedded;
    tr_mark *names;      /* other referents: @handles, capitalised names, in text order */
    size_t nnames, cap_names;
    tr_span quote;       /* a post quoted whole ("@user: ..."), quotes included; empty when none */
    tr_span quoter;      /* the quoted post's author (its handle) */
    size_t quote_lead;   /* the end of the handles the quoted post opens with (its addressees);
                            quoter.end when none */
} tr_textinfo;

/* Splits text into sentences (sentence.c). */
int trr_sentences(const tr_lexicon *lex, const char *text, size_t len,
                 tr_textinfo *ti);
/* Index of the sentence holding byte offset off. */
size_t trr_sentence_of(const tr_textinfo *ti, size_t off);
/* Splits text into words and breaks, marks lexicon matches, the masked
** spans (URLs, handles, hashtags), the clauses and the embedded speech
** (words.c); needs ti->sents. */
int trr_words(const tr_lexicon *lex, const char *text, size_t len,
             tr_textinfo *ti);
/* Finds the URLs, @handles and #hashtags of text into ti->masks (done by
** trr_words; also usable alone, e.g. on a context).  0 or -1 on OOM. */
int trr_masks(const char *text, size_t len, tr_textinfo *ti);
/* The mask overlapping [s, e), or NULL. */
const tr_mark *trr_mask_at(const tr_textinfo *ti, size_t s, size_t e);
/* The embedded-speech mark holding offset off, or NULL. */
const tr_mark *trr_embedded_at(const tr_textinfo *ti, size_t off);
/* The clause index of byte offset off. */
size_t trr_clause_of(const tr_textinfo *ti, size_t off);
/* Index of the first word token that ends after offset off (nwords when none). */
size_t trr_word_after(const tr_textinfo *ti, size_t off);
/* Frees ti's buffers. */
void trr_textinfo_free(tr_textinfo *ti);

/* Counts the word tokens of ti between offsets a and b (a <= b) (words.c). */
size_t trr_gap_words(const tr_textinfo *ti, size_t a, size_t b);

/* ---- referent.c: whom a cue is about (the referent rule) */
typedef struct trr_ref {
    tr_span span;
    int mine;      /* the topic's: a mention, a group holding one, a pronoun standing for one */
    int self;      /* the speaker himself ("I", "my") */
    int weak;      /* a second choice: after a preposition of place, an addressee, "me" */
    int pweak;     /* weak, or after any preposition (prep or link): a second choice in the fallback */
    int kind;      /* TM_* of the name; 0 for a mention (TM_HASHTAG in a hashtag); -1 dropped */
} trr_ref;

typedef struct trr_refs {
    trr_ref *v;
    size_t n, cap;
} trr_refs;

/* How a cue's referent was found. */
enum {
    TRF_NONE = 0,  /* no name at all */
    TRF_HOLDS,     /* the cue holds a mention */
    TRF_CLAUSE,    /* the nearest in its clause */
    TRF_SENTENCE,  /* the nearest in its sentence */
    TRF_BEFORE,    /* its sentence names no one: the last name before it */
    TRF_AUTHOR     /* the speaker's comment on a quoted post: the post's author */
};

typedef struct trr_about {
    int how;       /* TRF_* */
    tr_span ref;   /* the referent (empty when none) */
    int mine;      /* it is the topic's */
    int except;    /* the topic's mention is excepted ("except for X"): the cue counts reversed */
    size_t dist;   /* words between the cue and its referent in its sentence; 0 when found
                      outside it (a name-less verdict, a comment on a quoted post) */
} trr_about;

/* Whom the cue at sp (sentence si) of text[0..len) is about, given the
** topic's kept mentions ms[0..nms); r is the caller's scratch.  0 or -1. */
int trr_referent(const tr_textinfo *ti, const char *text, size_t len, const tr_span *ms, size_t nms,
                 tr_span sp, size_t si, trr_refs *r, trr_about *out);
/* Whether the referent starting at offset off (no word between) is the
** topic's (a mention, or a pronoun standing for one); -1 on OOM. */
int trr_referent_at(const tr_textinfo *ti, const char *text, const tr_span *ms, size_t nms, size_t off,
                    trr_refs *r);

/* A mention of a topic found in a text (classify.c). */
typedef struct trr_mention {
    tr_span span;
    const tr_pattern *p, *entry; /* the field, and the list entry when it names a list */
    int drop;                    /* TDM_*: why it does not count */
    const tr_pattern *by;        /* TDM_EXCLUDED: the exclude */
} trr_mention;

/* ---- cite.c */
/* The mention of ms[0..n) by which the text cites its topic (an opening
** credit, a repost of its post, a link to its site), its span in *out;
** NULL when none. */
const trr_mention *trr_cited(const tr_textinfo *ti, const char *text, size_t len, const trr_mention *ms,
                             size_t n, tr_span *out);

/* ---- negation.c */
typedef struct tr_cue_eval {
    tr_stance raw, final;
    int negated;
    tr_span negation;   /* trigger span */
    tr_span scope;      /* from the trigger to the cue (or cue to post trigger) */
    tr_span governs;    /* a trigger before the cue that governs another word: that word */
    int hedged;
    tr_span hedge;
} tr_cue_eval;
/* Decides the stance of one cue at [cs, ce) of raw stance raw; a fixed
** cue keeps it (no negation, no hedge). */
void trr_negation_eval(const tr_lexicon *lex, const tr_textinfo *ti,
                      size_t cs, size_t ce, tr_stance raw, int fixed, tr_cue_eval *ev);

/* ---- classify.c: with an optional trace for explain */
/* Why a cue did not count (tr_trace_cue.drop). */
enum {
    TD_KEPT = 0,
    TD_MASKED,    /* inside a URL, @handle or #hashtag */
    TD_EMBEDDED,  /* inside someone else's speech */
    TD_REGION,    /* outside the mention's clause (or sentences, or near distance) */
    TD_INSIDE,    /* inside a longer cue */
    TD_CONCEDED   /* before a contrast ("but") that a counting cue follows */
};
/* Why a cue counts reversed (tr_trace_cue.reversed). */
enum { TRV_NO = 0, TRV_EXCEPT, TRV_CONTRAST };
/* Why a mention did not count (tr_trace_mention.drop). */
enum { TDM_KEPT = 0, TDM_URL, TDM_EXCLUDED };

typedef struct tr_trace_cue {
    size_t topic;
    const tr_pattern *pattern;  /* the field (a list's use when via is set) */
    const tr_pattern *entry;    /* the list entry that matched, or NULL */
    tr_span span;
    size_t sentence;
    int in_region;              /* counted (drop == TD_KEPT) */
    int drop;                   /* TD_* */
    tr_span by;                 /* TD_INSIDE: the longer cue; TD_EMBEDDED: the mark; TD_CONCEDED:
                                   the contrast word */
    int by_kind;                /* TD_EMBEDDED: TE_* */
    int rule;                   /* the topic's cues go by the referent rule in this text */
    trr_about about;            /* the referent rule's answer */
    int reversed;               /* TRV_*: counts reversed (except, contrast) */
    tr_span rev;                /* TRV_CONTRAST: the contrast word */
    tr_cue_eval ev;
} tr_trace_cue;

typedef struct tr_trace_mention {
    size_t topic;
    const tr_pattern *pattern;
    const tr_pattern *entry;    /* the list entry that matched, or NULL */
    tr_span span;
    size_t sentence;
    int context;                /* matched in the context, not the text */
    int drop;                   /* TDM_* */
    const tr_pattern *by;       /* TDM_EXCLUDED: the exclude (field) */
} tr_trace_mention;

typedef struct tr_trace {
    tr_trace_mention *mentions;
    size_t nmentions, cap_mentions;
    tr_trace_cue *cues;
    size_t ncues, cap_cues;
    unsigned char *rule;        /* per topic: its cues went by the referent rule */
    size_t cap_rule;
} tr_trace;

/* tr_classify_ctx with an optional trace (explain.c); the text info stays
** in out->scratch for the caller to read. */
tr_status trr_classify_trace(const tr_ruleset *rs, const char *text, size_t len,
                            const char *ctx, size_t ctxlen, tr_classification *out,
                            tr_trace *trace, tr_err *err);
/* The sentence/word info of the last classify on c, or NULL. */
const tr_textinfo *trr_classification_textinfo(const tr_classification *c);

/* Grows *v (element size sz) so that n+1 elements fit; 0 or -1. */
int trr_grow(void **v, size_t *cap, size_t n, size_t sz);

#endif
