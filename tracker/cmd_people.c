/*
** cmd_people.c: tracker people import|list|show|alias.  The registry of
** people and groups: names, aliases, kinds, sides and roles.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input.h"

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

/* Reads one person object into p (strings borrowed from o). */
static tr_status person_from_json(json_t *o, tr_person_in *p, const char **aliases, size_t maxal,
                                  tr_role_in *roles, size_t maxroles, tr_err *err)
{
    const char *key;
    json_t *v;
    memset(p, 0, sizeof *p);
    p->aliases = aliases;
    p->roles = roles;
    json_object_foreach(o, key, v) {
        if (!strcmp(key, "name") || !strcmp(key, "kind") || !strcmp(key, "side") ||
            !strcmp(key, "gender")) {
            if (json_is_null(v))
                continue;
            if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
                return tr_errf(err, TR_EDATA, "field '%s' must be a string", key);
            const char *s = json_string_value(v);
            if (key[0] == 'n')
                p->name = s;
            else if (key[0] == 'k')
                p->kind = s;
            else if (key[0] == 'g') /* "female"/"male" read as "f"/"m" */
                p->gender = !*s ? NULL : !strcmp(s, "female") ? "f" : !strcmp(s, "male") ? "m" : s;
            else
                p->side = *s ? s : NULL;
        } else if (!strcmp(key, "aliases")) {
            size_t i;
            json_t *a;
            if (!json_is_array(v))
                return tr_errf(err, TR_EDATA, "field 'aliases' must be an array of strings");
            json_array_foreach(v, i, a) {
                if (!json_is_string(a))
                    return tr_errf(err, TR_EDATA, "aliases[%zu] must be a string", i);
                if (p->naliases == maxal)
                    return tr_errf(err, TR_EDATA, "more than %zu aliases", maxal);
                aliases[p->naliases++] = json_string_value(a);
            }
        } else if (!strcmp(key, "roles")) {
            size_t i;
            json_t *r;
            if (!json_is_array(v))
                return tr_errf(err, TR_EDATA, "field 'roles' must be an array of objects");
            json_array_foreach(v, i, r) {
                if (!json_is_object(r))
                    return tr_errf(err, TR_EDATA, "roles[%zu] must be an object", i);
                if (p->nroles == maxroles)
                    return tr_errf(err, TR_EDATA, "more than %zu roles", maxroles);
                tr_role_in *ro = &roles[p->nroles++];
                memset(ro, 0, sizeof *ro);
                const char *rk;
                json_t *rv;
                json_object_foreach(r, rk, rv) {
                    const char **dst = !strcmp(rk, "role") ? &ro->role
                                     : !strcmp(rk, "from") ? &ro->from
                                     : !strcmp(rk, "to") ? &ro->to : NULL;
                    if (!dst)
                        return tr_errf(err, TR_EDATA, "roles[%zu]: unknown field '%.40s' "
                                       "(fields: role, from, to)", i, rk);
                    if (json_is_null(rv))
                        continue;
                    if (!json_is_string(rv))
                        return tr_errf(err, TR_EDATA, "roles[%zu].%s must be a string", i, rk);
                    *dst = json_string_value(rv);
                }
            }
        } else {
            return tr_errf(err, TR_EDATA, "unknown field '%.40s' (fields: name, kind, side, "
                           "gender, aliases, roles)", key);
        }
    }
    if (!p->name || !*p->name)
        return tr_errf(err, TR_EDATA, "missing required field 'name'");
    return TR_OK;
}

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
    tr_input_opts o = {.format = TR_FMT_JSONL, .kind = TR_REC_PERSON};
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
                st = person_from_json(rec.json, &p, aliases, 256, roles, 64, &err);
            /* A person, their aliases and roles land together or not at all. */
            if (!st && !(st = tr_db_savepoint(db, &err))) {
                st = tr_db_person_upsert(db, &p, &id, &created, &err);
                if (st)
                    tr_db_rollback_to(db);
                else
                    st = tr_db_release(db, &err);
            }
            if (st == TR_EDATA) {
                fprintf(stderr, "%s:%zu: %s\n", argv[i], tr_input_line(in), err.msg);
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
};

