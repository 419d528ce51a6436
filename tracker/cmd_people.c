/*
** cmd_people.c: tracker people import|list|show|alias.  The registry of
** people and groups: names, aliases, kinds, sides and roles.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input.h"
#include "jsonout.h"

static const char usage_text[] =
    "usage: tracker people import FILE...\n"
    "       tracker people list [--format text|json]\n"
    "       tracker people show NAME [--format text|json]\n"
    "       tracker people alias add NAME ALIAS\n"
    "\n"
    "The people registry.  People files are JSON Lines, one person a line:\n"
    "  {\"name\": \"Donald Trump\", \"kind\": \"person\", \"side\": \"US\", \"gender\": \"m\",\n"
    "   \"aliases\": [\"Trump\", \"U.S. President Donald Trump\"],\n"
    "   \"roles\": [{\"role\": \"President of the United States\", \"from\": \"2017-01-20\"}]}\n"
    "kind is person (default), group or anonymous; gender (optional) is f, m or n\n"
    "(female, male also read), and lets extract give a pronoun to the right\n"
    "speaker.  Importing a person already known (by name or alias) adds the new\n"
    "aliases and roles and updates kind, side and gender.  Names resolve case-\n"
    "and accent-insensitively.\n";

enum { FMT_TEXT, FMT_JSON };

/* tracker people import FILE... */
static int people_import(tr_cli *cli, int argc, char **argv)
{
    if (argc < 1)
        return cli_usage(cli, "people import: no input files");
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
            int eof, created;
            int64_t id;
            const char *aliases[256];
            tr_role_in roles[64];
            tr_person_in p;
            st = tr_input_next(in, &rec, &eof, &err);
            if (!st && eof)
                break;
            if (!st)
                st = tr_person_from_json(rec.json, &p, aliases, 256, roles, 64, &err);
            /* A person, their aliases and roles land together or not at all. */
            if (!st && !(st = tr_db_savepoint(db, &err))) {
                st = tr_db_person_upsert(db, &p, &id, &created, &err);
                if (st)
                    tr_db_rollback_to(db);
                else
                    st = tr_db_release(db, &err);
            }
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
    int fmt;
    tr_status st;
    tr_err err;
};

/* The person as a JSON object (caller-owned; NULL when out of memory). */
static json_t *person_json(const tr_person *p)
{
    json_t *o = json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)p->id, "name",
                          tr_json_str(p->name), "kind", tr_json_str(p->kind), "side",
                          tr_json_str(p->side));
    if (o && p->gender) /* only when known */
        json_object_set_new(o, "gender", tr_json_str(p->gender));
    json_t *rest = json_pack("{s:I, s:o, s:o}", "statements", (json_int_t)p->nstatements,
                             "first", tr_json_str(p->first), "last", tr_json_str(p->last));
    if (o && rest)
        json_object_update(o, rest);
    json_decref(rest);
    return o;
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
    if (p->first)
        printf("  %s .. %s", cli_vis(&b[0], p->first), cli_vis(&b[1], p->last));
    putchar('\n');
    for (int i = 0; i < 3; i++)
        tr_buf_free(&b[i]);
    return 0;
}

struct show_ctx {
    json_t *aliases, *roles, *person;
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

/* Keeps the person's JSON object. */
static int get_cb(void *ctx, const tr_person *p)
{
    ((struct show_ctx *)ctx)->person = person_json(p);
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
    struct show_ctx sc = {json_array(), json_array(), NULL};
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
        const char *first = json_string_value(json_object_get(o, "first"));
        size_t i;
        const char *gender = json_string_value(json_object_get(o, "gender"));
        tr_buf b[3] = {{0}};
        printf("%s\n  kind: %s\n  side: %s\n  gender: %s\n  statements: %lld",
               cli_vis(&b[0], json_string_value(json_object_get(o, "name"))),
               cli_vis(&b[1], json_string_value(json_object_get(o, "kind"))),
               side ? cli_vis(&b[2], side) : "-", gender ? gender : "-",
               (long long)json_integer_value(json_object_get(o, "statements")));
        if (first)
            printf(" (%s .. %s)", cli_vis(&b[0], first),
                   cli_vis(&b[1], json_string_value(json_object_get(o, "last"))));
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

int cmd_people(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         CLI_COMMON_OPTS, {0}};
    static const char *const fmts[] = {"text", "json"};
    int c, fmt = FMT_TEXT;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        if (c == 'h') {
            fputs(usage_text, stdout);
            return 0;
        }
        if (c == 'f') {
            if ((fmt = cli_format(cli, optarg, fmts, 2)) < 0)
                return TR_EUSAGE;
            continue;
        }
        return cli_bad_option(cli);
    }
    argc -= optind;
    argv += optind;
    if (argc < 1)
        return cli_usage(cli, "expected a subcommand: import, list, show or alias");
    const char *sub = argv[0];
    if (!strcmp(sub, "import"))
        return people_import(cli, argc - 1, argv + 1);
    tr_db *db;
    tr_err err;
    tr_status st;
    int rc = 0;
    if (!strcmp(sub, "list")) {
        if (argc != 1)
            return cli_usage(cli, "people list takes no arguments");
        if ((st = cli_open_db(cli, TR_DB_READ, &db, &err)) != TR_OK)
            return cli_fail(cli, st, &err);
        struct list_ctx l = {.fmt = fmt};
        if ((st = tr_db_people_each(db, list_cb, &l, &err)) != TR_OK)
            rc = cli_fail(cli, st, &err);
        else if (l.st)
            rc = cli_fail(cli, l.st, &l.err);
    } else if (!strcmp(sub, "show")) {
        if (argc != 2)
            return cli_usage(cli, "usage: tracker people show NAME");
        if ((st = cli_open_db(cli, TR_DB_READ, &db, &err)) != TR_OK)
            return cli_fail(cli, st, &err);
        rc = people_show(cli, db, argv[1], fmt);
    } else if (!strcmp(sub, "alias")) {
        if (argc != 4 || strcmp(argv[1], "add"))
            return cli_usage(cli, "usage: tracker people alias add NAME ALIAS");
        if ((st = cli_open_db(cli, TR_DB_WRITE, &db, &err)) != TR_OK)
            return cli_fail(cli, st, &err);
        int64_t id;
        if ((st = cli_find_person(db, argv[2], &id, &err)) != TR_OK ||
            (st = tr_db_begin(db, &err)) != TR_OK ||
            (st = tr_db_alias_add(db, id, argv[3], &err)) != TR_OK ||
            (st = tr_db_commit(db, &err)) != TR_OK) {
            tr_db_rollback(db);
            rc = cli_fail(cli, st, &err);
        } else {
            cli_msg(stdout, "'%s' is now an alias of '%s'\n", argv[3], argv[2]);
        }
    } else {
        return cli_usage(cli, "unknown subcommand '%s' (expected import, list, show or alias)", sub);
    }
    tr_db_close(db);
    return rc;
}
