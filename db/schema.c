/*
** schema.c: the store's schema as forward-only migrations.
**
** Migration i (1-based) moves a database from PRAGMA user_version i-1 to
** i.  A migration is never edited once released; a change to the schema
** is a new migration appended here.
*/
#include "internal.h"

static const char *const migrations[] = {
    /* 1: the timeline store. */
    "CREATE TABLE people("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person','group','anonymous')),"
    "  side TEXT,"
    "  created_at INTEGER NOT NULL"
    ");"
    /* Every name a person is known by, the canonical one included, under its
       folded key: one lookup resolves names and aliases alike. */
    "CREATE TABLE aliases("
    "  key TEXT PRIMARY KEY,"
    "  alias TEXT NOT NULL,"
    "  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE"
    ") WITHOUT ROWID;"
    "CREATE INDEX aliases_person ON aliases(person_id);"
    "CREATE TABLE roles("
    "  id INTEGER PRIMARY KEY,"
    "  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
    "  role TEXT NOT NULL,"
    "  date_from TEXT, from_lo INTEGER,"
    "  date_to TEXT, to_hi INTEGER,"
    "  UNIQUE (person_id, role, date_from)"
    ");"
    "CREATE TABLE sources("
    "  id INTEGER PRIMARY KEY,"
    "  key BLOB NOT NULL UNIQUE,"
    "  publisher TEXT,"
    "  title TEXT,"
    "  url TEXT,"
    "  published TEXT, published_lo INTEGER, published_hi INTEGER,"
    "  content_hash TEXT,"
    "  raw TEXT,"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE statements("
    "  id INTEGER PRIMARY KEY,"
    "  hash BLOB NOT NULL UNIQUE,"
    "  ext_id TEXT,"
    "  person_id INTEGER NOT NULL REFERENCES people(id),"
    "  source_id INTEGER REFERENCES sources(id),"
    "  text TEXT NOT NULL,"
    "  mode TEXT NOT NULL DEFAULT 'direct' CHECK (mode IN ('direct','reported')),"
    "  date_text TEXT NOT NULL,"
    "  date_lo INTEGER NOT NULL,"
    "  date_hi INTEGER NOT NULL,"
    "  date_prec TEXT NOT NULL,"
    "  side TEXT, role TEXT, url TEXT,"
    "  span_start INTEGER, span_end INTEGER, cue TEXT, date_expr TEXT,"
    "  ingested_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX statements_person_date ON statements(person_id, date_lo);"
    "CREATE INDEX statements_ingested ON statements(ingested_at);"
    "CREATE VIRTUAL TABLE statements_fts USING fts5("
    "  text, content='statements', content_rowid='id',"
    "  tokenize='unicode61 remove_diacritics 2');"
    "CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN"
    "  INSERT INTO statements_fts(rowid, text) VALUES (new.id, new.text);"
    "END;"
    "CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN"
    "  INSERT INTO statements_fts(statements_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    "END;"
    "CREATE TRIGGER statements_au AFTER UPDATE OF text ON statements BEGIN"
    "  INSERT INTO statements_fts(statements_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    "  INSERT INTO statements_fts(rowid, text) VALUES (new.id, new.text);"
    "END;"
    "CREATE TABLE runs("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  started_at INTEGER NOT NULL,"
    "  finished_at INTEGER,"
    "  ruleset_hash TEXT,"
    "  stats TEXT"
    ");",

    /* 2: the rule engine's conclusions.  Assertions are kept for the rule
       set of the latest scan only (a new rule set re-classifies); findings
       keep their own copy of the evidence so they outlive rule changes. */
    "CREATE TABLE scan_state("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  ruleset TEXT NOT NULL,"
    "  last_statement_id INTEGER NOT NULL,"
    "  since_run INTEGER NOT NULL"
    ");"
    "CREATE TABLE assertions("
    "  id INTEGER PRIMARY KEY,"
    "  statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,"
    "  topic TEXT NOT NULL,"
    "  stance TEXT NOT NULL CHECK (stance IN ('affirm','deny')),"
    "  cue TEXT NOT NULL, cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL,"
    "  negation TEXT, hedge TEXT,"
    "  person_id INTEGER NOT NULL,"
    "  side TEXT,"
    "  mode TEXT NOT NULL,"
    "  date_lo INTEGER NOT NULL, date_hi INTEGER NOT NULL,"
    "  UNIQUE (statement_id, topic)"
    ");"
    "CREATE INDEX assertions_topic ON assertions(topic, stance, date_lo);"
    "CREATE INDEX assertions_person ON assertions(topic, person_id, stance, date_lo);"
    "CREATE TABLE findings("
    "  id TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('reversal','contradiction')),"
    "  rule TEXT NOT NULL,"
    "  topic TEXT NOT NULL,"
    "  severity TEXT NOT NULL,"
    "  order_certain INTEGER NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','open','acknowledged','dismissed')),"
    "  reason TEXT,"
    "  ruleset TEXT NOT NULL,"
    "  first_run INTEGER NOT NULL REFERENCES runs(id),"
    "  last_run INTEGER NOT NULL REFERENCES runs(id),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX findings_last_run ON findings(last_run);"
    "CREATE INDEX findings_first_run ON findings(first_run);"
    "CREATE TABLE finding_statements("
    "  finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  statement_id INTEGER NOT NULL REFERENCES statements(id),"
    "  stance TEXT NOT NULL,"
    "  cue TEXT, cue_start INTEGER, cue_end INTEGER, negation TEXT, hedge TEXT,"
    "  PRIMARY KEY (finding_id, position)"
    ") WITHOUT ROWID;"
    "CREATE INDEX finding_statements_statement ON finding_statements(statement_id);"
    "CREATE INDEX runs_kind ON runs(kind, id);",

    /* 3: the full-text index is filled once per transaction, at commit,
       not by a trigger per row (FTS5 flushes its pending terms at every
       statement-level savepoint, so the trigger made one tiny segment a
       row); meta keeps the widest statement date interval, the bound a
       date-window query needs to use the (person_id, date_lo) index. */
    "DROP TRIGGER statements_ai;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO meta(key, value) "
    "  SELECT 'max_span', coalesce(max(date_hi - date_lo), 0) FROM statements;",

    /* 4: findings as episodes, and their history.  A finding belongs to a
       group the detector recomputes as a whole (grp: the speaker's person
       id for a reversal, the two sides "A|B" for a dispute); it carries its
       runs or sides (support, JSON) and a digest of what it holds
       (evidence); retired_run is the scan whose recomputation no longer
       found it (NULL: live).  finding_statements says which statements
       decide it (deciding: the nearest opposing pair, or the last before
       and the first after the change); assertions_topic gains date_hi.
       finding_events is each finding's
       lifecycle: found, status changes (who, when, why), retired. */
    "ALTER TABLE findings ADD COLUMN grp TEXT;"
    "ALTER TABLE findings ADD COLUMN support TEXT;"
    "ALTER TABLE findings ADD COLUMN evidence TEXT;"
    "ALTER TABLE findings ADD COLUMN retired_run INTEGER;"
    "ALTER TABLE finding_statements ADD COLUMN deciding INTEGER NOT NULL DEFAULT 1;"
    "CREATE INDEX findings_group ON findings(rule, grp);"
    /* a dispute reads the assertions near a date: date_hi in the index
       lets the store skip, without reading their rows, the ones whose
       interval ends before the window opens */
    "DROP INDEX assertions_topic;"
    "CREATE INDEX assertions_topic ON assertions(topic, stance, date_lo, date_hi);"
    "CREATE TABLE finding_events("
    "  id INTEGER PRIMARY KEY,"
    "  finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL,"
    "  actor TEXT,"
    "  action TEXT NOT NULL CHECK (action IN ('found','status','retired','revived')),"
    "  from_status TEXT,"
    "  to_status TEXT,"
    "  reason TEXT,"
    "  run INTEGER"
    ");"
    "CREATE INDEX finding_events_finding ON finding_events(finding_id, id);"
    /* what older stores know of each finding's history: when it was found,
       and its last status change with its reason */
    "INSERT INTO finding_events(finding_id, at, action, to_status, run) "
    "  SELECT id, created_at, 'found', 'new', first_run FROM findings ORDER BY created_at, id;"
    "INSERT INTO finding_events(finding_id, at, action, to_status, reason) "
    "  SELECT id, updated_at, 'status', status, reason FROM findings "
    "  WHERE status IN ('acknowledged','dismissed') ORDER BY updated_at, id;",

    /* 5: what extract keeps beside a statement's text: the sentence that
       frames it (context: "Asked about Keystone, Clinton said ...", so a
       rule can find a topic the quote itself calls "it") and its parts
       (spans: a JSON array of [start, end] byte pairs, for a quote split
       around its attribution); a person's grammatical gender (gender:
       "f", "m" or "n"), which lets a pronoun go to the right speaker. */
    "ALTER TABLE statements ADD COLUMN context TEXT;"
    "ALTER TABLE statements ADD COLUMN spans TEXT;"
    "ALTER TABLE people ADD COLUMN gender TEXT CHECK (gender IN ('f','m','n'));",

    /* 6: search people can type: the full-text index stems its words with
       FTS5's porter tokenizer over unicode61 (so 'talks' finds 'talking'),
       rebuilt from the statements; statements_date orders a search by date
       and the whole timeline (history --all) without a sort. */
    "DROP TABLE statements_fts;"
    "CREATE VIRTUAL TABLE statements_fts USING fts5("
    "  text, content='statements', content_rowid='id',"
    "  tokenize='porter unicode61 remove_diacritics 2');"
    "INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');"
    "CREATE INDEX statements_date ON statements(date_lo);",
};

/* The statement that records each version, written out (a PRAGMA cannot
** be bound, and SQL is never formatted): one per migration. */
#define VERSION_SQL(n) "PRAGMA user_version=" #n
static const char *const version_sql[] = {VERSION_SQL(1), VERSION_SQL(2), VERSION_SQL(3),
                                          VERSION_SQL(4), VERSION_SQL(5), VERSION_SQL(6)};
_Static_assert(sizeof version_sql / sizeof version_sql[0] == sizeof migrations / sizeof migrations[0],
               "every migration needs its VERSION_SQL line");

/* The statement that records schema version v (1-based). */
const char *tr_db_version_sql(int v)
{
    return version_sql[v - 1];
}

/* The number of migrations: the schema version a current store has. */
int tr_db_schema_version(void)
{
    return (int)(sizeof migrations / sizeof migrations[0]);
}

/* The SQL of migration v (1-based), or NULL past the last. */
const char *tr_db_migration(int v)
{
    return v >= 1 && v <= tr_db_schema_version() ? migrations[v - 1] : NULL;
}
