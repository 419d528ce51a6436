/*
** rules.h: the rule engine's public API (pure: no database, no printing).
**
** A rule set is loaded from *.rules files (see docs/rules.md for the
** language) plus a lexicon directory (negation triggers, hedges,
** abbreviations).  Once loaded it is immutable: every function taking a
** `const tr_ruleset *` only reads it, so one rule set may be shared by
** threads that each use their own tr_classification.
**
** Memory: everything reachable from a tr_ruleset (topics, detectors,
** examples, strings, patterns) is owned by the rule set and lives until
** tr_ruleset_free.  Result structures (tr_diags, tr_classification,
** tr_example_results, tr_buf) are caller-owned: init, reuse, free.
*/
#ifndef TR_RULES_H
#define TR_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "text.h" /* tr_buf: every formatter appends to one */

/* ------------------------------------------------------------------ */
/* Diagnostics: every error and warning found in rule and lexicon files. */

typedef enum tr_diag_level { TR_DIAG_ERROR = 0, TR_DIAG_WARNING = 1 } tr_diag_level;

/* Stable error codes, printed as E001..; tests assert them. */
enum {
    TR_E_SYNTAX = 1,          /* unexpected token, expected '{', bad id ... */
    TR_E_UNTERM_STRING = 2,   /* string not closed on its line */
    TR_E_UNTERM_REGEX = 3,    /* /regex/ not closed on its line */
    TR_E_UNKNOWN_BLOCK = 4,   /* block kind other than topic|reversal|contradiction */
    TR_E_UNKNOWN_FIELD = 5,   /* field not valid in this kind of block */
    TR_E_BAD_REGEX = 6,       /* PCRE2 compile error (its message, its offset) */
    TR_E_DUP_ID = 7,          /* id already defined (in any loaded file) */
    TR_E_UNKNOWN_TOPIC = 8,   /* detector names a topic that no file defines */
    TR_E_MISSING_FIELD = 9,   /* a required field is absent */
    TR_E_BAD_WINDOW = 10,     /* window not NUMBER{s,h,d,w} */
    TR_E_BAD_SEVERITY = 11,   /* severity not low|medium|high|critical */
    TR_E_BAD_STANCE = 12,     /* example stance not affirm|deny|none */
    TR_E_BAD_FLAG = 13,       /* unknown regex flag letter */
    TR_E_DUP_FIELD = 14,      /* single-valued field given twice */
    TR_E_UNCLOSED_BLOCK = 15, /* end of file inside a block */
    TR_E_BAD_ARGS = 16,       /* wrong number or kind of field arguments */
    TR_E_BAD_MODE = 17,       /* mode not direct|reported */
    TR_E_BAD_DATE = 18,       /* from/to not YYYY[-MM[-DD]] */
    TR_E_IO = 19,             /* file or directory unreadable */
    TR_E_BAD_UTF8 = 20,       /* file is not valid UTF-8 (or holds NUL) */
    TR_E_LEXICON = 21,        /* bad line in a lexicon file */
    TR_E_BAD_NUMBER = 22,     /* follow N or near N out of range or not a number */
    TR_E_UNKNOWN_LIST = 23    /* a pattern field names a list that no file defines */
};

/* Stable warning codes, printed as W001.. (from tr_rules_lint). */
enum {
    TR_W_UNUSED_TOPIC = 1,    /* no detector uses the topic */
    TR_W_EMPTY_MATCH = 2,     /* a pattern matches the empty string */
    TR_W_EXAMPLE_CONFLICT = 3,/* the same text is listed as affirm and deny */
    TR_W_EXAMPLE_NO_MENTION = 4, /* an affirm/deny example matches no mention */
    TR_W_NO_DESCRIPTION = 5,  /* topic or detector without description */
    TR_W_NO_STANCE = 6,       /* topic with neither affirm nor deny patterns */
    TR_W_EMPTY_SET = 7,       /* a directory holds no *.rules file */
    TR_W_NEVER_DECIDES = 8,   /* a cue that can never decide */
    TR_W_UNEXERCISED = 9,     /* a pattern that no example exercises */
    TR_W_EXCLUDED_MENTION = 10 /* a mention that an exclude also matches */
};

