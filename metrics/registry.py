# ruff: noqa: S608 - SQL here is assembled from this module's constants only; values travel as parameters.
"""Every metric Tandem computes, defined once: key, label, description, unit, and how it is computed.

A metric is either *counted* from facts, or *derived* as the ratio of two counted metrics.

A counted metric gives `facts`: SQL yielding one row per fact with the columns
`partnership_id, year, value, fact_id`. The engine (metrics.compute) aggregates it per
partnership, per member organization and for the whole portfolio, per year and for all time,
with one GROUP BY GROUPING SETS statement per scope kind: set-based, no Python loop over rows.

`org_facts` (columns `organization_id, year, value, fact_id`) says how a fact counts for a
partner organization when that is not simply "the partnerships it is a member of": funding
counts for its source, agreements for their parties, placements for their home and host. These
are exactly the rows that organization's liaison may see (the models' `visible_to_liaison`), so
an organization's figures never include another sponsor's, even inside a shared consortium.

Definitions follow the AUTM licensing survey where one exists. Money is counted in the
reporting currency (settings.METRICS_CURRENCY) only: amounts in other currencies are left out
rather than added up as if they were the same money.
"""

from dataclasses import dataclass

from agreements.models import BallHolder
from outputs.models import LICENCE_INCOME_KINDS, OutputKind
from partnerships.models import CASH_MECHANISMS, FundingMechanism

SUM, COUNT, COUNT_DISTINCT, MEDIAN = "sum", "count", "count_distinct", "median"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    description: str
    unit: str  # count, money, days, ratio, share
    agg: str | None = None
    facts: str | None = None
    org_facts: str | None = None
    ratio_of: tuple[str, str] | None = None  # (numerator key, denominator key) for derived metrics
    partner_safe: bool = False  # every fact of a partnership is visible to each member's liaison
    records: str = ""  # where the records behind the figure are listed

    @property
    def derived(self) -> bool:
        return self.ratio_of is not None

    @property
    def additive(self) -> bool:
        """Figures of several scopes may be added up (not medians, not ratios)."""
        return self.agg in (SUM, COUNT)


