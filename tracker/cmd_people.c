/*
** cmd_people.c: tracker people import|list|show|alias.  The registry of
** people and groups: names, aliases, kinds, sides and roles.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ingest.h"
#include "input.h"
#include "jsonout.h"

enum { FMT_TEXT, FMT_JSON };
enum { OPT_FORMAT = 1 };
static const char *const formats[] = {"text", "json", NULL};
static const cli_opt format_opts[] = {
    {"format", 0, NULL, formats, OPT_FORMAT, "text (default) or json (one object a line)"},
    {0}};

/* Parses a people subcommand's options: *fmt, and its operands in *ops;
** -1 when it goes on, else the exit code. */
static int parse(tr_cli *cli, const cli_command *self, int argc, char **argv, int *fmt, char ***ops,
                 int *nops)
{
    cli_parser p;
    const char *arg;
    int id;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0)
        *fmt = cli_pick(arg, formats);
    if (id < 0)
        return p.rc;
    *nops = cli_operands(&p, ops);
    return -1;
}

/* tracker people import FILE... */
static int people_import(tr_cli *cli, const cli_command *self, int argc0, char **argv0)
{
    int fmt = FMT_TEXT, argc;
    char **argv;
    int rc0 = parse(cli, self, argc0, argv0, &fmt, &argv, &argc);
    if (rc0 >= 0)
        return rc0;
    if (argc < 1)
        return cli_usage(cli, "no input files (use '-' for standard input)");
    tr_db *db;
    tr_err err;
    tr_status st = cli_open_db(cli, TR_DB_WRITE, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    if ((st = tr_db_begin(db, &err)) != TR_OK) {
        tr_db_close(db);
        return cli_fail(cli, st, &err);
    }
    long long added = 0, updated = 0, rejected = 0;
    int rc = 0;
    tr_input_opts o = {.format = TR_FMT_AUTO, .kind = TR_REC_PERSON};
    for (int i = 0; i < argc && !st; i++) {
        tr_input *in;
        if ((st = tr_input_open(argv[i], &o, &in, &err)) != TR_OK) {
            rc = cli_fail(cli, st, &err);
            st = TR_OK;
            continue;
        }
        for (;;) {
            tr_record rec;
            int eof, created = 0;
            st = tr_input_next(in, &rec, &eof, &err);
            if (!st && eof)
                break;
            if (!st)
                st = ingest_person(db, &rec, &created, &err);
            if (st == TR_EDATA) {
                cli_msg(stderr, "%s:%zu: %s\n", argv[i], tr_input_line(in), err.msg);
                rejected++;
                st = TR_OK;
                continue;
            }
            if (st)
                break;
            if (created)
                added++;
            else
                updated++;
        }
        tr_input_close(in);
    }
    if (!st)
        st = tr_db_commit(db, &err);
    else
        tr_db_rollback(db);
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    printf("people: added %lld, updated %lld, rejected %lld\n", added, updated, rejected);
    return rc ? rc : rejected ? TR_EDATA : 0;
}

struct list_ctx {
    tr_cli *cli;
    int fmt;
    tr_status st;
    tr_err err;
};

/* The person as a JSON object (caller-owned; NULL when out of memory):
** first and last are the dates of the earliest and latest statements, as
** given with their zone. */
static json_t *person_json(const tr_person *p)
{
    json_t *o = json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)p->id, "name",
                          tr_json_str(p->name), "kind", tr_json_str(p->kind), "side",
                          tr_json_str(p->side));
    if (o && p->gender) /* only when known */
        json_object_set_new(o, "gender", tr_json_str(p->gender));
    char first[96] = "", last[96] = "";
    if (p->first) {
        tr_date_given(p->first, &p->first_date, first, sizeof first);
        tr_date_given(p->last, &p->last_date, last, sizeof last);
    }
    json_t *rest = json_pack("{s:I, s:o, s:o}", "statements", (json_int_t)p->nstatements,
                             "first", tr_json_str(p->first ? first : NULL), "last",
                             tr_json_str(p->first ? last : NULL));
    if (o && rest)
        json_object_update(o, rest);
    json_decref(rest);
    return o;
}

/* The days a person's statements span, "2017-07-01 to 2017-07-20" (one
** day alone when they are the same), in the display zone. */
static void span_of(const tr_cli *cli, const tr_person *p, char *buf, size_t n)
{
    char a[40], b[40];
    tr_date_day(&p->first_date, 0, cli->zone, a, sizeof a);
    tr_date_day(&p->last_date, 1, cli->zone, b, sizeof b);
    if (!strcmp(a, b))
        snprintf(buf, n, "%s", a);
    else
        snprintf(buf, n, "%s to %s", a, b);
}

