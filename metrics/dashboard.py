"""Dashboard reads: figures, trends, breakdowns and rankings, from the metrics table only.

Every read starts from `MetricValue.objects.visible_to(user)`. For a liaison that is their own
organization's rows and the output rows of their partnerships, so nothing here can reach the
portfolio's or another partner's figures, whatever the filters say.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Subquery, Sum
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from core import roles
from metrics.models import ALL_TIME, MODEL_SCOPE_IDS, MetricValue, RecomputeRun, RunStatus, ScopeKind
from metrics.registry import BREAKDOWN_KEYS, BY_KEY, COUNT_DISTINCT, MEDIAN, PARTNER_SAFE_KEYS
from partnerships.models import Organization, OrganizationKind, Partnership, PartnershipModel, ResearchArea

HEADLINE_KEYS = [
    "funding_committed",
    "funding_received",
    "leverage",
    "active_partnerships",
    "active_agreements",
    "days_to_execution",
    "publications",
    "citations",
    "disclosures",
    "patent_applications",
    "patents_granted",
    "licences_options",
    "licence_income",
    "startups",
    "placements",
    "hired_share",
]
TREND_KEYS = ["publications", "disclosures", "patent_applications", "licences_options", "startups"]
MONEY_TREND_KEYS = ["funding_received", "licence_income"]


@dataclass
class Filters:
    year_from: int
    year_to: int
    partner: Organization | None = None
    model: str = ""
    area: ResearchArea | None = None

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    @property
    def previous_years(self) -> list[int]:
        span = self.year_to - self.year_from + 1
        return [year - span for year in self.years]

    @property
    def by_partnership(self) -> bool:
        return bool(self.model or self.area)


@dataclass
class Source:
    """Which rows answer the question: one scope kind, its ids, and the keys it can answer."""

    scope_kind: str
    scope_ids: object  # a list or a queryset of ids
    keys: frozenset | None = None  # None: every key
    exact: bool = True  # a single scope: medians and ratios read as stored


@dataclass
class Figure:
    key: str
    label: str
    unit: str
    description: str
    value: Decimal | None
    previous: Decimal | None
    url: str = ""

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_percent(self) -> int | None:
        if self.change is None or not self.previous:
            return None
        return round(100 * self.change / self.previous)


@dataclass
class Dashboard:
    figures: list[Figure] = field(default_factory=list)
    trends: dict = field(default_factory=dict)
    by_partner: list[dict] = field(default_factory=list)
    by_model: list[dict] = field(default_factory=list)
    by_area: list[dict] = field(default_factory=list)
    most_active: list = field(default_factory=list)
    least_active: list = field(default_factory=list)
    computed_at: object = None
    note: str = ""


def _partnerships(user, filters: Filters):
    partnerships = Partnership.objects.visible_to(user)
    if filters.partner:
        partnerships = partnerships.filter(members__organization=filters.partner)
    if filters.model:
        partnerships = partnerships.filter(model=filters.model)
    if filters.area:
        partnerships = partnerships.filter(research_areas=filters.area)
    return partnerships.values("pk")


def source_for(user, filters: Filters) -> Source:
    if filters.by_partnership:
        keys = PARTNER_SAFE_KEYS if not roles.is_internal(user) else None
        return Source(ScopeKind.PARTNERSHIP, _partnerships(user, filters), keys, exact=False)
    if roles.is_internal(user):
        if filters.partner:
            return Source(ScopeKind.ORGANIZATION, [filters.partner.pk])
        return Source(ScopeKind.PORTFOLIO, [0])
    organization_ids = sorted(roles.liaison_organization_ids(user))
    return Source(ScopeKind.ORGANIZATION, organization_ids, exact=len(organization_ids) == 1)


def _rows(user, source: Source, keys, periods):
    rows = MetricValue.objects.visible_to(user).filter(
        scope_kind=source.scope_kind, scope_id__in=source.scope_ids, key__in=keys, period__in=periods
    )
    if source.keys is not None:
        rows = rows.filter(key__in=source.keys)
    return rows


def _totals(user, source: Source, keys: list[str], periods: list[int]) -> dict[tuple[str, int], Decimal]:
    """{(key, period): value}, added up over the source's scopes (one query)."""
    rows = (
        _rows(user, source, keys, periods)
        .order_by()
        .values("key", "period")
        .annotate(total=Sum("value"))
        .values_list("key", "period", "total")
    )
    return {(key, period): total for key, period, total in rows}