typedef struct tr_diag {
    tr_diag_level level;
    int code;            /* TR_E_* or TR_W_* */
    char *file;          /* path as given (may be "" for no file) */
    unsigned line;       /* 1-based; 0 when not about a line */
    unsigned col;        /* 1-based, in characters (code points) */
    unsigned width;      /* carets to draw, >= 1 */
    char *message;
    char *source_line;   /* the line's text without newline, or NULL */
} tr_diag;

typedef struct tr_diags {
    tr_diag *v;
    size_t n, cap;
    size_t nerrors, nwarnings;
} tr_diags;

/* Initialises d to empty. */
void tr_diags_init(tr_diags *d);
/* Frees every diagnostic; d is empty afterwards and reusable. */
void tr_diags_free(tr_diags *d);
/* Renders every diagnostic, compiler style, into out:
**   FILE:LINE:COL: error[E006]: message
**     LINE | source line
**          |     ^~~~
** (no colour).  Returns 0, or -1 when out of memory. */
int tr_diags_render(const tr_diags *d, tr_buf *out);
/* Renders one diagnostic the same way. */
int tr_diag_render(const tr_diag *g, tr_buf *out);

/* ------------------------------------------------------------------ */
/* The rule set.                                                        */

typedef struct tr_ruleset tr_ruleset;
struct tr_regex; /* private compiled pattern */

typedef struct tr_loc {
    const char *file;    /* owned by the rule set */
    unsigned line, col;
} tr_loc;

typedef enum tr_stance {
    TR_STANCE_NONE = 0,  /* topic does not apply / undecided */
    TR_STANCE_AFFIRM = 1,
    TR_STANCE_DENY = 2
} tr_stance;

typedef enum tr_pat_kind {
    TR_PAT_MENTION = 0, TR_PAT_AFFIRM = 1, TR_PAT_DENY = 2,
    TR_PAT_EXCLUDE = 3,  /* removes the mentions it overlaps */
    TR_PAT_ENTRY = 4     /* an entry of a named list */
} tr_pat_kind;

typedef struct tr_pattern {
    tr_pat_kind kind;
    int fixed;           /* `fixed`: a cue no negation or hedge turns */
    char *source;        /* text between the slashes, as written; a list's id when the field
                            names a list; for a `words` entry, the regex made of the words */
    char *flags;         /* flag letters as written ("" when none) */
    tr_loc loc;          /* the opening slash (or the list name) */
    struct tr_regex *re; /* private; NULL when the field names a list */
    size_t list;         /* the list this field names, or (size_t)-1 */
    char *words;         /* a list's `words` entry: the words as written, else NULL */
} tr_pattern;

/* A named list of patterns and words, shared by the topics that name it
** in a mention, affirm, deny or exclude field. */
typedef struct tr_list {
    char *id;
    char *description;   /* NULL when absent */
    tr_loc loc;
    tr_pattern *patterns; /* kind TR_PAT_ENTRY */
    size_t npatterns;
} tr_list;

typedef struct tr_topic {
    char *id;
    char *description;   /* NULL when absent */
    tr_loc loc;          /* the block's keyword */
    unsigned follow;     /* with follow_set: sentences after a mention sentence where cues count */
    int follow_set;      /* `follow` given: cues count in whole sentences (the pre-clause region) */
    unsigned near;       /* `near N`: cues count within N words of a mention (0: not set) */
    int nearest;         /* `nearest` written: the referent rule (the default) said explicitly */
    int clause;          /* `clause`: cues count in a mention's clause instead of the referent rule */
    tr_stance cite;      /* `cite STANCE`: the stance of a citation (a repost, a link); NONE: not set */
    tr_pattern *patterns;
    size_t npatterns;
} tr_topic;

typedef enum tr_det_kind { TR_DET_REVERSAL = 1, TR_DET_CONTRADICTION = 2 } tr_det_kind;
typedef enum tr_severity {
    TR_SEV_LOW = 1, TR_SEV_MEDIUM = 2, TR_SEV_HIGH = 3, TR_SEV_CRITICAL = 4
} tr_severity;
enum { TR_MODE_DIRECT = 1, TR_MODE_REPORTED = 2 }; /* bit flags for tr_detector.modes */

