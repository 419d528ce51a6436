/*
** gen.c: a deterministic synthetic corpus for tracker's benchmarks.
**
**   gen --statements N [--topics T] [--people P] [--events E] [--extra K] --out DIR
**
** Writes into DIR (same arguments -> byte-identical files; the PRNG is
** splitmix64 with fixed seeds, no libc rand, no floating point in any
** decision):
**
**   people.jsonl          P people (sides US, RU, EU, CN; some groups) with
**                         aliases and a role; independent of N
**   statements.jsonl      N statements: speaker, date, text, mode, side,
**   statements.csv        source, id (the CSV has the header
**                         speaker,date,text,mode,side,source,id)
**   statements.sqlite.csv the same rows with exactly the columns of the
**                         statements table, no header, for the sqlite3
**                         .import reference (see run.sh)
**   sources.sql           the sources those rows point at, for the reference
**   statements.txt        the texts alone, one a line (no text holds a
**                         newline), for the pcre2grep reference
**   topics.rules          a rule file in tracker's rule language (docs/rules.md):
**                         T topics, each with its mention phrase "the W1 W2
**                         accord", its affirm cue and its deny cue, examples,
**                         and a reversal and a contradiction detector (30d)
**   patterns.txt          every mention/affirm/deny pattern of topics.rules,
**                         one a line, for `pcre2grep -f`
**   planted.tsv           the planted findings with the ids of their
**                         statements (statement id = CSV data row number)
**   extra.csv             (with --extra K) K more regular statements that
**                         continue the corpus: ids N+1..N+K, dates in 2021,
**                         after every corpus date; same K, same rows
**
** --events E plants E events instead of N/2000 (the report benchmark wants
** about 10k findings; use more topics then: each topic holds at most ~15
** isolated events).
**
** Ground truth.  Every topic has one stance that every speaker of every
** side takes, always; a topical statement is "<subject> <cue> <mention>"
** plus neutral filler (no negation trigger, hedge or cue word ever appears
** in filler).  The only opposite stances are the planted ones, about one
** statement in 1000:
**   reversal       one person affirms a topic, then denies it 1..25 days
**                  later;
**   contradiction  a person of one side takes a stance and a person of
**                  another side the opposite one 1..25 days later.
** A planted pair has day or second precision (so its order is certain),
** and no other statement on its topic falls within 45 days of it (regular
** statements whose date interval comes that close pick another topic), so
** each planted event is exactly one finding for a 30-day window.
*/
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- PRNG: splitmix64 ---------------------------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t next64(rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    return mix64(r->s);
}

/* Uniform in [0, n). */
static uint32_t below(rng *r, uint32_t n)
{
    return (uint32_t)(((next64(r) >> 32) * (uint64_t)n) >> 32);
}

/* 1 with probability pct/100. */
static int chance(rng *r, unsigned pct)
{
    return below(r, 100) < pct;
}

#define PICK(r, arr) (arr[below(r, (uint32_t)(sizeof arr / sizeof arr[0]))])
#define COUNT(arr) (sizeof arr / sizeof arr[0])

/* ---- vocabulary ------------------------------------------------------- */

static const char *const first_names[] = {
    "Anna", "Boris", "Carla", "Dmitri", "Elena", "Frank", "Greta", "Hans", "Irina", "James",
    "Karl", "Lena", "Marco", "Nadia", "Oleg", "Paula", "Quentin", "Rosa", "Sergei", "Tara",
    "Ulrich", "Vera", "Walter", "Xenia", "Yuri", "Zoe", "Li", "Wei", "Mei", "Chen",
    "Pierre", "Sofia", "Mark", "Olga", "Victor", "Julia", "Ivan", "Claire", "Tom", "Hana"};
static const char *const last_pre[] = {
    "Vor", "Kel", "Bran", "Mar", "Tol", "Sten", "Dal", "Rud", "Pel", "Gor",
    "Fen", "Hal", "Lund", "Ost", "Wen", "Zar", "Kov", "Bel", "Cas", "Tam"};
static const char *const last_suf[] = {
    "ansky", "berg", "ova", "ing", "etti", "ström", "ovich", "ley", "mann", "ard",
    "ez", "ini", "ski", "ton", "ello", "quist", "ado", "enko", "ford", "ier"};
static const char *const sides[] = {"US", "RU", "EU", "CN"};
static const char *const titles[] = {"Minister", "Senator", "Ambassador", "Spokeswoman",
                                     "Spokesman", "Deputy", "Envoy", "Secretary"};