/* Prints one person as a line of the list; stops at a row that cannot
** be written. */
static int list_cb(void *ctx, const tr_person *p)
{
    struct list_ctx *l = ctx;
    if (l->fmt == FMT_JSON)
        return (l->st = tr_json_print(stdout, person_json(p), &l->err)) != TR_OK;
    tr_buf b[3] = {{0}};
    printf("%-32s %-9s %-6s %6lld statement%s", cli_vis(&b[0], p->name), cli_vis(&b[1], p->kind),
           p->side ? cli_vis(&b[2], p->side) : "-", (long long)p->nstatements,
           p->nstatements == 1 ? "" : "s");
    if (p->first) {
        char span[96];
        span_of(l->cli, p, span, sizeof span);
        printf("  %s", span);
    }
    putchar('\n');
    for (int i = 0; i < 3; i++)
        tr_buf_free(&b[i]);
    return 0;
}

struct show_ctx {
    json_t *aliases, *roles, *person;
    char span[96];
    const tr_cli *cli;
};

/* Collects an alias. */
static int alias_cb(void *ctx, const char *a)
{
    json_array_append_new(((struct show_ctx *)ctx)->aliases, tr_json_str(a));
    return 0;
}

/* Collects a role. */
static int role_cb(void *ctx, const char *role, const char *from, const char *to)
{
    json_array_append_new(((struct show_ctx *)ctx)->roles,
                          json_pack("{s:o, s:o, s:o}", "role", tr_json_str(role), "from",
                                    tr_json_str(from), "to", tr_json_str(to)));
    return 0;
}

/* Keeps the person's JSON object and the days of their statements. */
static int get_cb(void *ctx, const tr_person *p)
{
    struct show_ctx *sc = ctx;
    sc->person = person_json(p);
    if (p->first)
        span_of(sc->cli, p, sc->span, sizeof sc->span);
    return 0;
}

/* tracker people show NAME */
static int people_show(tr_cli *cli, tr_db *db, const char *name, int fmt)
{
    tr_err err;
    int64_t id;
    tr_status st = cli_find_person(db, name, &id, &err);
    if (st)
        return cli_fail(cli, st, &err);
    struct show_ctx sc = {json_array(), json_array(), NULL, "", cli};
    st = tr_db_person_aliases(db, id, alias_cb, &sc, &err);
    if (!st)
        st = tr_db_person_roles(db, id, role_cb, &sc, &err);
    if (!st)
        st = tr_db_person_get(db, id, get_cb, &sc, &err);
    if (!st && !sc.person)
        st = tr_errf(&err, TR_ESOFTWARE, "out of memory");
    if (!st && fmt == FMT_JSON) {
        json_object_set(sc.person, "aliases", sc.aliases);
        json_object_set(sc.person, "roles", sc.roles);
        st = tr_json_print(stdout, json_incref(sc.person), &err);
    } else if (!st) {
        json_t *o = sc.person, *v;
        const char *side = json_string_value(json_object_get(o, "side"));
        size_t i;
        const char *gender = json_string_value(json_object_get(o, "gender"));
        tr_buf b[3] = {{0}};
        printf("%s\n  kind: %s\n  side: %s\n  gender: %s\n  statements: %lld",
               cli_vis(&b[0], json_string_value(json_object_get(o, "name"))),
               cli_vis(&b[1], json_string_value(json_object_get(o, "kind"))),
               side ? cli_vis(&b[2], side) : "-", gender ? gender : "-",
               (long long)json_integer_value(json_object_get(o, "statements")));
        if (sc.span[0])
            printf(" (%s)", sc.span);
        printf("\n  aliases:");
        json_array_foreach(sc.aliases, i, v)
            printf("%s %s", i ? "," : "", cli_vis(&b[0], json_string_value(v)));
        printf("%s\n  roles:%s\n", json_array_size(sc.aliases) ? "" : " -",
               json_array_size(sc.roles) ? "" : " -");
        json_array_foreach(sc.roles, i, v) {
            const char *f = json_string_value(json_object_get(v, "from"));
            const char *t = json_string_value(json_object_get(v, "to"));
            printf("    %s (%s .. %s)\n", cli_vis(&b[0], json_string_value(json_object_get(v, "role"))),
                   f ? cli_vis(&b[1], f) : "?", t ? cli_vis(&b[2], t) : "");
        }
        for (int k = 0; k < 3; k++)
            tr_buf_free(&b[k]);
    }
    json_decref(sc.person);
    json_decref(sc.aliases);
    json_decref(sc.roles);
    return st ? cli_fail(cli, st, &err) : 0;
}

/* Opens the store for reading and loads the display zone. */
static int open_read(tr_cli *cli, tr_db **db)
{
    tr_err err;
    const tr_zone *z;
    tr_status st = cli_zone(cli, &z, &err);
    if (!st)
        st = cli_open_db(cli, TR_DB_READ, db, &err);
    return st ? cli_fail(cli, st, &err) : 0;
}