typedef struct tr_strlist {
    char **v;
    size_t n;
} tr_strlist;

typedef struct tr_detector {
    tr_det_kind kind;
    tr_severity severity;  /* default medium */
    char *id;
    char *topic_id;
    size_t topic;          /* index into the topics */
    tr_loc topic_loc;      /* where the topic field names it */
    int64_t window;        /* seconds; default 365 days */
    char *description, *status, *author; /* NULL when absent */
    tr_strlist references;
    tr_strlist people;     /* empty: anyone */
    tr_strlist sides;      /* empty: reversal any; contradiction any two different sides */
    unsigned modes;        /* TR_MODE_* bits; 0: any mode */
    unsigned support;      /* statements a run (a side) needs to count as a position; default 1 */
    char *from, *to;       /* date text (YYYY[-MM[-DD]]) or NULL */
    tr_loc loc;
} tr_detector;

typedef struct tr_example {
    tr_loc loc;
    char *text;
    size_t topic;          /* index of the enclosing topic */
    const char *topic_id;
    tr_stance expect;      /* TR_STANCE_NONE: the topic must not apply */
} tr_example;

/* Loads every rule file named in paths (a file, or a directory whose
** *.rules files are loaded sorted by name) and the lexicon files in
** lexicon_dir (negation.txt, hedges.txt, abbreviations.txt), plus the
** speech verbs of extract's word lists (speech-verbs.txt in the sibling
** directory ../attribution of lexicon_dir, when there).  lexicon_dir NULL
** means TRACKER_RULES_DIR/lexicon if it exists, else "rules/lexicon" (the
** library reads no environment variable).  The `lexicon` blocks of the
** rule files extend the lexicon.  Every error and warning found is appended
** to diags (may be NULL).  Returns TR_OK and a new rule set in *out (free
** with tr_ruleset_free); TR_ECONFIG when any rule or lexicon file has an
** error (every one is in diags); TR_ENOINPUT when a path is unreadable;
** TR_ESOFTWARE when out of memory.  err gets a one-line summary. */
tr_status tr_ruleset_load(const char *const *paths, size_t npaths,
                          const char *lexicon_dir, tr_ruleset **out,
                          tr_diags *diags, tr_err *err);

/* Like tr_ruleset_load for one rule file held in memory (text[0..len),
** need not be NUL-terminated), named name in diagnostics (e.g. "<stdin>"). */
tr_status tr_ruleset_load_text(const char *name, const char *text, size_t len,
                               const char *lexicon_dir, tr_ruleset **out,
                               tr_diags *diags, tr_err *err);

/* Frees rs and everything it owns; NULL is allowed. */
void tr_ruleset_free(tr_ruleset *rs);

/* The rule set's content hash: 64 lower-case hex digits of SHA-256 over
** the rule files' contents (sorted by basename, then path) and the lexicon
** files.  Owned by rs. */
const char *tr_ruleset_hash(const tr_ruleset *rs);

/* Sets the PCRE2 limits used by later tr_classify calls (defaults:
** match 5,000,000; depth 100,000; heap 65,536 KiB). */
void tr_ruleset_set_limits(tr_ruleset *rs, uint32_t match_limit,
                           uint32_t depth_limit, uint32_t heap_limit_kib);

/* With plain nonzero, later tr_classify calls run every topic's patterns on
** every text, skipping the mention prefilter (which names the topics a
** text mentions, so that only theirs run).  The results are the same, the
** plain way slower: it is the reference the fast path is tested against
** (`tracker scan --plain`). */
void tr_ruleset_set_plain(tr_ruleset *rs, int plain);

