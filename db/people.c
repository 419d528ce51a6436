/*
** people.c: the people registry: names, aliases, kinds, sides, roles.
**
** Every name a person is known by, the canonical one included, is a row
** of aliases under its folded key (text.h: tr_fold_name), so resolving a
** speaker is one indexed lookup, case- and accent-insensitive.
*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Folds name into a new string (caller frees), or fails with err. */
static tr_status fold(const char *name, char **key, tr_err *err)
{
    *key = tr_fold_name(name);
    if (!*key)
        return tr_errf(err, TR_EDATA, "name '%s' is not valid UTF-8", name);
    if (!**key) {
        free(*key);
        *key = NULL;
        return tr_errf(err, TR_EDATA, "name '%s' has no letters or digits", name);
    }
    return TR_OK;
}

/* Looks a folded key up; *id 0 when absent. */
static tr_status find_key(tr_db *db, const char *key, int64_t *id, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_ALIAS_FIND, "SELECT person_id FROM aliases WHERE key=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tr_db_fail(db, err, "looking up a name");
    return TR_OK;
}

/* Looks name up through names and aliases; *id 0 when unknown. */
tr_status tr_db_person_find(tr_db *db, const char *name, int64_t *id, tr_err *err)
{
    char *key;
    *id = 0;
    tr_status st = fold(name, &key, err);
    if (st)
        return st;
    st = find_key(db, key, id, err);
    free(key);
    return st;
}

/* Copies the canonical name of a person (a tr_person_cb). */
static int name_cb(void *ctx, const tr_person *p)
{
    snprintf(ctx, 256, "%s", p->name);
    return 1;
}

/* The error for alias, wanted for the person named name, that already
** names person owner: it names both people.  TR_EDATA. */
static tr_status alias_conflict(tr_db *db, const char *alias, const char *name, int64_t owner,
                                tr_err *err)
{
    char other[256] = "?";
    tr_db_person_get(db, owner, name_cb, other, NULL);
    return tr_errf(err, TR_EDATA, "alias '%s' for '%s' already names '%s' (id %lld): refused "
                   "(two people are never merged)", alias, name, other, (long long)owner);
}

/* Stores alias for person id under its folded key, unless already there
** for the same person; TR_EDATA when it names someone else. */
static tr_status put_alias(tr_db *db, int64_t id, const char *alias, tr_err *err)
{
    char *key;
    int64_t owner;
    tr_status st = fold(alias, &key, err);
    if (st)
        return st;
    if ((st = find_key(db, key, &owner, err)) != TR_OK)
        goto out;
    if (owner == id)
        goto out;
    if (owner) {
        char name[256] = "?";
        tr_db_person_get(db, id, name_cb, name, NULL);
        st = alias_conflict(db, alias, name, owner, err);
        goto out;
    }
    sqlite3_stmt *q = tr_db_prep(db, Q_ALIAS_INSERT,
                                 "INSERT INTO aliases(key, alias, person_id) VALUES (?1, ?2, ?3)", err);
    if (!q) {
        st = TR_EIO;
        goto out;
    }
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, alias, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, id);
    if (sqlite3_step(q) != SQLITE_DONE)
        st = tr_db_fail(db, err, "adding an alias");
    sqlite3_reset(q);
out:
    free(key);
    return st;
}

/* Inserts a new person row and its canonical name as an alias. */
static tr_status insert_person(tr_db *db, const char *name, const char *kind, const char *side,
                               const char *gender, int64_t *id, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_PERSON_INSERT,
                                 "INSERT INTO people(name, kind, side, created_at, gender) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, kind ? kind : "person", -1, SQLITE_STATIC);
    tr_db_bind_text(q, 3, side);
    sqlite3_bind_int64(q, 4, db->now);
    tr_db_bind_text(q, 5, gender);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return tr_db_fail(db, err, "adding a person");
    *id = sqlite3_last_insert_rowid(db->h);
    return put_alias(db, *id, name, err);
}