def _combine(key: str, totals, periods: list[int], *, exact: bool) -> Decimal | None:
    """One figure over several years (and maybe several scopes) from the stored rows."""
    metric = BY_KEY[key]
    if metric.derived:
        numerator, denominator = metric.ratio_of
        num = _combine(numerator, totals, periods, exact=exact)
        den = _combine(denominator, totals, periods, exact=exact)
        if not den:
            return None
        return ((num or Decimal(0)) / den).quantize(Decimal("0.01"))
    if metric.agg in (MEDIAN, COUNT_DISTINCT):
        # Not additive: a median, or a count of distinct things active over several years.
        if exact and len(periods) == 1:
            missing = None if metric.agg == MEDIAN else Decimal(0)
            return totals.get((key, periods[0]), missing)
        return None
    present = [totals[(key, period)] for period in periods if (key, period) in totals]
    return sum(present, Decimal(0))


def _component_keys(keys) -> set[str]:
    wanted = set(keys)
    for key in keys:
        if BY_KEY[key].derived:
            wanted |= set(BY_KEY[key].ratio_of)
    return wanted


@lru_cache(maxsize=64)
def _list_path(name: str, script_prefix: str, urlconf) -> str:
    # reverse() of a name without arguments depends on nothing else: a dashboard builds 86 links
    # to lists from a dozen names.
    return reverse(name)