static const char *const roles[] = {"foreign minister", "senator", "ambassador",
                                    "spokesperson", "deputy minister", "special envoy",
                                    "secretary of state", "adviser"};
static const char *const group_kinds[] = {"Institute", "Council", "Committee", "Agency"};

static const char *const publishers[] = {
    "Reuters", "AP", "AFP", "TASS", "RIA Novosti", "Interfax", "Xinhua",
    "BBC", "Deutsche Welle", "Bloomberg", "The Guardian", "CNN"};

/* Topic words: none of them appears anywhere else in any text. */
static const char *const topic_w1[] = {
    "kestrel", "heron", "osprey", "plover", "falcon", "magpie", "curlew", "puffin",
    "lapwing", "merlin", "egret", "bittern", "avocet", "dunlin", "gannet", "shrike",
    "warbler", "wagtail", "siskin", "linnet", "kittiwake", "godwit", "whimbrel", "ortolan",
    "sanderling", "fulmar", "petrel", "skua", "tern", "cormorant", "grebe", "harrier",
    "goshawk", "buzzard", "nightjar", "swift", "hoopoe", "bunting", "redstart", "starling"};
static const char *const topic_w2[] = {
    "harbor", "basalt", "cobalt", "granite", "quartz", "onyx", "jasper", "garnet",
    "beryl", "topaz", "agate", "zircon", "feldspar", "mica", "pyrite", "galena",
    "gypsum", "talc", "opal", "amber", "jade", "obsidian", "marble", "slate",
    "flint", "chalk", "shale", "dolomite", "malachite", "cinnabar"};
static const char *const affirm_cues[] = {
    "supports", "backs", "welcomes", "endorses", "stands by", "is committed to",
    "praises", "will sign"};
static const char *const deny_cues[] = {
    "opposes", "condemns", "denounces", "will withdraw from", "is against", "criticizes",
    "objects to", "walks away from"};

/* Filler: no negation trigger, hedge, cue or topic word. */
static const char *const subjects[] = {
    "Moscow", "Washington", "Brussels", "Beijing", "The delegation", "Our side",
    "The government", "The ministry", "The administration", "The committee", "The envoy",
    "The working group", "Our country", "The alliance", "The cabinet", "The president"};
static const char *const verbs[] = {
    "will discuss", "has raised", "expects progress on", "is reviewing", "plans to address",
    "will examine", "has called for talks on", "is preparing a report on",
    "will hold consultations on", "has requested details on", "is monitoring",
    "intends to revisit", "will brief lawmakers on", "has proposed changes to"};
static const char *const objects[] = {
    "the sanctions regime", "energy prices", "the trade balance", "cyber security",
    "the election results", "the pipeline project", "missile deployments",
    "the grain corridor", "border controls", "tariff schedules", "the climate targets",
    "the visa regime", "maritime patrols", "the budget framework",
    "the so-called \"open skies\" review", "the \"reset\" agenda", "arms control",
    "the fisheries quota", "the investment screening rules", "satellite launches"};
static const char *const places[] = {
    "in Geneva", "in Vienna", "at the summit in Hamburg", "in Helsinki",
    "during talks in Minsk", "at the United Nations", "in Brussels", "in Beijing",
    "at a briefing in Moscow", "in Washington", "in Astana", "at the G20 meeting"};
static const char *const whens[] = {
    "on Tuesday", "this week", "later this month", "next year", "on Friday",
    "at the weekend", "earlier this month", "on Monday", "in the coming weeks",
    "before the end of the year"};
static const char *const joins[] = {
    ", and ", "; meanwhile, ", ", adding that ", ". ", ", while ", ", saying "};

/* ---- model ------------------------------------------------------------ */

#define MAX_PEOPLE 400
#define START_DAY 16436 /* 2015-01-01 */
#define END_DAY 18627   /* 2020-12-31 */
#define ISOLATE 45      /* days around a planted pair kept free of its topic */

typedef struct person {
    char name[64];
    char alias[3][64];
    int naliases;
    int side;
    int group;
} person;

typedef struct topic {
    char mention[64];
    const char *affirm, *deny;
    int stance; /* 0 affirm, 1 deny: what every regular statement says */
} topic;

typedef struct event {
    int kind; /* 0 reversal, 1 contradiction */
    int topic;
    int day[2], person[2], stance[2];
    long row[2];
} event;

/* A statement about to be written. */
typedef struct row {
    long index;
    int person;
    const char *speaker;
    char date[64];
    int64_t lo, hi;
    const char *prec;
    char text[320];
    int reported;
    int source;
} row;