/* Checks that kind is one the store knows. */
static tr_status check_kind(const char *kind, tr_err *err)
{
    if (!kind || !strcmp(kind, "person") || !strcmp(kind, "group") || !strcmp(kind, "anonymous"))
        return TR_OK;
    return tr_errf(err, TR_EDATA, "unknown kind '%s' (expected person, group or anonymous)", kind);
}

/* Finds name or creates a person of that name and kind. */
tr_status tr_db_person_resolve(tr_db *db, const char *name, const char *kind, int64_t *id,
                               int *created, tr_err *err)
{
    tr_status st = check_kind(kind, err);
    if (st)
        return st;
    if ((st = tr_db_person_find(db, name, id, err)) != TR_OK)
        return st;
    *created = 0;
    if (*id)
        return TR_OK;
    *created = 1;
    return insert_person(db, name, kind, NULL, NULL, id, err);
}

/* Stores one role of person id; the dates are checked and bounded. */
static tr_status put_role(tr_db *db, int64_t id, const tr_role_in *r, tr_err *err)
{
    tr_date from = {0}, to = {0};
    tr_status st;
    if (!r->role || !*r->role)
        return tr_errf(err, TR_EDATA, "a role needs a 'role' name");
    if (r->from && (st = tr_date_parse(r->from, NULL, &from, err)) != TR_OK)
        return st;
    if (r->to && (st = tr_date_parse(r->to, NULL, &to, err)) != TR_OK)
        return st;
    if (r->from && r->to && to.hi < from.lo)
        return tr_errf(err, TR_EDATA, "role '%s' ends (%s) before it starts (%s)", r->role, r->to,
                       r->from);
    sqlite3_stmt *q = tr_db_prep(db, Q_ROLE_INSERT,
                                 "INSERT OR IGNORE INTO roles(person_id, role, date_from, from_lo, "
                                 "date_to, to_hi) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, r->role, -1, SQLITE_STATIC);
    tr_db_bind_text(q, 3, r->from);
    if (r->from)
        sqlite3_bind_int64(q, 4, from.lo);
    tr_db_bind_text(q, 5, r->to);
    if (r->to)
        sqlite3_bind_int64(q, 6, to.hi);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "adding a role");
}