def _list_url(records: str, filters: Filters, *, years_param: str = "") -> str:
    """The list behind a figure: `records` ("app:list-name?fixed=query") narrowed by the
    dashboard's filters, as far as that list can apply them."""
    name, _, query = records.partition("?")
    single = filters.year_from == filters.year_to
    partner = filters.partner.pk if filters.partner else None
    area = filters.area.pk if filters.area else None
    narrowed: dict = {}
    if name == "outputs:output-list":
        if years_param:
            narrowed = {f"{years_param}_min": filters.year_from, f"{years_param}_max": filters.year_to}
        elif single:
            narrowed = {"year": filters.year_from}
        else:
            narrowed = {"years_min": filters.year_from, "years_max": filters.year_to}
        narrowed |= {"member": partner, "model": filters.model, "research_area": area}
    elif name == "partnerships:partnership-list":
        narrowed = {"member": partner, "model": filters.model, "research_area": area}
    elif name == "partnerships:funding-list":
        # The figures count the reporting currency only, and a partner's funding is what it put in.
        narrowed = {"currency": settings.METRICS_CURRENCY, "source": partner}
    elif name == "agreements:agreement-list":
        narrowed = {"party": partner}
    elif name == "people:placement-list":
        narrowed = {"organization": partner, "year": filters.year_from if single else None}
    extra = urlencode([(key, value) for key, value in narrowed.items() if value not in (None, "")])
    query = "&".join(part for part in (query, extra) if part)
    path = _list_path(name, get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    return f"{path}?{query}" if query else path


# The year of a licence-income figure is the year the money came in, not the licence's date.
YEARS_PARAM = {"licence_income": "income_years"}


def _records_url(key: str, filters: Filters) -> str:
    records = BY_KEY[key].records
    if not records:
        return ""
    return _list_url(records, filters, years_param=YEARS_PARAM.get(key, ""))


def figures(user, filters: Filters, source: Source) -> list[Figure]:
    keys = [key for key in HEADLINE_KEYS if source.keys is None or key in source.keys]
    wanted = _component_keys(keys)
    totals = _totals(user, source, sorted(wanted), filters.years + filters.previous_years)
    result = []
    for key in keys:
        metric = BY_KEY[key]
        result.append(
            Figure(
                key=key,
                label=metric.label,
                unit=metric.unit,
                description=metric.description,
                value=_combine(key, totals, filters.years, exact=source.exact),
                previous=_combine(key, totals, filters.previous_years, exact=source.exact),
                url=_records_url(key, filters),
            )
        )
    return result


def trends(user, source: Source) -> dict:
    """Per-year series for the charts: every year that has a figure."""
    keys = [key for key in TREND_KEYS + MONEY_TREND_KEYS if source.keys is None or key in source.keys]
    rows = (
        MetricValue.objects.visible_to(user)
        .filter(scope_kind=source.scope_kind, scope_id__in=source.scope_ids, key__in=keys)
        .exclude(period=ALL_TIME)
    )
    totals = defaultdict(dict)
    for key, period, total in (
        rows.order_by().values("key", "period").annotate(total=Sum("value")).values_list("key", "period", "total")
    ):
        totals[key][period] = float(total)
    years = sorted({year for series in totals.values() for year in series})
    return {
        "years": years,
        "counts": [
            {"label": BY_KEY[key].label, "data": [totals[key].get(year, 0) for year in years]}
            for key in TREND_KEYS
            if key in keys
        ],
        "money": [
            {"label": BY_KEY[key].label, "data": [totals[key].get(year, 0) for year in years]}
            for key in MONEY_TREND_KEYS
            if key in keys
        ],
    }


def _partnership_rows(user, filters: Filters, keys: list[str]):
    """The caller's visible partnership rows of `keys` in the years, of the filtered partnerships.

    The office's unfiltered view needs no list of partnerships (every row is theirs), and one
    would cost a pass over all of them. A liaison's short list of partnerships, on the other
    hand, lets PostgreSQL go from it to their rows by index instead of sifting every row of the
    year through the visibility rule.
    """
    rows = MetricValue.objects.visible_to(user).filter(
        scope_kind=ScopeKind.PARTNERSHIP, key__in=keys, period__in=filters.years
    )
    if filters.partner or filters.by_partnership or not roles.is_internal(user):
        rows = rows.filter(scope_id__in=_partnerships(user, filters))
    return rows.order_by()


def _grouped_by(user, filters: Filters, group_sql: str, keys: list[str]) -> dict:
    """Partnership rows added up by a property of the partnership (its model, its areas):
    {(ref, label): {key: total}}.

    The rows are the caller's visible ones: the visible queryset's own SQL is the derived table.
    """
    visible = _partnership_rows(user, filters, keys).values("scope_id", "key", "value")
    inner_sql, inner_params = visible.query.sql_with_params()
    # Constants and the ORM's own SQL; every value is a parameter.
    sql = (
        "SELECT g.ref, g.label, v.key, SUM(v.value) "  # noqa: S608
        f"FROM ({inner_sql}) v JOIN ({group_sql}) g ON g.partnership_id = v.scope_id "
        "GROUP BY g.ref, g.label, v.key"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, inner_params)
        grouped = defaultdict(dict)
        for ref, label, key, total in cursor.fetchall():
            grouped[(ref, label)][key] = float(total)
    return grouped


MODEL_SQL = "SELECT id AS partnership_id, model AS ref, model AS label FROM partnerships_partnership"
AREA_SQL = (
    "SELECT t.partnership_id, a.id AS ref, a.name AS label FROM partnerships_partnership_research_areas t "
    "JOIN partnerships_researcharea a ON a.id = t.researcharea_id"
)
MODEL_NAMES = {number: model for model, number in MODEL_SCOPE_IDS.items()}


def _stored_breakdown(user, filters: Filters, kind: str, keys: list[str], only=None) -> dict:
    """The portfolio's breakdown by model or area as the recompute stored it (a row per group,
    key and year): {(ref, label): {key: total}}. `only` keeps one group (the filter's)."""
    rows = MetricValue.objects.visible_to(user).filter(scope_kind=kind, key__in=keys, period__in=filters.years)
    if only is not None:
        rows = rows.filter(scope_id=only)
    totals = rows.order_by().values("scope_id", "key").annotate(total=Sum("value"))
    grouped = defaultdict(dict)
    if kind == ScopeKind.MODEL:
        for scope_id, key, total in totals.values_list("scope_id", "key", "total"):
            if scope_id in MODEL_NAMES:
                grouped[(MODEL_NAMES[scope_id], MODEL_NAMES[scope_id])][key] = float(total)
        return grouped
    name = ResearchArea.objects.filter(pk=OuterRef("scope_id")).values("name")
    for scope_id, key, total, label in totals.annotate(label=Subquery(name)).values_list(
        "scope_id", "key", "total", "label"
    ):
        if label is not None:  # an area deleted since the recompute
            grouped[(scope_id, label)][key] = float(total)
    return grouped


def _by_model(user, filters: Filters, keys: list[str]) -> dict:
    # Stored for the office's portfolio (or one model of it); any other cut adds up partnership rows.
    if roles.is_internal(user) and not (filters.partner or filters.area):
        only = MODEL_SCOPE_IDS.get(filters.model) if filters.model else None
        return _stored_breakdown(user, filters, ScopeKind.MODEL, keys, only)
    return _grouped_by(user, filters, MODEL_SQL, keys)


def _by_area(user, filters: Filters, keys: list[str]) -> dict:
    if roles.is_internal(user) and not (filters.partner or filters.model):
        only = filters.area.pk if filters.area else None
        return _stored_breakdown(user, filters, ScopeKind.AREA, keys, only)
    return _grouped_by(user, filters, AREA_SQL, keys)


def _breakdown_row(label: str, values: dict, keys: list[str], filters: Filters, **narrowing) -> dict:
    """One row of a breakdown: its figures, the partnerships behind it, and the outputs behind each figure."""
    narrowed = Filters(filters.year_from, filters.year_to, filters.partner, **narrowing)
    return {
        "label": label,
        "url": _list_url("partnerships:partnership-list", narrowed),
        "urls": {key: _records_url(key, narrowed) for key in keys},
        **{key: values.get(key, 0) for key in keys},
    }


def breakdowns(user, filters: Filters) -> tuple[list[dict], list[dict]]:
    keys = [key for key in BREAKDOWN_KEYS if roles.is_internal(user) or key in PARTNER_SAFE_KEYS]
    models = dict(PartnershipModel.choices)
    by_model = _by_model(user, filters, keys)
    by_area = _by_area(user, filters, keys)

    def ordered(grouped):
        return sorted(grouped.items(), key=lambda item: -sum(item[1].values()))

    model_rows = [
        _breakdown_row(models.get(model, model), values, keys, filters, model=model, area=filters.area)
        for (model, _), values in ordered(by_model)
    ]
    area_rows = [
        _breakdown_row(name, values, keys, filters, model=filters.model, area=ResearchArea(pk=area_id, name=name))
        for (area_id, name), values in ordered(by_area)
    ]
    return model_rows, area_rows


PARTNER_KEYS = ["funding_committed", "publications", "licences_options", "placements"]
PARTNER_ROWS = 10


def by_partner(user, filters: Filters) -> list[dict]:
    """Partner organizations ranked by funding committed over the years (internal users only).

    The top ten come first (one subquery): for a single year a walk down the ranking index, for
    several years a sum per organization; then their other figures, by the unique index.
    """
    if not roles.is_internal(user):
        return []
    rows = (
        MetricValue.objects.visible_to(user)
        .filter(scope_kind=ScopeKind.ORGANIZATION, period__in=filters.years)
        .order_by()
    )
    # The university's own figures are the portfolio's: partners only. A lookup per ranked row,
    # not a list of every university.
    university = Organization.objects.filter(pk=OuterRef("scope_id"), kind=OrganizationKind.UNIVERSITY)
    funding = rows.filter(key="funding_committed").filter(~Exists(university))
    if len(filters.years) == 1:
        top = funding.order_by("-value", "-scope_id").values("scope_id")[:PARTNER_ROWS]
    else:
        top = (
            funding.values("scope_id")
            .annotate(total=Sum("value"))
            .order_by("-total", "-scope_id")
            .values("scope_id")[:PARTNER_ROWS]
        )
    totals = (
        rows.filter(key__in=PARTNER_KEYS, scope_id__in=top)
        .values("scope_id", "key")
        .annotate(total=Sum("value"))
        .values_list("scope_id", "key", "total")
    )
    grouped = defaultdict(dict)
    for scope_id, key, total in totals:
        grouped[scope_id][key] = float(total)
    ranked = sorted(grouped.items(), key=lambda item: (-item[1].get("funding_committed", 0), -item[0]))
    organizations = Organization.objects.visible_to(user).only("name").in_bulk([pk for pk, _ in ranked])
    result = []
    for pk, values in ranked:
        organization = organizations.get(pk)
        if organization is None:
            continue
        # An organization's rows are not split by model or area: its lists are not either.
        narrowed = Filters(filters.year_from, filters.year_to, organization)
        result.append(
            {
                "label": organization.name,
                "url": reverse("partnerships:organization-detail", args=[pk]),
                "urls": {
                    "funding_committed": reverse("partnerships:organization-detail", args=[pk]),
                    **{key: _records_url(key, narrowed) for key in PARTNER_KEYS[1:]},
                },
                **{key: values.get(key, 0) for key in PARTNER_KEYS},
            }
        )
    return result


def ranked_partnerships(user, filters: Filters, *, limit: int = 5):
    """The active partnerships with the most and the least outputs in the years.

    Every partnership active in a year has an `activity` row for it (0 when it produced
    nothing), so for one year the ranking is the first and the last rows of the ranking index:
    two short index walks, whatever the size of the portfolio. Over several years the rows are
    added up per partnership first. Then one query for the partnerships shown.
    """
    rows = _partnership_rows(user, filters, ["activity"])
    if len(filters.years) == 1:
        ranking = rows.values_list("scope_id", "value")
        most = list(ranking.order_by("-value", "-scope_id")[:limit])
        least = list(ranking.order_by("value", "scope_id")[:limit])
    else:
        ranking = rows.values("scope_id").annotate(activity=Sum("value")).values_list("scope_id", "activity")
        most = list(ranking.order_by("-activity", "-scope_id")[:limit])
        least = list(ranking.order_by("activity", "scope_id")[:limit])
    partnerships = Partnership.objects.visible_to(user).in_bulk([pk for pk, _ in most + least])

    def shown(ranking):
        result = []
        for pk, activity in ranking:
            if pk in partnerships:
                partnership = partnerships[pk]
                partnership.activity = activity
                partnership.outputs_url = _list_url(f"outputs:output-list?partnership={pk}", filters)
                result.append(partnership)
        return result

    return shown(most), shown(least)


def computed_at():
    """When the table was last written (the latest finished run: one indexed row)."""
    run = RecomputeRun.objects.filter(status=RunStatus.DONE).order_by("-finished_at").only("finished_at").first()
    return run.finished_at if run else None


def default_filters(year_from=None, year_to=None, **kwargs) -> Filters:
    this_year = timezone.localdate().year
    year_to = year_to or this_year
    year_from = min(year_from or year_to, year_to)
    return Filters(year_from=year_from, year_to=year_to, **kwargs)


def dashboard(user, filters: Filters) -> Dashboard:
    source = source_for(user, filters)
    by_model, by_area = breakdowns(user, filters)
    most, least = ranked_partnerships(user, filters)
    note = ""
    if filters.by_partnership and not roles.is_internal(user):
        note = "Filtered by model or area, partners see output figures only."
    return Dashboard(
        figures=figures(user, filters, source),
        trends=trends(user, source),
        by_partner=by_partner(user, filters),
        by_model=by_model,
        by_area=by_area,
        most_active=most,
        least_active=least,
        computed_at=computed_at(),
        note=note,
    )