static person people[MAX_PEOPLE];
static int npeople = 300;
static topic *topics;
static int ntopics = 100;
static event *events;
static int nevents;
static uint32_t *cum; /* cumulative speaker weights */

static void die(const char *msg)
{
    fprintf(stderr, "gen: %s\n", msg);
    exit(2);
}

static void civil(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int month_days(int y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : md[m - 1];
}

static void make_people(void)
{
    rng r = {0x70656f706c65ULL};
    int order[COUNT(last_pre) * COUNT(last_suf)];
    int n = (int)COUNT(order);
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)below(&r, (uint32_t)i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int i = 0; i < npeople; i++) {
        person *p = &people[i];
        char last[32];
        snprintf(last, sizeof last, "%s%s", last_pre[order[i] / COUNT(last_suf)],
                 last_suf[order[i] % COUNT(last_suf)]);
        p->side = i % 4;
        p->group = i % 10 == 9;
        if (p->group) {
            const char *k = PICK(&r, group_kinds);
            snprintf(p->name, sizeof p->name, "%s %s", last, k);
            snprintf(p->alias[0], sizeof p->alias[0], "the %s %s", last, k);
            p->naliases = 1;
        } else {
            const char *f = PICK(&r, first_names);
            snprintf(p->name, sizeof p->name, "%s %s", f, last);
            snprintf(p->alias[0], sizeof p->alias[0], "%s", last);
            snprintf(p->alias[1], sizeof p->alias[1], "%c. %s", f[0], last);
            snprintf(p->alias[2], sizeof p->alias[2], "%s %s", PICK(&r, titles), last);
            p->naliases = 3;
        }
    }
    /* Mildly skewed speaker weights: w_i = 100000 / (i + 20). */
    cum = malloc(sizeof *cum * (size_t)npeople);
    uint32_t acc = 0;
    for (int i = 0; i < npeople; i++)
        cum[i] = acc += 100000u / (uint32_t)(i + 20);
}

