# ruff: noqa: S608 - SQL here is assembled from the registry's constants only; values travel as parameters.
"""The engine that writes the metrics table from the facts, with set-based SQL.

Each counted metric is one INSERT ... SELECT ... GROUP BY GROUPING SETS per scope kind (the
year rows and the all-time row in one pass); each derived metric is one INSERT ... SELECT over
the rows just written; the breakdowns by partnership model and research area are one INSERT ...
SELECT each over the partnerships' rows. Nothing loops over facts in Python.

Consistency: a partial recompute deletes the rows of the scopes it covers and writes them again
in ONE transaction; a full one writes a fresh table and swaps it in, also in one transaction. A
worker killed mid-run rolls back, so readers see the old numbers or the new, never a mix
(PostgreSQL's MVCC keeps the old rows, or the old table, visible to readers until the commit).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from metrics.models import BREAKDOWN_SCOPES, MODEL_SCOPE_IDS, ScopeKind
from metrics.registry import BREAKDOWN_KEYS, COUNT, COUNT_DISTINCT, COUNTED, DERIVED, MEDIAN, SUM, Metric

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
    portfolio: bool = True  # with the breakdowns by model and area, which are the portfolio cut up

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
            kinds += [(kind, None) for kind in BREAKDOWN_SCOPES]
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


# How a partnership's row finds the breakdown scope(s) it counts in, as `g.scope_id`.
BREAKDOWN_JOINS = {
    ScopeKind.MODEL: (
        "JOIN partnerships_partnership p ON p.id = v.scope_id "
        "JOIN unnest(%(models)s::text[], %(model_ids)s::int[]) AS g(model, scope_id) ON g.model = p.model"
    ),
    ScopeKind.AREA: (
        "JOIN (SELECT partnership_id, researcharea_id AS scope_id FROM partnerships_partnership_research_areas) g "
        "ON g.partnership_id = v.scope_id"
    ),
}


def breakdown_sql(kind: str) -> str:
    """Every breakdown figure of one kind (by model, by area): sums of the partnerships' rows,
    a partnership counting in each of its research areas. One statement, year and all-time rows."""
    return f"""
        INSERT INTO metrics_metricvalue (scope_kind, scope_id, key, period, value, computed_at)
        SELECT %(kind)s, g.scope_id, v.key, v.period, SUM(v.value), %(now)s
        FROM metrics_metricvalue v {BREAKDOWN_JOINS[kind]}
        WHERE v.scope_kind = 'partnership' AND v.key = ANY(%(keys)s)
        GROUP BY g.scope_id, v.key, v.period"""


def breakdown_params(kind: str, now) -> dict:
    return {
        "kind": kind,
        "now": now,
        "keys": list(BREAKDOWN_KEYS),
        "models": list(MODEL_SCOPE_IDS),
        "model_ids": list(MODEL_SCOPE_IDS.values()),
    }


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
    """Progress steps: a statement per metric and scope kind, one per breakdown kind."""
    per_kind = len(COUNTED + DERIVED)
    return sum(1 if kind in BREAKDOWN_SCOPES else per_kind for kind, _ in scopes.kinds())


TABLE = "metrics_metricvalue"
NEXT = "metrics_metricvalue_next"


def _into(sql: str, table: str) -> str:
    """The same statement writing to (and reading from) `table` instead of the metrics table."""
    for word in ("INSERT INTO", "FROM", "JOIN"):
        sql = sql.replace(f"{word} {TABLE} ", f"{word} {table} ")
    return sql


def _is_full(scopes: Scopes) -> bool:
    return scopes.partnership_ids is None and scopes.organization_ids is None and scopes.portfolio


def recompute(scopes: Scopes, *, on_step=None) -> Result:
    """Rewrite the metric rows of `scopes` from the facts, all in one transaction.

    A full recompute writes a fresh table and swaps it in (see `_recompute_swap`); a partial one
    deletes and rewrites its scopes' rows in place.

    `on_step(done)` is called after each statement (progress for the page); it must not write
    through this connection, whose work is invisible to others until the commit.
    """
    if _is_full(scopes):
        return _recompute_swap(scopes, on_step=on_step)
    result = Result()
    now = timezone.now()
    done = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for kind, ids in scopes.kinds():
            _delete(cursor, kind, ids)
            if kind in BREAKDOWN_SCOPES:
                cursor.execute(breakdown_sql(kind), breakdown_params(kind, now))
                result.rows_written += cursor.rowcount
                done += 1
                if on_step:
                    on_step(done)
                continue
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
            if ids is None and kind != ScopeKind.PORTFOLIO:
                # Most of the table was just rewritten: without fresh statistics the planner
                # takes it for empty and joins the ratios row by row. (Not for the portfolio's
                # few rows, which every drain rewrites: sampling 3 million rows there cost most
                # of a drain's time.)
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


def _rollup_all_sql() -> str:
    """Every additive metric's portfolio rows in one pass over the partnerships' rows."""
    return f"""
        INSERT INTO {NEXT} (scope_kind, scope_id, key, period, value, computed_at)
        SELECT %(kind)s, 0, v.key, v.period, SUM(v.value), %(now)s
        FROM {NEXT} v
        WHERE v.scope_kind = 'partnership' AND v.key = ANY(%(keys)s)
        GROUP BY v.key, v.period"""


def _table_indexes(cursor) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The metrics table's constraints (primary key, unique) and its other indexes, as the
    catalog has them, so the fresh table gets exactly what the migrations made."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('p', 'u') ORDER BY conname",
        [TABLE],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
        [TABLE],
    )
    return constraints, cursor.fetchall()


def _derived_all(source: str = NEXT) -> tuple[str, dict]:
    """`derived_sql` for every derived metric and every scope at once: one pass over the rows of
    the keys the ratios use (in `source`), pivoted to one array per scope and year, then one row
    per ratio."""
    keys = sorted({key for metric in DERIVED for key in metric.ratio_of})
    params = {f"k{i}": key for i, key in enumerate(keys)}
    params["keys"] = keys
    params["ratios"] = [metric.key for metric in DERIVED]
    params["nums"] = [keys.index(metric.ratio_of[0]) + 1 for metric in DERIVED]
    params["dens"] = [keys.index(metric.ratio_of[1]) + 1 for metric in DERIVED]
    columns = ", ".join(f"SUM(v.value) FILTER (WHERE v.key = %(k{i})s)" for i in range(len(keys)))
    sql = f"""
        INSERT INTO {NEXT} (scope_kind, scope_id, key, period, value, computed_at)
        SELECT p.scope_kind, p.scope_id, r.key, p.period, ROUND(COALESCE(p.vals[r.num], 0) / p.vals[r.den], 4),
               %(now)s
        FROM (SELECT v.scope_kind, v.scope_id, v.period, ARRAY[{columns}]::numeric[] AS vals
              FROM {source} v WHERE v.key = ANY(%(keys)s)
              GROUP BY v.scope_kind, v.scope_id, v.period) p
        CROSS JOIN unnest(%(ratios)s::text[], %(nums)s::int[], %(dens)s::int[]) AS r(key, num, den)
        WHERE p.vals[r.den] <> 0"""
    return sql, params


def _recompute_swap(scopes: Scopes, *, on_step=None) -> Result:
    """Every scope into a fresh table without indexes, then indexes built once and the table
    swapped in, all in ONE transaction.

    Building an index over rows already written costs a sort; keeping three indexes up to date
    row by row (and deleting the old rows first) cost a third of the run. Readers keep reading
    the old table until the commit (the swap's exclusive lock is held only for the drop and the
    renames at the end), so they see the old numbers or the new, never a mix; a worker killed
    mid-run rolls back the fresh table with everything else.
    """
    result = Result()
    now = timezone.now()
    done = 0
    additive = [metric.key for metric in COUNTED if portfolio_rolls_up(metric)]
    with transaction.atomic(), connection.cursor() as cursor:
        constraints, indexes = _table_indexes(cursor)
        cursor.execute(f"DROP TABLE IF EXISTS {NEXT}")
        cursor.execute(f"CREATE TABLE {NEXT} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING IDENTITY)")
        for kind, ids in scopes.kinds():
            if kind in BREAKDOWN_SCOPES:
                cursor.execute(_into(breakdown_sql(kind), NEXT), breakdown_params(kind, now))
                result.rows_written += cursor.rowcount
                done += 1
                if on_step:
                    on_step(done)
                continue
            params = {"kind": kind, "now": now, "ids": ids, "currency": settings.METRICS_CURRENCY}
            if kind == ScopeKind.PORTFOLIO:
                cursor.execute(_rollup_all_sql(), {**params, "keys": additive})
                result.rows_written += cursor.rowcount
            for metric in COUNTED:
                if not (kind == ScopeKind.PORTFOLIO and portfolio_rolls_up(metric)):
                    cursor.execute(_into(counted_sql(metric, kind, ids), NEXT), {**params, "key": metric.key})
                    result.rows_written += cursor.rowcount
                done += 1
                if on_step:
                    on_step(done)
        cursor.execute(f"ANALYZE {NEXT}")
        # The counted SELECTs above ran with the server's settings; what follows is our own
        # work: the pivot in memory, the index sorts in memory, no JIT compilation for one scan.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")
        # Every ratio of every scope in one statement (one scan), instead of a join of the
        # (still unindexed) table with itself per ratio and scope kind.
        sql, derived_params = _derived_all()
        cursor.execute(sql, {"now": now, **derived_params})
        result.rows_written += cursor.rowcount
        derived_kinds = [kind for kind, _ in scopes.kinds() if kind not in BREAKDOWN_SCOPES]
        for _ in range(len(derived_kinds) * len(DERIVED)):
            done += 1
            if on_step:
                on_step(done)
        # Index sorts in memory rather than in temporary files: the unique index builds faster
        # with 1 GB than with 256 MB (shared by the parallel workers of the build; held for the
        # build only).
        cursor.execute("SET LOCAL maintenance_work_mem = %s", [settings.METRICS_INDEX_BUILD_MEMORY])
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {NEXT} ADD CONSTRAINT "{name}__next" {definition}')
        for name, definition in indexes:
            head, _, columns = definition.partition(f" ON public.{TABLE} ")
            unique = "UNIQUE " if head.startswith("CREATE UNIQUE") else ""
            cursor.execute(f'CREATE {unique}INDEX "{name}__next" ON {NEXT} {columns}')
        cursor.execute(f"ANALYZE {NEXT}")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        (sequence,) = cursor.fetchone()
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {NEXT} RENAME TO {TABLE}")
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {TABLE} RENAME CONSTRAINT "{name}__next" TO "{name}"')
        for name, _ in indexes:
            cursor.execute(f'ALTER INDEX "{name}__next" RENAME TO "{name}"')
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        (fresh,) = cursor.fetchone()
        if sequence and fresh and fresh != sequence:
            cursor.execute(f"ALTER SEQUENCE {fresh} RENAME TO {sequence.rpartition('.')[2]}")
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
