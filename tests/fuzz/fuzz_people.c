/*
** fuzz_people.c: libFuzzer target for the people reader and the
** registry behind it.  The input is a people file (JSON Lines); every
** record that reads is upserted into an in-memory store, and then its
** name and every alias must resolve to the person it was stored as, and
** no alias may have moved to someone else (two people are never merged).
** One in-memory store serves the whole run: each input's writes are
** rolled back at its end.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every name of p resolves to id. */
static void check_resolves(tr_db *db, const tr_person_in *p, int64_t id)
{
    int64_t found;
    tr_err e;
    if (tr_db_person_find(db, p->name, &found, &e) != TR_OK || found != id)
        abort();
    for (size_t i = 0; i < p->naliases; i++)
        if (tr_db_person_find(db, p->aliases[i], &found, &e) == TR_OK && found != id)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *fp = fmemopen((void *)data, size ? size : 1, "rb");
    if (!fp)
        return 0;
    if (!size)
        fgetc(fp);
    /* One store for the run; each input's writes are rolled back. */
    static tr_db *db;
    tr_err err;
    if (!db && tr_db_open(":memory:", TR_DB_MEMORY, 1500000000, &db, &err) != TR_OK)
        abort();
    if (tr_db_begin(db, &err) != TR_OK)
        abort();
    tr_input_opts o = {.format = TR_FMT_JSONL, .kind = TR_REC_PERSON, .max_line = 8192};
    tr_input *in;
    if (tr_input_open_fp(fp, "fuzz", &o, &in, &err) == TR_OK) {
        for (int k = 0; k < 10000; k++) {
            tr_record r;
            int eof, created;
            int64_t id;
            const char *aliases[32];
            tr_role_in roles[8];
            tr_person_in p;
            tr_status st = tr_input_next(in, &r, &eof, &err);
            if ((st == TR_OK && eof) || (st != TR_OK && st != TR_EDATA))
                break;
            if (st != TR_OK || tr_person_from_json(r.json, &p, aliases, 32, roles, 8, &err) != TR_OK)
                continue;
            if (tr_db_savepoint(db, &err) != TR_OK)
                abort();
            st = tr_db_person_upsert(db, &p, &id, &created, &err);
            if (st == TR_OK) {
                tr_db_release(db, &err);
                check_resolves(db, &p, id);
            } else {
                tr_db_rollback_to(db);
                if (st != TR_EDATA)
                    abort();
            }
        }
        tr_input_close(in);
    }
    tr_db_rollback(db);
    fclose(fp);
    return 0;
}