static int pick_person(rng *r)
{
    uint32_t x = below(r, cum[npeople - 1]);
    int lo = 0, hi = npeople - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static void make_topics(void)
{
    rng r = {0x746f70696373ULL};
    int n = (int)(COUNT(topic_w1) * COUNT(topic_w2));
    if (ntopics > n)
        die("--topics: at most 1200");
    int *order = malloc(sizeof *order * (size_t)n);
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)below(&r, (uint32_t)i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    topics = calloc((size_t)ntopics, sizeof *topics);
    for (int i = 0; i < ntopics; i++) {
        topic *t = &topics[i];
        snprintf(t->mention, sizeof t->mention, "the %s %s accord",
                 topic_w1[order[i] / COUNT(topic_w2)], topic_w2[order[i] % COUNT(topic_w2)]);
        t->affirm = PICK(&r, affirm_cues);
        t->deny = PICK(&r, deny_cues);
        t->stance = (int)below(&r, 2);
    }
    free(order);
}

/* blockmap[t * MAP_DAYS + d - MAP_LO] = 1 when day d is within ISOLATE days
** of a planted pair on topic t (an index, so that --events can be large). */
#define MAP_LO (START_DAY - 800)
#define MAP_DAYS (END_DAY + 800 - MAP_LO)
static unsigned char *blockmap;

/* 1 when days [a, b] come within ISOLATE days of a planted pair on topic t. */
static int blocked(int t, int a, int b)
{
    if (a < MAP_LO)
        a = MAP_LO;
    if (b >= MAP_LO + MAP_DAYS)
        b = MAP_LO + MAP_DAYS - 1;
    const unsigned char *m = blockmap + (size_t)t * MAP_DAYS - MAP_LO;
    for (int d = a; d <= b; d++)
        if (m[d])
            return 1;
    return 0;
}

static void block(int t, int a, int b)
{
    unsigned char *m = blockmap + (size_t)t * MAP_DAYS - MAP_LO;
    for (int d = a; d <= b; d++)
        m[d] = 1;
}

static int32_t *plant; /* row -> event*2+k, or -1 */

static void make_events(long n, int want, rng *r)
{
    if (want < 0) {
        want = (int)(n / 2000);
        if (want < 2 && n >= 100)
            want = 2;
    }
    if (2L * want > n)
        die("--events: at most N/2");
    blockmap = calloc((size_t)ntopics * MAP_DAYS, 1);
    if (!blockmap)
        die("out of memory");
    events = calloc((size_t)want + 1, sizeof *events);
    plant = malloc(sizeof *plant * (size_t)n);
    for (long i = 0; i < n; i++)
        plant[i] = -1;
    for (int e = 0; e < want; e++) {
        event *ev = &events[nevents];
        int tries;
        for (tries = 0; tries < 10000; tries++) {
            ev->topic = (int)below(r, (uint32_t)ntopics);
            ev->day[0] = START_DAY + 60 + (int)below(r, END_DAY - START_DAY - 120);
            ev->day[1] = ev->day[0] + 1 + (int)below(r, 25);
            if (!blocked(ev->topic, ev->day[0] - ISOLATE, ev->day[1] + ISOLATE))
                break;
        }
        if (tries < 10000)
            block(ev->topic, ev->day[0] - ISOLATE, ev->day[1] + ISOLATE);
        if (tries == 10000) {
            fprintf(stderr, "gen: planted %d of %d events (use more --topics)\n", nevents, want);
            break;
        }
        ev->kind = e % 2;
        ev->person[0] = pick_person(r);
        if (ev->kind == 0) {
            ev->person[1] = ev->person[0];
            ev->stance[0] = 0;
            ev->stance[1] = 1;
        } else {
            do
                ev->person[1] = pick_person(r);
            while (people[ev->person[1]].side == people[ev->person[0]].side);
            ev->stance[0] = (int)below(r, 2);
            ev->stance[1] = !ev->stance[0];
        }
        for (int k = 0; k < 2; k++) {
            long at;
            do
                at = (long)(((next64(r) >> 11) % (uint64_t)n));
            while (plant[at] >= 0);
            plant[at] = nevents * 2 + k;
            ev->row[k] = at;
        }
        nevents++;
    }
}

/* ---- rows ------------------------------------------------------------- */

static void set_day(row *w, int day, const char *prec)
{
    int y, m, d;
    civil(day, &y, &m, &d);
    snprintf(w->date, sizeof w->date, "%04d-%02d-%02d", y, m, d);
    w->lo = (int64_t)day * 86400;
    w->hi = w->lo + 86399;
    w->prec = prec;
}

static void set_instant(row *w, int day, rng *r, int minute_only, int offset_min)
{
    int y, m, d;
    civil(day, &y, &m, &d);
    int sec = (int)below(r, 86400);
    if (minute_only)
        sec -= sec % 60;
    int hh = sec / 3600, mm = sec / 60 % 60, ss = sec % 60;
    char off[16] = "Z";
    if (offset_min)
        snprintf(off, sizeof off, "%c%02d:%02d", offset_min < 0 ? '-' : '+',
                 abs(offset_min) / 60, abs(offset_min) % 60);
    if (minute_only)
        snprintf(w->date, sizeof w->date, "%04d-%02d-%02dT%02d:%02d%s", y, m, d, hh, mm, off);
    else
        snprintf(w->date, sizeof w->date, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, hh, mm,
                 ss, off);
    w->lo = (int64_t)day * 86400 + sec - (int64_t)offset_min * 60;
    w->hi = minute_only ? w->lo + 59 : w->lo;
    w->prec = minute_only ? "minute" : "second";
}

/* A regular statement's date: instants, days, months, years, intervals. */
static void regular_date(row *w, rng *r)
{
    int day = START_DAY + (int)below(r, END_DAY - START_DAY + 1);
    unsigned k = below(r, 100);
    int y, m, d;
    civil(day, &y, &m, &d);
    if (k < 30) {
        set_instant(w, day, r, 0, 0);
    } else if (k < 40) {
        set_instant(w, day, r, 1, 0);
    } else if (k < 45) {
        static const int offs[] = {180, 60, 120, -300, -240, 480, 330};
        set_instant(w, day, r, 0, PICK(r, offs));
    } else if (k < 80) {
        set_day(w, day, "day");
    } else if (k < 92) {
        snprintf(w->date, sizeof w->date, "%04d-%02d", y, m);
        w->lo = days_from_civil(y, m, 1) * 86400;
        w->hi = (days_from_civil(y, m, month_days(y, m)) + 1) * 86400 - 1;
        w->prec = "month";
    } else if (k < 95) {
        snprintf(w->date, sizeof w->date, "%04d", y);
        w->lo = days_from_civil(y, 1, 1) * 86400;
        w->hi = days_from_civil(y + 1, 1, 1) * 86400 - 1;
        w->prec = "year";
    } else {
        int end = day + 2 + (int)below(r, 19);
        int y2, m2, d2;
        civil(end, &y2, &m2, &d2);
        snprintf(w->date, sizeof w->date, "%04d-%02d-%02d/%04d-%02d-%02d", y, m, d, y2, m2, d2);
        w->lo = (int64_t)day * 86400;
        w->hi = (int64_t)end * 86400 + 86399;
        w->prec = "interval";
    }
}

static size_t append(char *buf, size_t len, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (len + n >= cap)
        n = cap - 1 - len;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
    return len + n;
}

/* 1 for a word a trimmed text should not end on. */
static int is_dangling(const char *w)
{
    static const char *const words[] = {"the", "and", "on", "to", "in", "at", "of", "a",
                                        "for", "that", "saying", "while", "adding", "will",
                                        "has", "is", "so-called", "during", "before", "end",
                                        "coming", "this", "next", "G20", "summit", "briefing"};
    for (size_t i = 0; i < COUNT(words); i++)
        if (!strcmp(w, words[i]))
            return 1;
    return 0;
}

/* How a topical statement states its stance: its cue plainly, the
** opposite cue negated ("Moscow never opposes ..." affirms), or the affirm
** cue under a hedge ("Too early to say whether moscow backs ..." denies). */
enum { FORM_PLAIN, FORM_NEGATED, FORM_HEDGED };
static const char *const form_names[] = {"plain", "negated", "hedged"};

/* Text: an optional topical core clause taking stance in form, then filler
** to 80..250 bytes. */
static void make_text(row *w, rng *r, int t, int stance, int form)
{
    char *b = w->text;
    size_t cap = sizeof w->text, n = 0;
    size_t target = 80 + below(r, 171);
    b[0] = '\0';
    if (t >= 0) {
        const char *subj = PICK(r, subjects);
        if (form == FORM_HEDGED) {
            char low[64];
            snprintf(low, sizeof low, "%s", subj);
            if (!strncmp(low, "The ", 4) || !strncmp(low, "Our ", 4))
                low[0] = (char)(low[0] - 'A' + 'a');
            n = append(b, n, cap, "Too early to say whether ");
            n = append(b, n, cap, low);
            n = append(b, n, cap, " ");
            n = append(b, n, cap, topics[t].affirm); /* a hedged affirm cue: deny */
        } else {
            n = append(b, n, cap, subj);
            n = append(b, n, cap, form == FORM_NEGATED ? " never " : " ");
            /* negated, the cue says the opposite of the stance */
            n = append(b, n, cap, (stance != (form == FORM_NEGATED)) ? topics[t].deny : topics[t].affirm);
        }
        n = append(b, n, cap, " ");
        n = append(b, n, cap, topics[t].mention);
    }
    while (n < target) {
        if (n) {
            const char *j = PICK(r, joins);
            n = append(b, n, cap, j);
            if (!strcmp(j, ". ")) {
                n = append(b, n, cap, PICK(r, subjects));
            } else {
                const char *s = PICK(r, subjects);
                char low[64];
                snprintf(low, sizeof low, "%s", s);
                if (!strncmp(low, "The ", 4) || !strncmp(low, "Our ", 4))
                    low[0] = (char)(low[0] - 'A' + 'a');
                n = append(b, n, cap, low);
            }
        } else {
            n = append(b, n, cap, PICK(r, subjects));
        }
        n = append(b, n, cap, " ");
        n = append(b, n, cap, PICK(r, verbs));
        n = append(b, n, cap, " ");
        n = append(b, n, cap, PICK(r, objects));
        if (chance(r, 60)) {
            n = append(b, n, cap, " ");
            n = append(b, n, cap, PICK(r, places));
        }
        if (chance(r, 50)) {
            n = append(b, n, cap, " ");
            n = append(b, n, cap, PICK(r, whens));
        }
    }
    /* Trim to 250 bytes at a word boundary (the core clause is shorter). */
    if (n > 248) {
        n = 248;
        while (n > 80 && b[n] != ' ')
            n--;
        b[n] = '\0';
        for (;;) {
            while (n > 0 && (b[n - 1] == ',' || b[n - 1] == ';' || b[n - 1] == ' '))
                b[--n] = '\0';
            size_t w0 = n;
            while (w0 > 0 && b[w0 - 1] != ' ')
                w0--;
            if (w0 == 0 || !is_dangling(b + w0))
                break;
            n = w0;
            b[n] = '\0';
        }
    }
    /* Trimming may have split a quoted phrase: close an odd quote. */
    int q = 0;
    for (size_t i = 0; i < n; i++)
        q ^= b[i] == '"';
    if (q)
        n = append(b, n, cap, "\"");
    append(b, n, cap, ".");
}

static const char *speaker_of(int p, rng *r)
{
    const person *pp = &people[p];
    if (chance(r, 60))
        return pp->name;
    return pp->alias[below(r, (uint32_t)pp->naliases)];
}

/* ---- writers ---------------------------------------------------------- */

static void json_str(FILE *f, const char *s)
{
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putc('\\', f);
        putc(*s, f);
    }
    putc('"', f);
}