/* Adds or updates a person with aliases and roles; see db.h. */
tr_status tr_db_person_upsert(tr_db *db, const tr_person_in *p, int64_t *id, int *created,
                              tr_err *err)
{
    tr_status st = check_kind(p->kind, err);
    if (st)
        return st;
    if (p->gender && strcmp(p->gender, "f") && strcmp(p->gender, "m") && strcmp(p->gender, "n"))
        return tr_errf(err, TR_EDATA, "unknown gender '%s' (expected f, m or n)", p->gender);
    if (!p->name || !*p->name)
        return tr_errf(err, TR_EDATA, "a person needs a 'name'");
    /* The record's name says who it is; an alias that already names
    ** someone else would merge two people, so it is refused. */
    if ((st = tr_db_person_find(db, p->name, id, err)) != TR_OK)
        return st;
    for (size_t i = 0; i < p->naliases; i++) {
        int64_t owner;
        if ((st = tr_db_person_find(db, p->aliases[i], &owner, err)) != TR_OK)
            return st;
        if (owner && owner != *id)
            return alias_conflict(db, p->aliases[i], p->name, owner, err);
    }
    *created = !*id;
    if (!*id) {
        if ((st = insert_person(db, p->name, p->kind, p->side, p->gender, id, err)) != TR_OK)
            return st;
    } else {
        sqlite3_stmt *q = tr_db_prep(db, Q_PERSON_UPDATE,
                                     "UPDATE people SET kind=coalesce(?2, kind), "
                                     "side=coalesce(?3, side), gender=coalesce(?4, gender) "
                                     "WHERE id=?1", err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_int64(q, 1, *id);
        tr_db_bind_text(q, 2, p->kind);
        tr_db_bind_text(q, 3, p->side);
        tr_db_bind_text(q, 4, p->gender);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            return tr_db_fail(db, err, "updating a person");
        if ((st = put_alias(db, *id, p->name, err)) != TR_OK)
            return st;
    }
    for (size_t i = 0; i < p->naliases; i++)
        if ((st = put_alias(db, *id, p->aliases[i], err)) != TR_OK)
            return st;
    for (size_t i = 0; i < p->nroles; i++)
        if ((st = put_role(db, *id, &p->roles[i], err)) != TR_OK)
            return st;
    return TR_OK;
}

/* Gives person id the alias. */
tr_status tr_db_alias_add(tr_db *db, int64_t id, const char *alias, tr_err *err)
{
    return put_alias(db, id, alias, err);
}

/* A person with their count of statements and their earliest and latest
** statement's dates (f and l: the first by earliest instant, the last by
** latest instant). */
#define PERSON_COLS                                                                        \
    "SELECT p.id, p.name, p.kind, p.side, p.gender, "                                      \
    " (SELECT count(*) FROM statements s WHERE s.person_id=p.id), "                        \
    " f.date_text, l.date_text, f.date_lo, f.date_hi, f.date_prec, l.date_lo, l.date_hi, "   \
    " l.date_prec "                                                                          \
    "FROM people p "                                                                         \
    "LEFT JOIN statements f ON f.id=(SELECT id FROM statements s WHERE s.person_id=p.id "     \
    "  ORDER BY date_lo, id LIMIT 1) "                                                      \
    "LEFT JOIN statements l ON l.id=(SELECT id FROM statements s WHERE s.person_id=p.id "     \
    "  ORDER BY date_lo DESC, id DESC LIMIT 1) "

/* Steps q, calling cb with each row as a tr_person. */
static tr_status each_person(tr_db *db, sqlite3_stmt *q, tr_person_cb cb, void *ctx, tr_err *err)
{
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_person p = {
            .id = sqlite3_column_int64(q, 0),
            .name = tr_db_col_text(q, 1),
            .kind = tr_db_col_text(q, 2),
            .side = tr_db_col_text(q, 3),
            .gender = tr_db_col_text(q, 4),
            .nstatements = sqlite3_column_int64(q, 5),
            .first = tr_db_col_text(q, 6),
            .last = tr_db_col_text(q, 7),
            .first_date = {sqlite3_column_int64(q, 8), sqlite3_column_int64(q, 9),
                           tr_prec_from_name(tr_db_col_text(q, 10))},
            .last_date = {sqlite3_column_int64(q, 11), sqlite3_column_int64(q, 12),
                          tr_prec_from_name(tr_db_col_text(q, 13))},
        };
        if (cb(ctx, &p)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "listing people");
}

/* Calls cb for every person, by name. */
tr_status tr_db_people_each(tr_db *db, tr_person_cb cb, void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_PEOPLE_ALL, PERSON_COLS "ORDER BY p.name COLLATE NOCASE, p.id",
                                 err);
    return q ? each_person(db, q, cb, ctx, err) : TR_EIO;
}

/* Calls cb once for person id. */
tr_status tr_db_person_get(tr_db *db, int64_t id, tr_person_cb cb, void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_PERSON_GET, PERSON_COLS "WHERE p.id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, id);
    return each_person(db, q, cb, ctx, err);
}

/* Calls cb with each alias of person id (the canonical name excluded). */
tr_status tr_db_person_aliases(tr_db *db, int64_t id, int (*cb)(void *, const char *), void *ctx,
                               tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_PERSON_ALIASES,
                                 "SELECT a.alias FROM aliases a JOIN people p ON p.id=a.person_id "
                                 "WHERE a.person_id=?1 AND a.alias<>p.name ORDER BY a.alias", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (cb(ctx, tr_db_col_text(q, 0))) {
            rc = SQLITE_DONE;
            break;
        }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "listing aliases");
}

/* Calls cb with each role of person id, by start date. */
tr_status tr_db_person_roles(tr_db *db, int64_t id,
                             int (*cb)(void *, const char *role, const char *from, const char *to),
                             void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_PERSON_ROLES,
                                 "SELECT role, date_from, date_to FROM roles WHERE person_id=?1 "
                                 "ORDER BY from_lo IS NULL, from_lo, id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (cb(ctx, tr_db_col_text(q, 0), tr_db_col_text(q, 1), tr_db_col_text(q, 2))) {
            rc = SQLITE_DONE;
            break;
        }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "listing roles");
}
