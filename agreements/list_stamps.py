"""Database triggers that move an agreement's `shown_stamp` on whenever its API list row changes.

The agreements list API serves rows rendered ahead of time (agreements.api.list_rows), each
current while its stamp equals the agreement's. What a row shows lives in seven tables, and
they change through services, the admin, bulk `queryset.update()` and set-based SQL alike; only
the database sees every one of those writes, in the transaction that makes it. So:

- any UPDATE of an agreement moves its own stamp on (a row trigger; whatever a save writes to
  the column is replaced by the stored value plus one);
- an UPDATE that changes a master agreement's terms moves its statements of work on, which show
  them where they set none of their own;
- any INSERT, UPDATE or DELETE of parties, amendments and ball passes moves their agreements on;
- a change to a name a row shows moves the agreements that show it: an organization's name (a
  party), a person's first or last name (a signatory), a partnership's title, a user's username,
  first or last name (the owner). Nothing else of those tables is shown, so a user signing in
  (last_login) restamps nothing.

Statement-level triggers with transition tables make a bulk write one UPDATE of the agreements it
touches, not one per row. The agreements are locked in id order, so that two restamps that
overlap wait for each other rather than deadlock; a restamp that finds nothing to move runs no
UPDATE at all, which is also what ends the recursion of restamps through the statements-of-work
trigger. A field that AgreementSerializer starts showing from another table needs its trigger
here; tests/agreements/test_api_list_rows.py changes each of the above and expects the row to
follow.

`install` runs after every `migrate` (a post_migrate receiver, agreements.apps), which also
serves test databases built without migrations. It compares a version stamp first and changes
nothing, taking no lock, when the database already has these definitions; otherwise it replaces
them and drops restamp triggers no longer defined here, in one transaction. Until migration 0008
has added the column (or after it was rolled back, which drops the triggers first) it does
nothing. /healthz reports a database whose triggers are missing or out of date.
"""

import hashlib
from typing import NamedTuple

from django.db import connections, transaction

from agreements.terms import TERM_FIELDS

FUNCTIONS = [
    """
CREATE OR REPLACE FUNCTION agreements_restamp_self() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.shown_stamp := OLD.shown_stamp + 1;
    RETURN NEW;
END $$""",
    # Moves on the stamps of the agreements that the condition (the trigger's argument, a constant
    # of this module) picks, reading the statement's rows as `changed_rows` and, for updates,
    # `previous_rows`; locked in id order first, and only when there are any.
    """
CREATE OR REPLACE FUNCTION agreements_restamp_where() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    EXECUTE 'SELECT array_agg(id) FROM (SELECT id FROM agreements_agreement WHERE ' || TG_ARGV[0]
        || ' ORDER BY id FOR NO KEY UPDATE) AS locked' INTO ids;
    IF ids IS NOT NULL THEN
        UPDATE agreements_agreement SET shown_stamp = shown_stamp + 1 WHERE id = ANY(ids);
    END IF;
    RETURN NULL;
END $$""",
]


class Trigger(NamedTuple):
    name: str
    table: str
    event: str  # timing and event: "AFTER INSERT"
    function: str  # one of FUNCTIONS, with its argument
    referencing: str = ""  # the transition tables
    level: str = "STATEMENT"

    def sql(self) -> str:
        parts = [
            f"CREATE OR REPLACE TRIGGER {self.name} {self.event} ON {self.table}",
            f"REFERENCING {self.referencing}" if self.referencing else "",
            f"FOR EACH {self.level}",
            f"EXECUTE FUNCTION {self.function}",
        ]
        return " ".join(part for part in parts if part)


NEW_ROWS = "NEW TABLE AS changed_rows"
OLD_ROWS = "OLD TABLE AS changed_rows"
BOTH_ROWS = "OLD TABLE AS previous_rows NEW TABLE AS changed_rows"


def _restamp_where(condition: str) -> str:
    assert "'" not in condition, "the condition is written inside a SQL string literal"  # noqa: S101
    return f"agreements_restamp_where('{condition}')"


def _changed(columns: list[str]) -> str:
    """Ids of the statement's rows whose `columns` changed; e.g. for ["name"]: the organizations renamed."""
    after = ", ".join(f"n.{column}" for column in columns)
    before = ", ".join(f"o.{column}" for column in columns)
    rows = "changed_rows n JOIN previous_rows o ON o.id = n.id"
    return f"SELECT n.id FROM {rows} WHERE ({after}) IS DISTINCT FROM ({before})"  # noqa: S608 - constants