static void csv_str(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen: cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    return f;
}

static void close_out(FILE *f)
{
    if (ferror(f) || fclose(f)) {
        fprintf(stderr, "gen: write error: %s\n", strerror(errno));
        exit(2);
    }
}

static void write_people(const char *dir)
{
    FILE *f = open_out(dir, "people.jsonl");
    rng r = {0x726f6c6573ULL};
    for (int i = 0; i < npeople; i++) {
        const person *p = &people[i];
        fputs("{\"name\":", f);
        json_str(f, p->name);
        fprintf(f, ",\"kind\":\"%s\",\"side\":\"%s\",\"aliases\":[", p->group ? "group" : "person",
                sides[p->side]);
        for (int a = 0; a < p->naliases; a++) {
            if (a)
                putc(',', f);
            json_str(f, p->alias[a]);
        }
        fputs("]", f);
        if (!p->group) {
            int from = 2010 + (int)below(&r, 8);
            fprintf(f, ",\"roles\":[{\"role\":\"%s\",\"from\":\"%04d-%02d-01\"", PICK(&r, roles),
                    from, 1 + (int)below(&r, 12));
            if (chance(&r, 30))
                fprintf(f, ",\"to\":\"%04d-%02d-28\"", from + 4 + (int)below(&r, 4),
                        1 + (int)below(&r, 12));
            fputs("}]", f);
        }
        fputs("}\n", f);
    }
    close_out(f);
}