/* tracker people list */
static int people_list(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    int fmt = FMT_TEXT, nops, rc;
    char **ops;
    if ((rc = parse(cli, self, argc, argv, &fmt, &ops, &nops)) >= 0)
        return rc;
    if (nops)
        return cli_usage(cli, "people list takes no arguments");
    tr_db *db;
    if ((rc = open_read(cli, &db)) != 0)
        return rc;
    tr_err err;
    tr_status st;
    struct list_ctx l = {.cli = cli, .fmt = fmt};
    if ((st = tr_db_people_each(db, list_cb, &l, &err)) != TR_OK)
        rc = cli_fail(cli, st, &err);
    else if (l.st)
        rc = cli_fail(cli, l.st, &l.err);
    tr_db_close(db);
    return rc;
}

/* tracker people show NAME */
static int people_show_cmd(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    int fmt = FMT_TEXT, nops, rc;
    char **ops;
    if ((rc = parse(cli, self, argc, argv, &fmt, &ops, &nops)) >= 0)
        return rc;
    if (nops != 1)
        return cli_usage(cli, "expected one NAME");
    tr_db *db;
    if ((rc = open_read(cli, &db)) != 0)
        return rc;
    rc = people_show(cli, db, ops[0], fmt);
    tr_db_close(db);
    return rc;
}

/* tracker people alias add NAME ALIAS */
static int people_alias(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    int fmt = FMT_TEXT, nops, rc;
    char **ops;
    if ((rc = parse(cli, self, argc, argv, &fmt, &ops, &nops)) >= 0)
        return rc;
    if (nops != 3 || strcmp(ops[0], "add"))
        return cli_usage(cli, "expected: tracker people alias add NAME ALIAS");
    rc = 0;
    tr_db *db;
    tr_err err;
    tr_status st;
    if ((st = cli_open_db(cli, TR_DB_WRITE, &db, &err)) != TR_OK)
        return cli_fail(cli, st, &err);
    int64_t id;
    if ((st = cli_find_person(db, ops[1], &id, &err)) != TR_OK ||
        (st = tr_db_begin(db, &err)) != TR_OK || (st = tr_db_alias_add(db, id, ops[2], &err)) != TR_OK ||
        (st = tr_db_commit(db, &err)) != TR_OK) {
        tr_db_rollback(db);
        rc = cli_fail(cli, st, &err);
    } else {
        cli_msg(stdout, "'%s' is now an alias of '%s'\n", ops[2], ops[1]);
    }
    tr_db_close(db);
    return rc;
}

static const cli_command people_import_def = {
    .name = "import",
    .fn = people_import,
    .operands = "FILE...",
    .summary = "add or update people from JSON Lines files",
    .description =
        "Read people from JSON Lines files ('-' is standard input), one person a line:\n"
        "  {\"name\": \"Donald Trump\", \"kind\": \"person\", \"side\": \"US\", \"gender\": \"m\",\n"
        "   \"aliases\": [\"Trump\", \"U.S. President Donald Trump\"],\n"
        "   \"roles\": [{\"role\": \"President of the United States\", \"from\": \"2017-01-20\"}]}\n"
        "kind is person (default), group or anonymous; gender (optional) is f, m or n (female, "
        "male also read), and lets extract give a pronoun to the right speaker.  A person "
        "already known (by name or alias) is updated: kind, side and gender replaced when given, "
        "aliases and roles added.  An alias that already names someone else is refused, naming "
        "both people, and nothing of that record is stored.",
    .common = CLI_DB,
};

static const cli_command people_list_def = {
    .name = "list",
    .fn = people_list,
    .summary = "everyone, with statement counts and the days they span",
    .description = "Everyone in the registry, by name: kind, side, the number of statements and the "
                   "days from the earliest to the latest (in the --tz zone).",
    .opts = format_opts,
    .common = CLI_TZ | CLI_DB,
};

static const cli_command people_show_def = {
    .name = "show",
    .fn = people_show_cmd,
    .operands = "NAME",
    .summary = "one person with aliases and roles",
    .description = "One person (NAME is a name or alias): kind, side, gender, statements, aliases "
                   "and roles.",
    .opts = format_opts,
    .common = CLI_TZ | CLI_DB,
};

static const cli_command people_alias_def = {
    .name = "alias",
    .fn = people_alias,
    .operands = "add NAME ALIAS",
    .summary = "give someone another name",
    .description = "Give the person NAME another name, ALIAS; an alias that already names someone "
                   "else is refused (exit 65).",
    .common = CLI_DB,
};

static const cli_command *const people_subs[] = {&people_import_def, &people_list_def,
                                                  &people_show_def, &people_alias_def, NULL};

const cli_command cmd_people_def = {
    .name = "people",
    .summary = "the people registry: import, list, show, alias add",
    .description =
        "The registry of people and groups: names, aliases, kinds, sides and roles.  Names "
        "resolve through names and aliases case- and accent-insensitively, ignoring "
        "punctuation: 'andrey KRUTSKIKH', 'Andréy Krutskikh' and 'Krutskikh' (an alias) are "
        "the same person.  A statement whose speaker is unknown creates that person.",
    .subs = people_subs,
};
