# ruff: noqa: S608 - SQL here is assembled from this module's constants and introspected column names.
"""A synthetic portfolio for benchmarks, written with set-based SQL.

At scale 1: 10,000 organizations, 10,000 partnerships, 200,000 agreements, 1,000,000 outputs,
50,000 people and placements (plus members, parties, ball passes, funding, payments, income).

One template row per table is created through the ORM (so every NOT NULL column has a valid
value), then cloned N times with INSERT ... SELECT ... FROM generate_series, overriding the
columns that must vary. No Python loop over rows; no signals (so no recompute per row: the
caller runs one full recompute afterwards).
"""

import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection, transaction

from accounts.models import Role, User
from agreements.models import Agreement
from outputs.models import Output, OutputKind
from partnerships.models import FundingCommitment, Organization, Partnership, PartnershipModel, Payment
from people.models import Person, Placement

SIZES = {
    "organizations": 10_000,
    "partnerships": 10_000,
    "agreements": 200_000,
    "outputs": 1_000_000,
    "people": 50_000,
}
# One organization in ten is a university, the academic lead every partnership and placement
# needs: below 10 organizations there is none, and the portfolio would have no members' funding
# from a university and no placements at all.
MIN_SCALE = 0.001
OUTPUT_KINDS = [kind.value for kind in OutputKind]
MODELS = [model.value for model in PartnershipModel]
PHASES = ["pilot", "active", "active", "expanding", "renewal", "closed"]


@dataclass
class LoadResult:
    tag: str
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [column.name for column in connection.introspection.get_table_description(cursor, table)]


def _clone(table: str, template_id: int, n: int, overrides: dict[str, str], *, source: str = "") -> int:
    """Insert `n` copies of row `template_id` of `table`, with `overrides` as SQL over `g` (1..n).

    `source` may add FROM items (CTEs named in overrides); the template row is `t`.
    """
    columns = [name for name in _columns(table) if name != "id"]
    select = ", ".join(overrides.get(name, f"t.{name}") for name in columns)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {select} FROM {table} t CROSS JOIN generate_series(1, %s) AS g {source} WHERE t.id = %s"
    )
    return _execute(sql, [n, template_id])


def _clone_over(table: str, template_id: int, rows: str, overrides: dict[str, str]) -> int:
    """Insert one copy of row `template_id` of `table` per row of the query `rows` (aliased `r`).

    Columns not overridden are copied from the template, so columns other apps add later keep
    working without changes here.
    """
    columns = [name for name in _columns(table) if name != "id"]
    select = ", ".join(overrides.get(name, f"t.{name}") for name in columns)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {select} FROM {table} t CROSS JOIN ({rows}) r WHERE t.id = %s"
    )
    return _execute(sql, [template_id])


def _ids(table: str, where: str, params) -> str:
    """A CTE body numbering the rows (rn from 0) so clones can pick the i-th one arithmetically."""
    return f"SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM {table} WHERE {where}"


def _execute(sql: str, params=None) -> int:
    # The driver formats with %: the SQL's modulo operators (always " % ") are escaped here.
    with connection.cursor() as cursor:
        cursor.execute(sql.replace(" % ", " %% "), params or [])
        return cursor.rowcount