/* topics.rules, in the rule language of docs/rules.md, and patterns.txt:
** the same mention/affirm/deny patterns one a line for `pcre2grep -f`.
** Every pattern is a literal phrase between \b: no slash, no metacharacter. */
static void write_topics(const char *dir)
{
    FILE *f = open_out(dir, "topics.rules");
    FILE *p = open_out(dir, "patterns.txt");
    fprintf(f, "# Synthetic topics for tracker's benchmarks, written by tests/bench/gen.c\n"
               "# (--topics %d).  Every regular statement on a topic takes the stance\n"
               "# given in its description; only the planted statements (planted.tsv)\n"
               "# take the other one.  Check: tracker rules test / rules lint FILE.\n",
            ntopics);
    for (int i = 0; i < ntopics; i++) {
        const topic *t = &topics[i];
        fprintf(f, "\ntopic t%03d {\n"
                   "  description \"Synthetic topic %d: %s (regular stance: %s)\"\n"
                   "  mention /\\b%s\\b/\n"
                   "  affirm  /\\b%s\\b/\n"
                   "  deny    /\\b%s\\b/\n",
                i + 1, i + 1, t->mention, t->stance ? "deny" : "affirm", t->mention, t->affirm,
                t->deny);
        fprintf(p, "\\b%s\\b\n\\b%s\\b\n\\b%s\\b\n", t->mention, t->affirm, t->deny);
        fprintf(f, "  example affirm \"The delegation %s %s in Geneva on Tuesday.\"\n", t->affirm,
                t->mention);
        fprintf(f, "  example deny   \"Moscow %s %s, and the ministry is reviewing tariff "
                   "schedules.\"\n", t->deny, t->mention);
        fprintf(f, "  example deny   \"Our side will never say it %s %s.\"\n", t->affirm,
                t->mention);
        fprintf(f, "  example none   \"The cabinet will discuss energy prices in Vienna. "
                   "Beijing %s the grain corridor.\"\n", t->affirm);
        fprintf(f, "}\n\n"
                   "reversal t%03d_reversal {\n"
                   "  topic t%03d\n"
                   "  window 30d\n"
                   "  severity medium\n"
                   "  description \"A speaker affirms %s, then denies it (or the reverse)\"\n"
                   "}\n\n"
                   "contradiction t%03d_contradiction {\n"
                   "  topic t%03d\n"
                   "  window 30d\n"
                   "  severity medium\n"
                   "  description \"Speakers of two different sides take opposite stances on %s\"\n"
                   "}\n",
                i + 1, i + 1, t->mention, i + 1, i + 1, t->mention);
    }
    close_out(p);
    close_out(f);
}