def _sql_list(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _year(expression: str) -> str:
    return f"EXTRACT(YEAR FROM {expression})::int"


# --- Facts --------------------------------------------------------------------------------


def _output_facts(kinds, value: str = "1") -> str:
    return f"""
        SELECT o.partnership_id, {_year("o.date")} AS year, {value}::numeric AS value, o.id AS fact_id
        FROM metrics_output o WHERE o.kind IN ({_sql_list(kinds)})"""


LICENCE_INCOME = f"""
    SELECT o.partnership_id, {_year("i.received_on")} AS year, i.amount AS value, i.id AS fact_id
    FROM metrics_licenceincome i JOIN metrics_output o ON o.id = i.output_id
    WHERE i.kind IN ({_sql_list(LICENCE_INCOME_KINDS)}) AND i.currency = %(currency)s"""


def _funding(condition: str = "TRUE") -> tuple[str, str]:
    select = f"""
        SELECT {{who}}, {_year("COALESCE(f.start_date, f.created_at::date)")} AS year, f.amount AS value,
               f.id AS fact_id
        FROM partnerships_fundingcommitment f
        JOIN partnerships_organization s ON s.id = f.source_id
        {{join}}
        WHERE f.currency = %(currency)s AND ({condition})"""
    member = (
        "JOIN partnerships_partnershipmember m "
        "ON m.partnership_id = f.partnership_id AND m.organization_id = f.source_id"
    )
    return (
        select.format(who="f.partnership_id", join=""),
        select.format(who="f.source_id AS organization_id", join=member),
    )


FUNDING_RECEIVED = (
    f"""
    SELECT f.partnership_id, {_year("p.received_on")} AS year, p.amount AS value, p.id AS fact_id
    FROM partnerships_payment p JOIN partnerships_fundingcommitment f ON f.id = p.commitment_id
    WHERE f.currency = %(currency)s""",
    f"""
    SELECT f.source_id AS organization_id, {_year("p.received_on")} AS year, p.amount AS value, p.id AS fact_id
    FROM partnerships_payment p JOIN partnerships_fundingcommitment f ON f.id = p.commitment_id
    JOIN partnerships_partnershipmember m ON m.partnership_id = f.partnership_id AND m.organization_id = f.source_id
    WHERE f.currency = %(currency)s""",
)

# One row per (partnership, year it was active); `fact_id` lets "all time" count each once.
ACTIVE_PARTNERSHIPS = f"""
    SELECT p.id AS partnership_id, y AS year, 1::numeric AS value, p.id AS fact_id
    FROM partnerships_partnership p
    CROSS JOIN LATERAL generate_series(
        {_year("COALESCE(p.start_date, p.created_at::date)")},
        {_year("COALESCE(p.end_date, CASE WHEN p.phase = 'closed' THEN p.updated_at::date ELSE CURRENT_DATE END)")}
    ) AS y
    WHERE p.phase <> 'exploring'"""

# One row per year a partnership was active, valued at its outputs of that year (0 when none):
# every partnership active in a year then has an `activity` row for it, so the dashboard reads
# the least active ones straight off an index, the ones with nothing included. The count is a
# LATERAL lookup by index per partnership and year, so recomputing a few partnerships (or the
# organizations they touch) reads only their own outputs.
ACTIVITY = f"""
    SELECT a.partnership_id, a.year, n.outputs AS value, a.fact_id
    FROM ({ACTIVE_PARTNERSHIPS}) a
    CROSS JOIN LATERAL (
        SELECT COUNT(*)::numeric AS outputs FROM metrics_output o
        WHERE o.partnership_id = a.partnership_id
          AND o.date >= make_date(a.year, 1, 1) AND o.date < make_date(a.year + 1, 1, 1)
    ) n"""


_PARTY = "JOIN agreements_agreementparty ap ON ap.agreement_id = a.id"


def _by_party(facts: str) -> str:
    """The same agreement facts, counted for each organization that is a party."""
    facts = facts.replace("SELECT a.partnership_id,", "SELECT ap.organization_id AS organization_id,", 1)
    head, _, condition = facts.rpartition("WHERE")  # the outer query's: a subquery may have its own
    return f"{head}{_PARTY} WHERE{condition}"


AGREEMENT_END = "COALESCE(a.expiry_date, CASE WHEN a.status = 'executed' THEN CURRENT_DATE ELSE a.updated_at::date END)"
ACTIVE_AGREEMENTS = f"""
    SELECT a.partnership_id, y AS year, 1::numeric AS value, a.id AS fact_id
    FROM agreements_agreement a
    CROSS JOIN LATERAL generate_series(
        {_year("COALESCE(a.effective_date, a.executed_at::date)")},
        {_year(AGREEMENT_END)}
    ) AS y
    WHERE a.executed_at IS NOT NULL AND a.status IN ('executed', 'expired', 'terminated')"""

DAYS_TO_EXECUTION = f"""
    SELECT a.partnership_id, {_year("a.executed_at")} AS year,
           EXTRACT(EPOCH FROM (a.executed_at - a.first_draft_at)) / 86400.0 AS value, a.id AS fact_id
    FROM agreements_agreement a
    WHERE a.executed_at IS NOT NULL"""


# Each spell with the ball, up to the next pass or the execution, for executed agreements. The next
# pass is a LATERAL index lookup rather than a window over the whole table, so a recompute of one
# partnership reads only its own agreements' passes.
def _ball_days(holder: str | None) -> str:
    condition = f"b.holder = '{holder}'" if holder else "TRUE"
    return f"""
        SELECT a.partnership_id, {_year("a.executed_at")} AS year,
               EXTRACT(EPOCH FROM (LEAST(COALESCE(nx.since, a.executed_at), a.executed_at) - b.since)) / 86400.0
                   AS value,
               b.id AS fact_id
        FROM agreements_ballchange b JOIN agreements_agreement a ON a.id = b.agreement_id
        LEFT JOIN LATERAL (
            SELECT b2.since FROM agreements_ballchange b2
            WHERE b2.agreement_id = b.agreement_id AND (b2.since, b2.id) > (b.since, b.id)
            ORDER BY b2.since, b2.id LIMIT 1
        ) nx ON TRUE
        WHERE a.executed_at IS NOT NULL AND b.since < a.executed_at AND {condition}"""


def _placement_facts(condition: str, year: str) -> tuple[str, str]:
    base = f"""
        SELECT p.partnership_id, {_year(year)} AS year, 1::numeric AS value, p.id AS fact_id
        FROM people_placement p JOIN partnerships_organization host ON host.id = p.host_organization_id
        WHERE p.partnership_id IS NOT NULL AND ({condition})"""
    by_org = f"""
        SELECT o.organization_id, {_year(year)} AS year, 1::numeric AS value, p.id AS fact_id
        FROM people_placement p JOIN partnerships_organization host ON host.id = p.host_organization_id
        CROSS JOIN LATERAL (VALUES (p.home_organization_id), (p.host_organization_id)) AS o(organization_id)
        JOIN partnerships_partnershipmember m
          ON m.partnership_id = p.partnership_id AND m.organization_id = o.organization_id
        WHERE p.partnership_id IS NOT NULL AND ({condition})"""
    return base, by_org


HIRED_BY_INDUSTRY = (
    "p.status = 'completed' AND ((p.outcome = 'hired_by_host' AND host.kind = 'company') "
    "OR p.outcome = 'hired_by_other_partner')"
)


def _output(key, label, description, kinds, *, value="1", agg=COUNT, unit="count") -> Metric:
    kind_query = "&".join(f"kind={kind}" for kind in kinds)
    return Metric(
        key,
        label,
        description,
        unit,
        agg=agg,
        facts=_output_facts(kinds, value),
        partner_safe=True,
        records=f"outputs:output-list?{kind_query}",
    )


def _build() -> list[Metric]:
    committed, committed_by_org = _funding()
    cash, cash_by_org = _funding(f"f.mechanism IN ({_sql_list(CASH_MECHANISMS)}) AND s.kind = 'company'")
    leveraged, leveraged_by_org = _funding(
        f"f.mechanism IN ('{FundingMechanism.MATCHING_FUNDS}', '{FundingMechanism.IN_KIND}')"
    )
    placements, placements_by_org = _placement_facts("p.status <> 'cancelled'", "p.start_date")
    finished, finished_by_org = _placement_facts("p.status = 'completed'", "COALESCE(p.end_date, p.start_date)")
    hired, hired_by_org = _placement_facts(HIRED_BY_INDUSTRY, "COALESCE(p.end_date, p.start_date)")
    metrics = [
        Metric(
            "funding_committed",
            "Funding committed",
            "Cash and in-kind committed, by the year the commitment starts.",
            "money",
            SUM,
            committed,
            committed_by_org,
            records="partnerships:funding-list",
        ),
        Metric(
            "funding_received",
            "Funding received",
            "Payments received against commitments, by date received.",
            "money",
            SUM,
            *FUNDING_RECEIVED,
            records="partnerships:funding-list",
        ),
        Metric(
            "industry_cash",
            "Industry cash",
            "Cash committed by companies (sponsorship, cost share, consortium fees, gifts).",
            "money",
            SUM,
            cash,
            cash_by_org,
        ),
        Metric(
            "matching_in_kind",
            "Matching and in-kind",
            "Matching funds plus the valuation of in-kind contributions.",
            "money",
            SUM,
            leveraged,
            leveraged_by_org,
        ),
        Metric(
            "leverage",
            "Leverage",
            "Matching funds and in-kind per unit of industry cash.",
            "ratio",
            ratio_of=("matching_in_kind", "industry_cash"),
            records="partnerships:funding-list",
        ),
        Metric(
            "active_partnerships",
            "Active partnerships",
            "Partnerships past exploring whose period touches the year (all time: every one that ever was).",
            "count",
            COUNT_DISTINCT,
            ACTIVE_PARTNERSHIPS,
            partner_safe=True,
            records="partnerships:partnership-list",
        ),
        Metric(
            "active_agreements",
            "Active agreements",
            "Executed agreements in force during the year.",
            "count",
            COUNT_DISTINCT,
            ACTIVE_AGREEMENTS,
            _by_party(ACTIVE_AGREEMENTS),
            records="agreements:agreement-list?status=executed",
        ),
        Metric(
            "days_to_execution",
            "Median days to execution",
            "Median days from first draft to execution, by year of execution.",
            "days",
            MEDIAN,
            DAYS_TO_EXECUTION,
            _by_party(DAYS_TO_EXECUTION),
            records="agreements:agreement-list?status=executed",
        ),
        Metric(
            "ball_days_total",
            "Negotiation days",
            "Days executed agreements spent in negotiation, from first draft to execution.",
            "days",
            SUM,
            _ball_days(None),
            _by_party(_ball_days(None)),
        ),
    ]
    for holder, label in BallHolder.choices:
        metrics += [
            Metric(
                f"ball_days_{holder}",
                f"Days with {label.lower()}",
                f"Negotiation days the ball was with {label.lower()}.",
                "days",
                SUM,
                _ball_days(holder),
                _by_party(_ball_days(holder)),
            ),
            Metric(
                f"ball_share_{holder}",
                f"Share of negotiation with {label.lower()}",
                f"Share of negotiation days the ball was with {label.lower()}.",
                "share",
                ratio_of=(f"ball_days_{holder}", "ball_days_total"),
            ),
        ]
    metrics += [
        _output("publications", "Publications", "Publications, by year published.", [OutputKind.PUBLICATION]),
        _output(
            "citations",
            "Citations",
            "Citations of those publications, by year published.",
            [OutputKind.PUBLICATION],
            value="o.citations",
            agg=SUM,
        ),
        _output("presentations", "Presentations", "Conference presentations.", [OutputKind.PRESENTATION]),
        _output(
            "disclosures", "Invention disclosures", "Invention disclosures received (AUTM).", [OutputKind.DISCLOSURE]
        ),
        _output(
            "patent_applications",
            "Patent applications",
            "New patent applications filed (AUTM).",
            [OutputKind.PATENT_APPLICATION],
        ),
        _output("patents_granted", "Patents granted", "Patents issued.", [OutputKind.PATENT_GRANT]),
        _output(
            "licences_options",
            "Licences and options",
            "Licences and options executed (AUTM).",
            [OutputKind.LICENCE, OutputKind.OPTION],
        ),
        Metric(
            "licence_income",
            "Licence income",
            "Issue fees, option payments, minimums, running "
            "royalties and cashed-in equity; not research funding, patent cost reimbursement or "
            "uncashed equity (AUTM).",
            "money",
            SUM,
            LICENCE_INCOME,
            partner_safe=True,
            records="outputs:output-list?kind=licence&kind=option",
        ),
        _output("startups", "Start-ups", "Start-up companies formed (AUTM).", [OutputKind.STARTUP]),
        _output(
            "releases",
            "Datasets and software",
            "Datasets and software released.",
            [OutputKind.DATASET, OutputKind.SOFTWARE],
        ),
        _output("deployments", "Deployments", "Deployments with a stated business result.", [OutputKind.DEPLOYMENT]),
        Metric(
            "activity",
            "Outputs while active",
            "Outputs of the years the partnership was active (0 in an active year without any): "
            "what the dashboard ranks partnerships by.",
            "count",
            SUM,
            ACTIVITY,
            partner_safe=True,
            records="outputs:output-list",
        ),
        Metric(
            "placements",
            "Placements",
            "Placements within partnerships, by year started (cancelled ones never happened).",
            "count",
            COUNT,
            placements,
            placements_by_org,
            records="people:placement-list",
        ),
        Metric(
            "placements_finished",
            "Placements finished",
            "Completed placements, by year ended.",
            "count",
            COUNT,
            finished,
            finished_by_org,
            records="people:placement-list?status=completed",
        ),
        Metric(
            "placements_hired",
            "Hired by industry",
            "Completed placements whose person was hired by a company host or another partner.",
            "count",
            COUNT,
            hired,
            hired_by_org,
        ),
        Metric(
            "hired_share",
            "Share hired by industry",
            "Hired by industry per finished placement.",
            "share",
            ratio_of=("placements_hired", "placements_finished"),
            records="people:placement-list?status=completed",
        ),
    ]
    return metrics


METRICS: list[Metric] = _build()
BY_KEY: dict[str, Metric] = {metric.key: metric for metric in METRICS}
COUNTED = [metric for metric in METRICS if not metric.derived]
DERIVED = [metric for metric in METRICS if metric.derived]
PARTNER_SAFE_KEYS = frozenset(metric.key for metric in METRICS if metric.partner_safe)
# What the dashboard breaks down by partnership model and research area. Additive, so the
# breakdown scopes are sums of partnership rows.
BREAKDOWN_KEYS = ("publications", "disclosures", "licences_options", "licence_income")

assert len(BY_KEY) == len(METRICS), "metric keys must be unique"
assert all(BY_KEY[key].additive for key in BREAKDOWN_KEYS), "breakdowns add up partnership rows"