/* The person as a JSON object (caller-owned). */
static json_t *person_json(const tr_person *p)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s?}", "id", (json_int_t)p->id, "name", p->name,
                          "kind", p->kind, "side", p->side);
    if (o && p->gender) /* only when known */
        json_object_set_new(o, "gender", json_string(p->gender));
    json_t *rest = json_pack("{s:I, s:s?, s:s?}", "statements", (json_int_t)p->nstatements,
                             "first", p->first, "last", p->last);
    if (o && rest)
        json_object_update(o, rest);
    json_decref(rest);
    return o;
}

/* Prints a JSON value on one line and releases it. */
static void print_json(json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (s)
        puts(s);
    free(s);
    json_decref(o);
}

/* Prints one person as a line of the list. */
static int list_cb(void *ctx, const tr_person *p)
{
    struct list_ctx *l = ctx;
    if (l->fmt == FMT_JSON) {
        print_json(person_json(p));
        return 0;
    }
    printf("%-32s %-9s %-6s %6lld statement%s", p->name, p->kind, p->side ? p->side : "-",
           (long long)p->nstatements, p->nstatements == 1 ? "" : "s");
    if (p->first)
        printf("  %s .. %s", p->first, p->last);
    putchar('\n');
    return 0;
}

struct show_ctx {
    json_t *aliases, *roles, *person;
};

/* Collects an alias. */
static int alias_cb(void *ctx, const char *a)
{
    json_array_append_new(((struct show_ctx *)ctx)->aliases, json_string(a));
    return 0;
}

/* Collects a role. */
static int role_cb(void *ctx, const char *role, const char *from, const char *to)
{
    json_array_append_new(((struct show_ctx *)ctx)->roles,
                          json_pack("{s:s, s:s?, s:s?}", "role", role, "from", from, "to", to));
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
    if (!st && sc.person && fmt == FMT_JSON) {
        json_object_set(sc.person, "aliases", sc.aliases);
        json_object_set(sc.person, "roles", sc.roles);
        print_json(json_incref(sc.person));
    } else if (!st && sc.person) {
        json_t *o = sc.person, *v;
        const char *side = json_string_value(json_object_get(o, "side"));
        const char *first = json_string_value(json_object_get(o, "first"));
        size_t i;
        const char *gender = json_string_value(json_object_get(o, "gender"));
        printf("%s\n  kind: %s\n  side: %s\n  gender: %s\n  statements: %lld",
               json_string_value(json_object_get(o, "name")),
               json_string_value(json_object_get(o, "kind")), side ? side : "-",
               gender ? gender : "-",
               (long long)json_integer_value(json_object_get(o, "statements")));
        if (first)
            printf(" (%s .. %s)", first, json_string_value(json_object_get(o, "last")));
        printf("\n  aliases:");
        json_array_foreach(sc.aliases, i, v) printf("%s %s", i ? "," : "", json_string_value(v));
        printf("%s\n  roles:%s\n", json_array_size(sc.aliases) ? "" : " -",
               json_array_size(sc.roles) ? "" : " -");
        json_array_foreach(sc.roles, i, v) {
            const char *f = json_string_value(json_object_get(v, "from"));
            const char *t = json_string_value(json_object_get(v, "to"));
            printf("    %s (%s .. %s)\n", json_string_value(json_object_get(v, "role")),
                   f ? f : "?", t ? t : "");
        }
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
        struct list_ctx l = {fmt};
        if ((st = tr_db_people_each(db, list_cb, &l, &err)) != TR_OK)
            rc = cli_fail(cli, st, &err);
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
            printf("'%s' is now an alias of '%s'\n", argv[3], argv[2]);
        }
    } else {
        return cli_usage(cli, "unknown subcommand '%s' (expected import, list, show or alias)", sub);
    }
    tr_db_close(db);
    return rc;
}