static void write_sources(const char *dir)
{
    FILE *f = open_out(dir, "sources.sql");
    fputs("-- The sources statements.sqlite.csv points at (ids 1..), for the reference.\n", f);
    for (size_t i = 0; i < COUNT(publishers); i++) {
        uint64_t a = mix64(0x736f75726365ULL + i), b = mix64(~(0x736f75726365ULL + i));
        fprintf(f,
                "INSERT INTO sources(id, key, publisher, created_at) "
                "VALUES (%zu, X'%016" PRIx64 "%016" PRIx64 "', '%s', 1700000000);\n",
                i + 1, a, b, publishers[i]);
    }
    close_out(f);
}

static void write_planted(const char *dir)
{
    FILE *f = open_out(dir, "planted.tsv");
    fputs("kind\ttopic\tmention\tid_a\tspeaker_a\tside_a\tstance_a\tday_a\t"
          "id_b\tspeaker_b\tside_b\tstance_b\tday_b\n", f);
    for (int e = 0; e < nevents; e++) {
        const event *ev = &events[e];
        fprintf(f, "%s\tt%03d\t%s", ev->kind ? "contradiction" : "reversal", ev->topic + 1,
                topics[ev->topic].mention);
        for (int k = 0; k < 2; k++) {
            int y, m, d;
            civil(ev->day[k], &y, &m, &d);
            fprintf(f, "\ts%08ld\t%s\t%s\t%s\t%04d-%02d-%02d", ev->row[k] + 1,
                    people[ev->person[k]].name, sides[people[ev->person[k]].side],
                    ev->stance[k] ? "deny" : "affirm", y, m, d);
        }
        putc('\n', f);
    }
    close_out(f);
}

/* The corpus's output files, written row by row. */
typedef struct outs {
    FILE *js, *cs, *rs, *tx;
} outs;

/* Writes one generated row as statement number id (1-based) to every
** open output (js, rs and tx may be NULL). */
static void emit(const outs *o, const row *w, long id_no)
{
    char id[32];
    snprintf(id, sizeof id, "s%08ld", id_no);
    const char *mode = w->reported ? "reported" : "direct";
    const char *side = sides[people[w->person].side];

    if (o->js) {
        fputs("{\"speaker\":", o->js);
        json_str(o->js, w->speaker);
        fprintf(o->js, ",\"date\":\"%s\",\"text\":", w->date);
        json_str(o->js, w->text);
        fprintf(o->js, ",\"mode\":\"%s\",\"side\":\"%s\",\"source\":\"%s\",\"id\":\"%s\"}\n",
                mode, side, publishers[w->source], id);
    }

    csv_str(o->cs, w->speaker);
    fprintf(o->cs, ",%s,", w->date);
    csv_str(o->cs, w->text);
    fprintf(o->cs, ",%s,%s,%s,%s\n", mode, side, publishers[w->source], id);

    if (o->tx) {
        fputs(w->text, o->tx);
        putc('\n', o->tx);
    }

    /* id,hash,ext_id,person_id,source_id,text,mode,date_text,date_lo,
       date_hi,date_prec,side,role,url,span_start,span_end,cue,date_expr,
       ingested_at: the hash is 128 random bits as 32 hex digits. */
    if (o->rs) {
        uint64_t i = (uint64_t)id_no - 1;
        fprintf(o->rs, "%ld,%016" PRIx64 "%016" PRIx64 ",%s,%d,%d,", id_no,
                mix64(0x68617368ULL + 2 * i), mix64(0x68617368ULL + 2 * i + 1), id,
                w->person + 1, w->source + 1);
        csv_str(o->rs, w->text);
        fprintf(o->rs, ",%s,%s,%" PRId64 ",%" PRId64 ",%s,%s,,,,,,,1700000000\n", mode, w->date,
                w->lo, w->hi, w->prec, side);
    }
}

/* extra.csv: k regular statements continuing a corpus of n (ids n+1..n+k),
** dated in the 90 days after 2021-01-30, so after every corpus date and
** every planted pair's isolation: they can add no finding. */
static void write_extra(const char *dir, long n, long k)
{
    outs o = {.cs = open_out(dir, "extra.csv")};
    fputs("speaker,date,text,mode,side,source,id\n", o.cs);
    FILE *st = open_out(dir, "stances.tsv");
    fputs("statement\ttopic\tstance\tform\n", st);
    rng r = {0x6578747261ULL ^ (uint64_t)n};
    long topical = 0;
    for (long i = 0; i < k; i++) {
        row w = {.index = n + i};
        int t = -1;
        w.person = pick_person(&r);
        int day = END_DAY + 30 + (int)below(&r, 90);
        if (chance(&r, 70))
            set_instant(&w, day, &r, 0, 0);
        else
            set_day(&w, day, "day");
        if (chance(&r, 20))
            t = (int)below(&r, (uint32_t)ntopics);
        topical += t >= 0;
        w.speaker = speaker_of(w.person, &r);
        w.reported = chance(&r, 35);
        w.source = (int)below(&r, COUNT(publishers));
        make_text(&w, &r, t, t >= 0 ? topics[t].stance : 0, FORM_PLAIN);
        emit(&o, &w, n + i + 1);
    }
    close_out(o.cs);
    fprintf(stderr, "gen: %ld extra statements (%ld on topics), ids %ld..%ld -> %s/extra.csv\n",
            k, topical, n + 1, n + k, dir);
}

