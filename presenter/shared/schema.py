"""The shared store's schema in PostgreSQL, created and migrated by the program.

Everything lives in the `presenter` schema:

- `events`: one row per event (`--event NAME`), with the deck it runs;
- `rooms`: one row per room of an event, with the instance (the room's local
  store) that feeds it and `applied_seq`, how far its outbox has been applied;
  written in the same transaction as each batch, so a restarted forwarder
  resumes where the last commit left it;
- `ballots`: the latest version of each device's ballot, keyed by (event,
  poll, room, device); `version` is the room's outbox sequence number, and an
  upsert only replaces a row with a *lower* version, so a replay changes
  nothing and a removal (a row with NULL `choices`, kept as a tombstone) is
  never resurrected by a late, older copy;
- `counts` and `voters`: per-room counters, kept by statement-level triggers
  on `ballots` in the same transaction (one set-based update per batch).

Migrations are numbered like the local store's, applied under an advisory
lock so that rooms starting together do not race.
"""

from __future__ import annotations

from typing import Any

# Each entry moves the schema from version i to i + 1. Never edit a released
# entry: add a new one.
_COUNT_BODY = """
    INSERT INTO presenter.counts AS c (event, poll, room, source, option, position, ballots)
    SELECT event, poll, room, source, option, position, sum(delta)
    FROM ({changes}) AS d
    GROUP BY event, poll, room, source, option, position
    HAVING sum(delta) <> 0
    ON CONFLICT (event, poll, room, source, option, position)
    DO UPDATE SET ballots = c.ballots + excluded.ballots;
    INSERT INTO presenter.voters AS v (event, poll, room, source, voters)
    SELECT event, poll, room, source, sum(delta)
    FROM ({voters}) AS d
    GROUP BY event, poll, room, source
    HAVING sum(delta) <> 0
    ON CONFLICT (event, poll, room, source) DO UPDATE SET voters = v.voters + excluded.voters;
    RETURN NULL;
"""
_PICKS = """
    SELECT t.event, t.poll, t.room, t.source, e.option, e.ord - 1 AS position, {sign} AS delta
    FROM {table} AS t
    CROSS JOIN LATERAL jsonb_array_elements_text(t.choices) WITH ORDINALITY AS e(option, ord)
"""
_HANDS = "SELECT event, poll, room, source, {sign} AS delta FROM {table} WHERE choices IS NOT NULL"


def _count_function(name: str, *, with_old: bool) -> str:
    changes = _PICKS.format(sign=1, table="new_rows")
    voters = _HANDS.format(sign=1, table="new_rows")
    if with_old:
        changes += " UNION ALL " + _PICKS.format(sign=-1, table="old_rows")
        voters += " UNION ALL " + _HANDS.format(sign=-1, table="old_rows")
    body = _COUNT_BODY.format(changes=changes, voters=voters)
    return (
        f"CREATE FUNCTION presenter.{name}() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
        f"BEGIN{body}END\n$body$"
    )


MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE presenter.events (
            event   text PRIMARY KEY,
            deck    text NOT NULL,
            created timestamptz NOT NULL DEFAULT now()
        )""",
        """CREATE TABLE presenter.rooms (
            event       text NOT NULL REFERENCES presenter.events (event) ON DELETE CASCADE,
            room        text NOT NULL,
            instance    text NOT NULL,
            applied_seq bigint NOT NULL DEFAULT 0,
            joined      timestamptz NOT NULL DEFAULT now(),
            updated     timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (event, room)
        )""",
        """CREATE TABLE presenter.ballots (
            event   text NOT NULL,
            poll    text NOT NULL,
            room    text NOT NULL,
            device  text NOT NULL,
            version bigint NOT NULL,
            source  text NOT NULL,
            choices jsonb,
            PRIMARY KEY (event, poll, room, device),
            FOREIGN KEY (event, room) REFERENCES presenter.rooms (event, room) ON DELETE CASCADE
        )""",
        """CREATE TABLE presenter.counts (
            event    text NOT NULL,
            poll     text NOT NULL,
            room     text NOT NULL,
            source   text NOT NULL,
            option   text NOT NULL,
            position integer NOT NULL,
            ballots  bigint NOT NULL,
            PRIMARY KEY (event, poll, room, source, option, position)
        )""",
        """CREATE TABLE presenter.voters (
            event  text NOT NULL,
            poll   text NOT NULL,
            room   text NOT NULL,
            source text NOT NULL,
            voters bigint NOT NULL,
            PRIMARY KEY (event, poll, room, source)
        )""",
        _count_function("count_inserted", with_old=False),
        _count_function("count_updated", with_old=True),
        """CREATE TRIGGER ballots_counted_on_insert AFTER INSERT ON presenter.ballots
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION presenter.count_inserted()""",
        """CREATE TRIGGER ballots_counted_on_update AFTER UPDATE ON presenter.ballots
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION presenter.count_updated()""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
_LOCK_KEY = 0x70726573  # any constant: the advisory lock that serialises migrations


class SchemaTooNew(Exception):
    """The database was migrated by a newer presenter."""


def migrate(conn: Any) -> int:
    """Bring the `presenter` schema up to date (idempotent, safe to run from many rooms)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute("CREATE SCHEMA IF NOT EXISTS presenter")
        conn.execute("CREATE TABLE IF NOT EXISTS presenter.schema_version (version integer)")
        row = conn.execute("SELECT max(version) FROM presenter.schema_version").fetchone()
        version = int(row[0] or 0)
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"the shared store was set up by a newer presenter (schema {version}, "
                f"this one knows {SCHEMA_VERSION}); upgrade presenter in this room"
            )
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                conn.execute(statement)
            conn.execute("INSERT INTO presenter.schema_version VALUES (%s)", (number + 1,))
    return SCHEMA_VERSION
