"""Database triggers that move an agreement's `shown_stamp` on whenever its API list row changes.

The agreements list API serves rows rendered ahead of time (agreements.api.list_rows), each
current while its stamp equals the agreement's. What a row shows lives in seven tables, and
they change through services, the admin, bulk `queryset.update()` and set-based SQL alike; only
the database sees every one of those writes, in the transaction that makes it. So:

- any UPDATE of an agreement moves its own stamp on (a row trigger; whatever a save writes to
  the column is replaced by the stored value plus one);
- an UPDATE of agreements made by a statement of its own (not by these triggers) moves their
  statements of work on too, which show their master's terms;
- any INSERT, UPDATE or DELETE of parties, amendments and ball passes moves their agreements on;
- a change to a name a row shows moves the agreements that show it: an organization's name (a
  party), a person's first or last name (a signatory), a partnership's title, a user's username,
  first or last name (the owner). Other columns of those tables are not shown, so a user signing
  in (last_login) restamps nothing.

Statement-level triggers with transition tables make a bulk write one UPDATE of the agreements
it touches, not one per row. A field added to AgreementSerializer from another table needs its
trigger here: tests/agreements/test_api_list_rows.py changes every shown column and expects the
row to follow.

Installed after every `migrate` (a post_migrate receiver in agreements.apps), which also serves
test databases built without migrations; CREATE OR REPLACE makes it idempotent. Functions and
triggers travel with pg_dump, so a restored backup has them.
"""

from typing import NamedTuple

from django.db import connections

RESTAMP_SELF = """
CREATE OR REPLACE FUNCTION agreements_restamp_self() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.shown_stamp := OLD.shown_stamp + 1;
    RETURN NEW;
END $$;
"""

# Moves on the stamps of the agreements that the condition (the trigger's argument, a constant of
# this module) picks, reading the statement's rows as `changed_rows` and, for updates, `previous_rows`.
RESTAMP_WHERE = """
CREATE OR REPLACE FUNCTION agreements_restamp_where() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'UPDATE agreements_agreement SET shown_stamp = shown_stamp + 1 WHERE ' || TG_ARGV[0];
    RETURN NULL;
END $$;
"""

BY_AGREEMENT_ID = "id IN (SELECT agreement_id FROM changed_rows)"
BY_AGREEMENT_ID_BEFORE_AND_AFTER = (
    "id IN (SELECT agreement_id FROM changed_rows UNION SELECT agreement_id FROM previous_rows)"
)


class Trigger(NamedTuple):
    name: str
    table: str
    event: str  # timing and event: "AFTER INSERT"
    function: str  # one of the two above, with its argument
    referencing: str = ""  # the transition tables
    level: str = "STATEMENT"
    when: str = ""

    def sql(self) -> str:
        parts = [
            f"CREATE OR REPLACE TRIGGER {self.name} {self.event} ON {self.table}",
            f"REFERENCING {self.referencing}" if self.referencing else "",
            f"FOR EACH {self.level}",
            f"WHEN ({self.when})" if self.when else "",
            f"EXECUTE FUNCTION {self.function}",
        ]
        return " ".join(part for part in parts if part)


NEW_ROWS = "NEW TABLE AS changed_rows"
OLD_ROWS = "OLD TABLE AS changed_rows"
BOTH_ROWS = "OLD TABLE AS previous_rows NEW TABLE AS changed_rows"


def _restamp_where(condition: str) -> str:
    return f"agreements_restamp_where('{condition}')"


def _rows_of_agreements(table: str) -> list[Trigger]:
    return [
        Trigger(f"{table}_insert_restamp", table, "AFTER INSERT", _restamp_where(BY_AGREEMENT_ID), NEW_ROWS),
        Trigger(
            f"{table}_update_restamp",
            table,
            "AFTER UPDATE",
            _restamp_where(BY_AGREEMENT_ID_BEFORE_AND_AFTER),
            BOTH_ROWS,
        ),
        Trigger(f"{table}_delete_restamp", table, "AFTER DELETE", _restamp_where(BY_AGREEMENT_ID), OLD_ROWS),
    ]


def _renames(name: str, table: str, agreements: str, columns: str) -> Trigger:
    """Restamps `agreements` (a condition on agreements_agreement around {ids}) of the rows whose
    `columns` changed."""
    rows = "changed_rows n JOIN previous_rows o ON o.id = n.id"
    before = columns.replace("n.", "o.")
    changed_ids = f"SELECT n.id FROM {rows} WHERE ({columns}) IS DISTINCT FROM ({before})"  # noqa: S608 - constants
    return Trigger(name, table, "AFTER UPDATE", _restamp_where(agreements.format(ids=changed_ids)), BOTH_ROWS)


PARTIES_OF = "id IN (SELECT agreement_id FROM agreements_agreementparty WHERE {column} IN ({{ids}}))"

TRIGGERS = [
    Trigger(
        "agreements_agreement_restamp",
        "agreements_agreement",
        "BEFORE UPDATE",
        "agreements_restamp_self()",
        level="ROW",
    ),
    # pg_trigger_depth() = 0: statements of their own only. The restamps below update agreements
    # too, and what they change (the stamp) is nothing a statement of work shows of its master.
    Trigger(
        "agreements_agreement_restamp_statements_of_work",
        "agreements_agreement",
        "AFTER UPDATE",
        _restamp_where("parent_id IN (SELECT id FROM changed_rows)"),
        NEW_ROWS,
        when="pg_trigger_depth() = 0",
    ),
    *_rows_of_agreements("agreements_agreementparty"),
    *_rows_of_agreements("agreements_amendment"),
    *_rows_of_agreements("agreements_ballchange"),
    _renames(
        "partnerships_organization_rename_restamp",
        "partnerships_organization",
        PARTIES_OF.format(column="organization_id"),
        "n.name",
    ),
    _renames(
        "people_person_rename_restamp",
        "people_person",
        PARTIES_OF.format(column="signatory_id"),
        "n.first_name, n.last_name",
    ),
    _renames(
        "partnerships_partnership_retitle_restamp", "partnerships_partnership", "partnership_id IN ({ids})", "n.title"
    ),
    _renames(
        "accounts_user_rename_restamp", "accounts_user", "owner_id IN ({ids})", "n.username, n.first_name, n.last_name"
    ),
]


def install(using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(RESTAMP_SELF)
        cursor.execute(RESTAMP_WHERE)
        for trigger in TRIGGERS:
            cursor.execute(trigger.sql())


def install_after_migrate(sender, using="default", **kwargs) -> None:
    install(using)