int main(int argc, char **argv)
{
    long n = -1, extra = 0;
    int nev = -1;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--statements") && i + 1 < argc)
            n = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--topics") && i + 1 < argc)
            ntopics = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--people") && i + 1 < argc)
            npeople = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--events") && i + 1 < argc)
            nev = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--extra") && i + 1 < argc)
            extra = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            dir = argv[++i];
        else {
            fputs("usage: gen --statements N [--topics T] [--people P] [--events E] "
                  "[--extra K] --out DIR\n", stderr);
            return 2;
        }
    }
    if (n < 1 || !dir || ntopics < 1 || npeople < 8 || npeople > MAX_PEOPLE || extra < 0 ||
        nev < -1) {
        fputs("usage: gen --statements N [--topics T (>=1)] [--people P (8..400)] "
              "[--events E (>=0)] [--extra K (>=0)] --out DIR\n", stderr);
        return 2;
    }
    mkdir(dir, 0777);
    make_people();
    make_topics();
    rng ev = {0x706c616e746564ULL ^ (uint64_t)n};
    make_events(n, nev, &ev);
    write_people(dir);
    write_topics(dir);
    write_sources(dir);
    write_planted(dir);

    outs o = {.js = open_out(dir, "statements.jsonl"), .cs = open_out(dir, "statements.csv"),
              .rs = open_out(dir, "statements.sqlite.csv"), .tx = open_out(dir, "statements.txt")};
    fputs("speaker,date,text,mode,side,source,id\n", o.cs);
    FILE *st = open_out(dir, "stances.tsv");
    fputs("statement\ttopic\tstance\tform\n", st);
    rng r = {0x73746174656dULL ^ (uint64_t)n};
    long topical = 0;
    for (long i = 0; i < n; i++) {
        row w = {.index = i};
        int t = -1, stance = 0, form = FORM_PLAIN;
        if (plant[i] >= 0) {
            const event *e = &events[plant[i] / 2];
            int k = plant[i] % 2;
            w.person = e->person[k];
            t = e->topic;
            stance = e->stance[k];
            if (chance(&r, 50))
                set_day(&w, e->day[k], "day");
            else
                set_instant(&w, e->day[k], &r, 0, 0);
        } else {
            w.person = pick_person(&r);
            regular_date(&w, &r);
            if (chance(&r, 20)) {
                int lo = (int)(w.lo / 86400), hi = (int)(w.hi / 86400);
                for (int tries = 0; tries < 4 && t < 0; tries++) {
                    int c = (int)below(&r, (uint32_t)ntopics);
                    if (!blocked(c, lo, hi))
                        t = c;
                }
                if (t >= 0)
                    stance = topics[t].stance;
                /* one regular topical statement in 8 is negated or hedged:
                ** the same stance, stated the hard way */
                if (t >= 0 && chance(&r, 12))
                    form = stance && chance(&r, 50) ? FORM_HEDGED : FORM_NEGATED;
            }
        }
        topical += t >= 0;
        w.speaker = speaker_of(w.person, &r);
        w.reported = chance(&r, 35);
        w.source = (int)below(&r, COUNT(publishers));
        make_text(&w, &r, t, stance, form);
        emit(&o, &w, i + 1);
        if (t >= 0)
            fprintf(st, "%ld\tt%03d\t%s\t%s\n", i + 1, t + 1, stance ? "deny" : "affirm", form_names[form]);
    }
    close_out(o.js);
    close_out(o.cs);
    close_out(o.rs);
    close_out(o.tx);
    close_out(st);
    fprintf(stderr, "gen: %ld statements (%ld on topics, %d planted events), %d people, "
                    "%d topics -> %s\n",
            n, topical, nevents, npeople, ntopics, dir);
    if (extra)
        write_extra(dir, n, extra);
    free(plant);
    free(events);
    free(topics);
    free(cum);
    free(blockmap);
    return 0;
}