def generate(scale: float, *, stdout=None) -> LoadResult:
    if scale < MIN_SCALE:
        raise ValueError(f"The scale must be at least {MIN_SCALE} (10 organizations, one a university).")
    started = time.perf_counter()
    tag = f"L{int(time.time() * 1000) % 10**10}"
    n = {key: max(2, int(size * scale)) for key, size in SIZES.items()}
    result = LoadResult(tag=tag)

    def say(message):
        if stdout:
            stdout.write(f"  {message} ({time.perf_counter() - started:.1f}s)")

    with transaction.atomic():
        owner = User.objects.filter(role__in=[Role.STAFF, Role.ADMIN]).first() or User.objects.create(
            username=f"{tag}-owner", role=Role.STAFF
        )
        org = Organization.objects.create(name=f"{tag} template org", kind="company")
        partnership = Partnership.objects.create(title=f"{tag} template", model=MODELS[0], owner=owner)
        person = Person.objects.create(first_name="Load", last_name=tag, kind="phd_student")
        host = Organization.objects.create(name=f"{tag} template host", kind="company")
        placement = Placement.objects.create(
            person=person, kind="internship", home_organization=org, host_organization=host, start_date=date(2020, 1, 1)
        )
        # Templates only: an agreement and an output whose NOT NULL columns the clones copy.
        agreement = Agreement.objects.create(
            partnership=partnership, kind="sponsored_research", title="t", reference=f"{tag}-T", owner=owner
        )
        output = Output.objects.create(partnership=partnership, kind="publication", title="t", date=date(2020, 1, 1))
        commitment = FundingCommitment.objects.create(
            partnership=partnership, source=org, mechanism="direct_sponsorship", amount=Decimal(1)
        )
        payment = Payment.objects.create(commitment=commitment, amount=Decimal(1), received_on=date(2020, 1, 1))

        # Organizations: one in ten a university.
        result.counts["organizations"] = _clone(
            "partnerships_organization",
            org.pk,
            n["organizations"],
            {
                "name": f"'{tag} org ' || g",
                "kind": "CASE WHEN g % 10 = 0 THEN 'university' ELSE 'company' END",
            },
        )
        say(f"{n['organizations']} organizations")
        unis = _ids("partnerships_organization", f"name LIKE '{tag} org %%' AND kind = 'university'", None)
        companies = _ids("partnerships_organization", f"name LIKE '{tag} org %%' AND kind = 'company'", None)

        result.counts["partnerships"] = _clone(
            "partnerships_partnership",
            partnership.pk,
            n["partnerships"],
            {
                "title": f"'{tag} partnership ' || g",
                "model": f"(ARRAY{MODELS})[1 + g % {len(MODELS)}]",
                "phase": f"(ARRAY{PHASES})[1 + g % {len(PHASES)}]",
                "start_date": "DATE '2016-01-01' + (g * 37 % 3000)",
                "end_date": "DATE '2016-01-01' + (g * 37 % 3000) + 1095",
            },
        )
        say(f"{n['partnerships']} partnerships")
        parts = _ids("partnerships_partnership", f"title LIKE '{tag} partnership %%'", None)

        # Members: an academic lead (a university) and a lead sponsor (a company) each.
        _execute(
            f"""
            WITH p AS ({parts}), u AS ({unis}), c AS ({companies}),
                 nu AS (SELECT count(*) AS k FROM u), nc AS (SELECT count(*) AS k FROM c)
            INSERT INTO partnerships_partnershipmember (partnership_id, organization_id, role, joined_on)
            SELECT p.id, u.id, 'academic_lead', NULL::date FROM p, nu, u WHERE u.rn = p.rn % nu.k
            UNION ALL
            SELECT p.id, c.id, 'lead_sponsor', NULL::date FROM p, nc, c WHERE c.rn = (p.rn * 7) % nc.k
            """
        )
        say("members")

        # Funding: sponsorship (lead sponsor) and matching (academic lead) per partnership, two payments each.
        _clone_over(
            "partnerships_fundingcommitment",
            commitment.pk,
            f"""SELECT m.partnership_id, m.organization_id, m.role, m.id, p.start_date, p.end_date
                FROM partnerships_partnershipmember m JOIN partnerships_partnership p ON p.id = m.partnership_id
                WHERE p.title LIKE '{tag} partnership %%'""",
            {
                "partnership_id": "r.partnership_id",
                "source_id": "r.organization_id",
                "mechanism": "CASE WHEN r.role = 'lead_sponsor' THEN 'direct_sponsorship' ELSE 'matching_funds' END",
                "amount": "10000 + (r.id % 50) * 1000",
                "start_date": "r.start_date",
                "end_date": "r.end_date",
            },
        )
        _clone_over(
            "partnerships_payment",
            payment.pk,
            f"""SELECT f.id, f.start_date + k * 200 AS received_on, f.amount / 2 AS amount
                FROM partnerships_fundingcommitment f JOIN partnerships_partnership p ON p.id = f.partnership_id
                CROSS JOIN generate_series(0, 1) AS k
                WHERE p.title LIKE '{tag} partnership %%' AND f.id <> {commitment.pk}""",
            {"commitment_id": "r.id", "received_on": "r.received_on", "amount": "r.amount"},
        )
        say("funding and payments")

        statuses = ["executed", "executed", "executed", "negotiation", "draft", "expired", "terminated"]
        result.counts["agreements"] = _clone(
            "agreements_agreement",
            agreement.pk,
            n["agreements"],
            {
                "partnership_id": "p.id",
                "reference": f"'{tag}-' || g",
                "title": f"'{tag} agreement ' || g",
                "status": f"(ARRAY{statuses})[1 + g % {len(statuses)}]",
                "first_draft_at": "TIMESTAMPTZ '2016-01-01' + (g * 13 % 3300) * INTERVAL '1 day'",
                "executed_at": f"CASE WHEN (ARRAY{statuses})[1 + g % {len(statuses)}] IN "
                "('executed', 'expired', 'terminated') THEN TIMESTAMPTZ '2016-01-01' + "
                "((g * 13 % 3300) + 5 + g % 150) * INTERVAL '1 day' END",
                "effective_date": "NULL",
                "expiry_date": "DATE '2016-01-01' + (g * 13 % 3300) + 900",
            },
            source=f"JOIN ({parts}) p ON p.rn = g % {n['partnerships']}",
        )
        say(f"{n['agreements']} agreements")
        _execute(
            f"""
            INSERT INTO agreements_agreementparty (agreement_id, organization_id, signatory_id, signed_on)
            SELECT a.id, m.organization_id, NULL, NULL
            FROM agreements_agreement a JOIN partnerships_partnershipmember m ON m.partnership_id = a.partnership_id
            WHERE a.reference LIKE '{tag}-%%' AND a.reference <> '{tag}-T'
            """
        )
        _execute(
            f"""
            INSERT INTO agreements_ballchange (agreement_id, holder, since, actor_id, note)
            SELECT a.id, CASE WHEN k = 0 THEN 'tto' ELSE 'sponsor' END,
                   a.first_draft_at + k * (COALESCE(a.executed_at, a.first_draft_at + INTERVAL '20 days')
                                           - a.first_draft_at) / 2, NULL, ''
            FROM agreements_agreement a CROSS JOIN generate_series(0, 1) AS k
            WHERE a.reference LIKE '{tag}-%%' AND a.reference <> '{tag}-T'
            """
        )
        say("parties and ball passes")

        result.counts["outputs"] = _clone(
            "metrics_output",
            output.pk,
            n["outputs"],
            {
                "partnership_id": "p.id",
                "kind": f"(ARRAY{OUTPUT_KINDS})[1 + g % {len(OUTPUT_KINDS)}]",
                "title": f"'{tag} output ' || g",
                "date": "DATE '2016-01-01' + (g * 7 % 3600)",
                "citations": "CASE WHEN g % 11 IN (0, 1) THEN g % 40 ELSE 0 END",
            },
            source=f"JOIN ({parts}) p ON p.rn = g % {n['partnerships']}",
        )
        say(f"{n['outputs']} outputs")
        _execute(
            f"""
            INSERT INTO metrics_licenceincome (output_id, received_on, kind, amount, currency, note)
            SELECT o.id, o.date + 30, CASE WHEN o.id % 3 = 0 THEN 'patent_costs' ELSE 'royalty' END,
                   500 + o.id % 5000, 'GBP', ''
            FROM metrics_output o WHERE o.title LIKE '{tag} output %%' AND o.kind IN ('licence', 'option')
            """
        )
        say("licence income")

        result.counts["people"] = _clone(
            "people_person",
            person.pk,
            n["people"],
            {
                "first_name": "'Load'",
                "last_name": f"'{tag} ' || g",
                "email": f"'{tag.lower()}-' || g || '@load.example'",
            },
        )
        people = _ids("people_person", f"last_name LIKE '{tag} %%'", None)
        placement_statuses = ["completed", "completed", "active", "planned", "cancelled"]
        outcomes = ["hired_by_host", "stayed_in_academia", "hired_by_other_partner", "continued_study"]
        result.counts["placements"] = _clone_over(
            "people_placement",
            placement.pk,
            f"""WITH pe AS ({people}), p AS ({parts})
                SELECT pe.id AS person_id, pe.rn, p.id AS partnership_id, lead.organization_id AS home_id,
                       sponsor.organization_id AS host_id
                FROM pe JOIN p ON p.rn = pe.rn % {n["partnerships"]}
                JOIN partnerships_partnershipmember lead
                  ON lead.partnership_id = p.id AND lead.role = 'academic_lead'
                JOIN partnerships_partnershipmember sponsor
                  ON sponsor.partnership_id = p.id AND sponsor.role = 'lead_sponsor'""",
            {
                "person_id": "r.person_id",
                "partnership_id": "r.partnership_id",
                "home_organization_id": "r.home_id",
                "host_organization_id": "r.host_id",
                "start_date": "DATE '2016-01-01' + (r.rn * 17 % 3000)::int",
                "end_date": "DATE '2016-01-01' + (r.rn * 17 % 3000)::int + 90",
                "status": f"(ARRAY{placement_statuses})[1 + (r.rn % 5)::int]",
                "outcome": f"CASE WHEN r.rn % 5 < 2 THEN (ARRAY{outcomes})[1 + (r.rn % 4)::int] ELSE '' END",
                "notes": "''",
            },
        )
        say(f"{n['people']} people and placements")
        # The templates were only templates.
        commitment.delete()
        agreement.delete()
        output.delete()
        placement.delete()
        person.delete()
        partnership.delete()
        org.delete()
        host.delete()
    with connection.cursor() as cursor:
        # As after any bulk load: statistics, and (outside a transaction) a VACUUM that sets the
        # new rows' hint bits and visibility map, so the first query to read them (the benchmark's
        # recompute) does not pay for writing them back while the bare SELECTs measured after it
        # do not.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    result.seconds = time.perf_counter() - started
    return result


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))
