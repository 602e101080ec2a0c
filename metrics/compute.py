# ruff: noqa: S608 - SQL here is assembled from the registry's constants only; values travel as parameters.
"""The engine that writes the metrics table from the facts, with set-based SQL.

Each counted metric is one INSERT ... SELECT ... GROUP BY GROUPING SETS per scope kind (the
year rows and the all-time row in one pass); each derived metric is one INSERT ... SELECT over
the rows just written. Nothing loops over facts in Python.

Consistency: a recompute deletes the rows of the scopes it covers and writes them again in ONE
transaction. A worker killed mid-run rolls back, so readers see the old numbers or the new,
never a mix (PostgreSQL's MVCC keeps the old rows visible to readers until the commit).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from metrics.models import ScopeKind
from metrics.registry import COUNT, COUNT_DISTINCT, COUNTED, DERIVED, MEDIAN, SUM, Metric

AGGREGATES = {
    SUM: "SUM(s.value)",
    COUNT: "COUNT(*)",
    COUNT_DISTINCT: "COUNT(DISTINCT s.fact_id)",
    MEDIAN: "(percentile_cont(0.5) WITHIN GROUP (ORDER BY s.value))::numeric",
}


@dataclass
class Scopes:
    """What to recompute. `None` means every scope of that kind."""

    partnership_ids: list[int] | None = None
    organization_ids: list[int] | None = None
    portfolio: bool = True

    @classmethod
    def everything(cls) -> "Scopes":
        return cls()

    def kinds(self) -> list[tuple[str, list[int] | None]]:
        # Partnerships first: the portfolio's additive figures are rolled up from their rows.
        kinds = []
        if self.partnership_ids is None or self.partnership_ids:
            kinds.append((ScopeKind.PARTNERSHIP, self.partnership_ids))
        if self.organization_ids is None or self.organization_ids:
            kinds.append((ScopeKind.ORGANIZATION, self.organization_ids))
        if self.portfolio:
            kinds.append((ScopeKind.PORTFOLIO, None))
        return kinds


@dataclass
class Result:
    rows_written: int = 0
    statements: list[str] = field(default_factory=list)


def _scoped_facts(metric: Metric, kind: str, ids: list[int] | None) -> str:
    limit = "" if ids is None else " WHERE {column} = ANY(%(ids)s)"
    if kind == ScopeKind.PORTFOLIO:
        return f"SELECT 0 AS scope_id, f.year, f.value, f.fact_id FROM ({metric.facts}) f"
    if kind == ScopeKind.PARTNERSHIP:
        return f"SELECT f.partnership_id AS scope_id, f.year, f.value, f.fact_id FROM ({metric.facts}) f" + (
            limit.format(column="f.partnership_id")
        )
    if metric.org_facts:
        return f"SELECT f.organization_id AS scope_id, f.year, f.value, f.fact_id FROM ({metric.org_facts}) f" + (
            limit.format(column="f.organization_id")
        )
    return (
        f"SELECT m.organization_id AS scope_id, f.year, f.value, f.fact_id FROM ({metric.facts}) f "
        "JOIN partnerships_partnershipmember m ON m.partnership_id = f.partnership_id"
    ) + limit.format(column="m.organization_id")


def counted_sql(metric: Metric, kind: str, ids: list[int] | None) -> str:
    """The INSERT for one counted metric and one scope kind: year rows and the all-time row."""
    return f"""
        INSERT INTO metrics_metricvalue (scope_kind, scope_id, key, period, value, computed_at)
        SELECT %(kind)s, s.scope_id, %(key)s, CASE WHEN GROUPING(s.year) = 1 THEN 0 ELSE s.year END,
               {AGGREGATES[metric.agg]}, %(now)s
        FROM ({_scoped_facts(metric, kind, ids)}) s
        GROUP BY GROUPING SETS ((s.scope_id, s.year), (s.scope_id))
        HAVING GROUPING(s.year) = 1 OR s.year IS NOT NULL"""


def rollup_sql() -> str:
    """The portfolio's row of an additive metric: the sum of the partnerships' rows.

    Exact, because every fact belongs to exactly one partnership (and a count of distinct facts
    is distinct across partnerships); and cheap, because a change to one partnership then costs
    a scan of the metrics table's index instead of every fact table.
    """
    return """
        INSERT INTO metrics_metricvalue (scope_kind, scope_id, key, period, value, computed_at)
        SELECT %(kind)s, 0, v.key, v.period, SUM(v.value), %(now)s
        FROM metrics_metricvalue v
        WHERE v.scope_kind = 'partnership' AND v.key = %(key)s
        GROUP BY v.key, v.period"""


def portfolio_rolls_up(metric: Metric) -> bool:
    return metric.agg != MEDIAN


def derived_sql(metric: Metric, ids: list[int] | None) -> str:
    """A ratio wherever its denominator is non-zero; a missing numerator counts as zero."""
    limit = "" if ids is None else " AND d.scope_id = ANY(%(ids)s)"
    return f"""
        INSERT INTO metrics_metricvalue (scope_kind, scope_id, key, period, value, computed_at)
        SELECT d.scope_kind, d.scope_id, %(key)s, d.period, ROUND(COALESCE(n.value, 0) / d.value, 4), %(now)s
        FROM metrics_metricvalue d
        LEFT JOIN metrics_metricvalue n
          ON n.scope_kind = d.scope_kind AND n.scope_id = d.scope_id AND n.period = d.period AND n.key = %(num)s
        WHERE d.key = %(den)s AND d.scope_kind = %(kind)s AND d.value <> 0{limit}"""


def _delete(cursor, kind: str, ids: list[int] | None) -> None:
    if ids is None:
        cursor.execute("DELETE FROM metrics_metricvalue WHERE scope_kind = %s", [kind])
    else:
        cursor.execute("DELETE FROM metrics_metricvalue WHERE scope_kind = %s AND scope_id = ANY(%s)", [kind, ids])


def steps(scopes: Scopes) -> int:
    return len(scopes.kinds()) * len(COUNTED + DERIVED)


def recompute(scopes: Scopes, *, on_step=None) -> Result:
    """Rewrite the metric rows of `scopes` from the facts, all in one transaction.

    `on_step(done)` is called after each statement (progress for the page); it must not write
    through this connection, whose work is invisible to others until the commit.
    """
    result = Result()
    now = timezone.now()
    done = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for kind, ids in scopes.kinds():
            _delete(cursor, kind, ids)
            params = {"kind": kind, "now": now, "ids": ids, "currency": settings.METRICS_CURRENCY}
            for metric in COUNTED:
                if kind == ScopeKind.PORTFOLIO and portfolio_rolls_up(metric):
                    sql = rollup_sql()
                else:
                    sql = counted_sql(metric, kind, ids)
                cursor.execute(sql, {**params, "key": metric.key})
                result.rows_written += cursor.rowcount
                done += 1
                if on_step:
                    on_step(done)
            if scopes.partnership_ids is None:
                # A full recompute: the rows just written are most of the table. Without fresh
                # statistics the planner takes it for empty and joins the ratios row by row.
                cursor.execute("ANALYZE metrics_metricvalue")
            for metric in DERIVED:
                numerator, denominator = metric.ratio_of
                cursor.execute(
                    derived_sql(metric, ids), {**params, "key": metric.key, "num": numerator, "den": denominator}
                )
                result.rows_written += cursor.rowcount
                done += 1
                if on_step:
                    on_step(done)
    return result


def organizations_touching(partnership_ids: list[int]) -> list[int]:
    """Every organization whose figures a change to these partnerships can move: members,
    funding sources, agreement parties, placement homes and hosts. One query."""
    if not partnership_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT organization_id FROM partnerships_partnershipmember WHERE partnership_id = ANY(%(ids)s)
            UNION SELECT source_id FROM partnerships_fundingcommitment WHERE partnership_id = ANY(%(ids)s)
            UNION SELECT ap.organization_id FROM agreements_agreementparty ap
                  JOIN agreements_agreement a ON a.id = ap.agreement_id WHERE a.partnership_id = ANY(%(ids)s)
            UNION SELECT home_organization_id FROM people_placement WHERE partnership_id = ANY(%(ids)s)
            UNION SELECT host_organization_id FROM people_placement WHERE partnership_id = ANY(%(ids)s)
            """,
            {"ids": partnership_ids},
        )
        return sorted(row[0] for row in cursor.fetchall())