/* Introspection.  Pointers are owned by rs; indexes are 0-based. */
size_t tr_ruleset_nfiles(const tr_ruleset *rs);
const char *tr_ruleset_file(const tr_ruleset *rs, size_t i);
size_t tr_ruleset_ntopics(const tr_ruleset *rs);
const tr_topic *tr_ruleset_topic(const tr_ruleset *rs, size_t i);
size_t tr_ruleset_ndetectors(const tr_ruleset *rs);
const tr_detector *tr_ruleset_detector(const tr_ruleset *rs, size_t i);
size_t tr_ruleset_nexamples(const tr_ruleset *rs);
const tr_example *tr_ruleset_example(const tr_ruleset *rs, size_t i);
size_t tr_ruleset_nlists(const tr_ruleset *rs);
const tr_list *tr_ruleset_list(const tr_ruleset *rs, size_t i);
/* Index of the topic / detector with this id, or (size_t)-1. */
size_t tr_ruleset_find_topic(const tr_ruleset *rs, const char *id);
size_t tr_ruleset_find_detector(const tr_ruleset *rs, const char *id);

/* Names: "affirm"/"deny"/"none", "reversal"/"contradiction",
** "low".."critical", "mention"/"affirm"/"deny"/"exclude"/"entry".
** Static strings. */
const char *tr_stance_name(tr_stance s);
const char *tr_det_kind_name(tr_det_kind k);
const char *tr_severity_name(tr_severity s);
const char *tr_pat_kind_name(tr_pat_kind k);

/* ------------------------------------------------------------------ */
/* Classification.                                                      */

typedef struct tr_span { size_t start, end; } tr_span; /* bytes [start, end) */

typedef struct tr_assertion {
    size_t topic;              /* topic index */
    const char *topic_id;      /* owned by the rule set */
    tr_stance stance;          /* affirm or deny (never none) */
    tr_span cue;               /* the deciding cue's match */
    tr_stance cue_stance;      /* the cue pattern's own stance, before negation/hedge */
    const tr_pattern *pattern; /* the deciding pattern (owned by the rule set) */
    tr_span sentence;          /* the sentence holding the cue */
    tr_span mention;           /* the first mention match in the text (in the context when
                                  in_context) */
    int in_context;            /* 1: only the statement's context mentions the topic */
    int negated;               /* 1 when a negation trigger flipped the cue */
    tr_span negation;          /* the trigger's span when negated */
    int hedged;                /* 1 when a hedge phrase governs the cue */
    tr_span hedge;             /* the hedge's span when hedged */
    unsigned ncues;            /* decisive cues seen for this topic (>= 1; 0 for a citation) */
    int cited;                 /* 1: no cue decided; the text cites the topic (`cite`): cue is the
                                  citation (the quoted post's author, the link, the credit) */
} tr_assertion;

typedef struct tr_limit_event {
    size_t topic;              /* topic index */
    const char *topic_id;
    const tr_pattern *pattern; /* pattern that hit the limit (file, line) */
    int pcre_error;            /* PCRE2_ERROR_MATCHLIMIT, ..._JIT_STACKLIMIT ... */
    char message[128];         /* PCRE2's message */
    size_t offset;             /* where in the text the failed match started */
} tr_limit_event;

struct tr_scratch; /* private: match data, JIT stack, token buffers */

typedef struct tr_classification {
    tr_assertion *assertions;  /* one per applying topic, in topic order */
    size_t n, cap;
    tr_limit_event *limits;    /* patterns that hit a PCRE2 limit */
    size_t nlimits, cap_limits;
    size_t topics_run;         /* topics whose patterns ran on the last text (the work done:
                                  every topic when plain, those the prefilter named else) */
    struct tr_scratch *scratch;
} tr_classification;

/* Initialises c (no allocation yet). */
void tr_classification_init(tr_classification *c);
/* Empties c's results, keeping memory (done by tr_classify itself). */
void tr_classification_reset(tr_classification *c);
/* Frees all of c's memory; c may be initialised again. */
void tr_classification_free(tr_classification *c);

/* Classifies text[0..len) (UTF-8; need not be NUL-terminated) with rs:
** resets out and fills it with one assertion per topic that applies
** (see docs/rules.md for the exact algorithm) and every limit event.
** Returns TR_OK; TR_EDATA when text is not valid UTF-8 (err names the
** offset); TR_ESOFTWARE when out of memory.  Allocates only when out's
** buffers must grow, so reusing one out over many texts is cheap.
** One tr_classification must be used by one thread at a time.  A pure
** function of (rs, text): the same inputs give the same result. */
tr_status tr_classify(const tr_ruleset *rs, const char *text, size_t len,
                      tr_classification *out, tr_err *err);