def _rows_of_agreements(table: str) -> list[Trigger]:
    """Parties, amendments, ball passes: whatever happens to them, their agreements move on."""
    by_agreement = "id IN (SELECT agreement_id FROM changed_rows)"
    by_agreement_before_and_after = (
        "id IN (SELECT agreement_id FROM changed_rows UNION SELECT agreement_id FROM previous_rows)"
    )
    return [
        Trigger(f"{table}_insert_restamp", table, "AFTER INSERT", _restamp_where(by_agreement), NEW_ROWS),
        Trigger(
            f"{table}_update_restamp", table, "AFTER UPDATE", _restamp_where(by_agreement_before_and_after), BOTH_ROWS
        ),
        Trigger(f"{table}_delete_restamp", table, "AFTER DELETE", _restamp_where(by_agreement), OLD_ROWS),
    ]


def _renames(table: str, agreements: str, columns: list[str]) -> Trigger:
    """The agreements that `agreements` picks ({ids}: the rows whose `columns` changed) move on."""
    condition = agreements.format(ids=_changed(columns))
    return Trigger(f"{table}_rename_restamp", table, "AFTER UPDATE", _restamp_where(condition), BOTH_ROWS)


PARTIES_WITH = "id IN (SELECT agreement_id FROM agreements_agreementparty WHERE {column} IN ({{ids}}))"

TRIGGERS = [
    Trigger(
        "agreements_agreement_restamp",
        "agreements_agreement",
        "BEFORE UPDATE",
        "agreements_restamp_self()",
        level="ROW",
    ),
    Trigger(
        "agreements_agreement_statements_of_work_restamp",
        "agreements_agreement",
        "AFTER UPDATE",
        _restamp_where(f"parent_id IN ({_changed(list(TERM_FIELDS))})"),
        BOTH_ROWS,
    ),
    *_rows_of_agreements("agreements_agreementparty"),
    *_rows_of_agreements("agreements_amendment"),
    *_rows_of_agreements("agreements_ballchange"),
    _renames("partnerships_organization", PARTIES_WITH.format(column="organization_id"), ["name"]),
    _renames("people_person", PARTIES_WITH.format(column="signatory_id"), ["first_name", "last_name"]),
    _renames("partnerships_partnership", "partnership_id IN ({ids})", ["title"]),
    _renames("accounts_user", "owner_id IN ({ids})", ["username", "first_name", "last_name"]),
]

STATEMENTS = [*FUNCTIONS, *(trigger.sql() for trigger in TRIGGERS)]
VERSION = hashlib.sha256("\n".join(STATEMENTS).encode()).hexdigest()[:16]
# Where the installed version is noted: the comment of the function every trigger but one calls.
VERSION_HOLDER = "agreements_restamp_where()"
# Triggers of ours are known by this ending: those no longer in TRIGGERS are dropped.
SUFFIX = "_restamp"


def installed_version(using: str = "default") -> str | None:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT obj_description(to_regprocedure(%s), 'pg_proc')", [VERSION_HOLDER])
        return cursor.fetchone()[0]


def install(using: str = "default") -> bool:
    """Bring the database's triggers to this module's; False while there is no column to stamp."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'agreements_agreement' "
            "AND column_name = 'shown_stamp' AND table_schema = current_schema()"
        )
        if cursor.fetchone() is None:
            return False
    if installed_version(using) == VERSION:
        return True
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in STATEMENTS:
            cursor.execute(statement)
        for name, table in _installed_triggers(cursor):
            if name not in {trigger.name for trigger in TRIGGERS}:
                cursor.execute(f'DROP TRIGGER "{name}" ON "{table}"')
        cursor.execute(f"COMMENT ON FUNCTION {VERSION_HOLDER} IS %s", [VERSION])
    return True


def uninstall(using: str = "default") -> None:
    """Drop every restamp trigger and both functions: what migration 0008 does when rolled back,
    before it drops the column they write."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for name, table in _installed_triggers(cursor):
            cursor.execute(f'DROP TRIGGER "{name}" ON "{table}"')
        cursor.execute("DROP FUNCTION IF EXISTS agreements_restamp_where()")
        cursor.execute("DROP FUNCTION IF EXISTS agreements_restamp_self()")


def _installed_triggers(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND t.tgname LIKE %s",
        ["%\\" + SUFFIX],
    )
    return cursor.fetchall()


def install_after_migrate(sender, using="default", **kwargs) -> None:
    install(using)


def check_installed() -> None:
    """/healthz: without the triggers the agreements list API could serve rows older than their agreements."""
    if installed_version() != VERSION:
        raise RuntimeError("agreement list row triggers are missing or out of date: run manage.py migrate")