/* Like tr_classify, with the statement's context (ctx[0..ctxlen), e.g.
** the article sentence an extracted statement came from; NULL or empty
** for none): a topic whose mentions the text lacks applies when the
** context mentions it, and then cues count anywhere in the text.  Cues
** always come from the text itself. */
tr_status tr_classify_ctx(const tr_ruleset *rs, const char *text, size_t len, const char *ctx,
                          size_t ctxlen, tr_classification *out, tr_err *err);

/* The assertion for topic index t in c, or NULL when the topic does not apply. */
const tr_assertion *tr_classification_find(const tr_classification *c, size_t t);

/* ------------------------------------------------------------------ */
/* Examples (rules test).                                               */

typedef struct tr_example_result {
    const tr_example *example; /* owned by the rule set */
    tr_stance got;             /* the stance the topic got (none: did not apply) */
    int pass;
    size_t nlimits;            /* limit events while classifying it */
} tr_example_result;

typedef struct tr_example_results {
    tr_example_result *v;
    size_t n, cap;
    size_t npass, nfail;
} tr_example_results;

/* Initialises r. */
void tr_example_results_init(tr_example_results *r);
/* Frees r's memory. */
void tr_example_results_free(tr_example_results *r);
/* Runs every example of rs, in file order, into r (reset first).  Returns
** TR_OK when all pass, TR_FOUND when any fails, another status on error. */
tr_status tr_rules_run_examples(const tr_ruleset *rs, tr_example_results *r,
                                tr_err *err);

typedef enum tr_report_format {
    TR_REPORT_TEXT = 0, TR_REPORT_TAP = 1, TR_REPORT_JUNIT = 2
} tr_report_format;
/* Appends r formatted as text ("FILE:LINE: FAIL topic: expected deny, got
** affirm" per failure and a summary line), TAP version 13 or JUnit XML to
** out.  verbose (text only) also lists passing examples. */
int tr_rules_format_results(const tr_example_results *r, tr_report_format fmt,
                            int verbose, tr_buf *out);

/* ------------------------------------------------------------------ */
/* Lint and explain.                                                    */

/* Writes the rule file text[0..len) (named file in diagnostics) in the
** canonical layout (fmt.c: two-space indent, one field a line, the values
** of mention, affirm, deny and exclude aligned, comments kept and the ones
** ending consecutive lines aligned, one blank line between blocks) to out.
** Tokens are copied as written, so the result means what text means.
** TR_ECONFIG, with the diagnostics in diags, when text does not lex or is
** not made of blocks. */
tr_status tr_rules_fmt(const char *file, const char *text, size_t len, tr_buf *out, tr_diags *diags,
                       tr_err *err);

/* The rule files path names: path itself, or a directory's *.rules files
** sorted by name.  *files and its strings are the caller's (free each,
** then the array). */
tr_status tr_rules_files(const char *path, char ***files, size_t *n, tr_err *err);

/* Appends warnings about rs to diags (see TR_W_*); returns the number of
** warnings added. */
size_t tr_rules_lint(const tr_ruleset *rs, tr_diags *diags);

/* Explains how text[0..len) is classified: the sentences, every topic whose
** mention matched, each cue with its span, its negation trigger and scope,
** hedges, and the decision.  Appends human-readable text to text_out and/or
** one JSON document (one line) to json_out; either may be NULL.  Returns
** what tr_classify returns. */
tr_status tr_rules_explain(const tr_ruleset *rs, const char *text, size_t len,
                           tr_buf *text_out, tr_buf *json_out, tr_err *err);
/* tr_rules_explain with a context (see tr_classify_ctx). */
tr_status tr_rules_explain_ctx(const tr_ruleset *rs, const char *text, size_t len,
                               const char *ctx, size_t ctxlen, tr_buf *text_out,
                               tr_buf *json_out, tr_err *err);

#endif
