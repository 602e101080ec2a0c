"""Reads with business meaning: conflicts of interest, and everything held about a person."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from core import roles
from core.history import history_for
from core.querysets import VisiblePrefetch
from partnerships.models import MemberRole, Organization, Partnership, PartnershipMember
from people.models import (
    Affiliation,
    ConflictClearance,
    Participation,
    ParticipationRole,
    Person,
    Placement,
)

# --- Liaison access ---------------------------------------------------------------------------


def liaison_organization_ids(user) -> list[int]:
    """The organizations `user` acts for as a liaison: those of their person's current affiliations.

    core.roles asks this (the people app registers it), and caches the answer per request.
    """
    return list(Affiliation.objects.current().filter(person__user=user).values_list("organization_id", flat=True))


# --- Conflicts of interest -----------------------------------------------------------------


@dataclass
class Conflict:
    """A person leads something in which an organization they are tied to is a counterparty."""

    person: Person
    organization: Organization
    partnership: Partnership
    ties: list[str] = field(default_factory=list)  # "affiliated: Senior engineer", "placed: internship"
    clearance: ConflictClearance | None = None

    @property
    def cleared(self) -> bool:
        return self.clearance is not None

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.person.pk, self.organization.pk, self.partnership.pk)


@dataclass(frozen=True)
class Lead:
    """Someone leading a context (a partnership today), and the counterparties of that context."""

    person: Person
    partnership: Partnership
    counterparty_ids: frozenset[int]


def _partnership_leads(persons, partnerships) -> list[Lead]:
    """Principal investigators of partnerships; counterparties are the members other than the academic lead.

    Two queries whatever the number of partnerships.
    """
    participations = (
        Participation.objects.filter(role=ParticipationRole.PRINCIPAL_INVESTIGATOR, person__in=persons)
        .filter(partnership__in=partnerships)
        .select_related("person", "partnership")
    )
    participations = list(participations)
    counterparties = defaultdict(set)
    members = PartnershipMember.objects.filter(partnership_id__in={p.partnership_id for p in participations}).exclude(
        role=MemberRole.ACADEMIC_LEAD
    )
    for partnership_id, organization_id in members.values_list("partnership_id", "organization_id"):
        counterparties[partnership_id].add(organization_id)
    return [Lead(p.person, p.partnership, frozenset(counterparties[p.partnership_id])) for p in participations]


# Each source answers "who leads what, and who is on the other side". Agreements will add one
# (a signatory or PI of an agreement; counterparties = the other parties) and the rest holds.
LEAD_SOURCES: list[Callable[..., list[Lead]]] = [_partnership_leads]


def _ties(person_ids: set[int]) -> dict[int, dict[int, list[str]]]:
    """person id → organization id → how they are tied to it today: current affiliations and placements."""
    ties: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    today = timezone.localdate()
    for person_id, organization_id, title in (
        Affiliation.objects.current(today)
        .filter(person_id__in=person_ids)
        .values_list("person_id", "organization_id", "title")
    ):
        ties[person_id][organization_id].append(f"affiliated{f' as {title}' if title else ''}")
    for placement in (
        Placement.objects.current(today)
        .filter(person_id__in=person_ids)
        .only("person_id", "host_organization_id", "kind")
    ):
        ties[placement.person_id][placement.host_organization_id].append(f"placed ({placement.get_kind_display()})")
    return ties


def conflicts_of_interest(*, user, persons=None, partnerships=None, include_cleared: bool = True) -> list[Conflict]:
    """Every person currently affiliated with, or placed at, a counterparty of something they lead.

    The office's review concern: partners never see it (an empty list for anyone else).
    Narrow with `persons` / `partnerships` querysets for one page. A constant number of
    queries, however many conflicts there are.
    """
    if not roles.is_internal(user):
        return []
    persons = Person.objects.visible_to(user) if persons is None else persons
    partnerships = Partnership.objects.visible_to(user) if partnerships is None else partnerships
    leads = [lead for source in LEAD_SOURCES for lead in source(persons, partnerships)]
    ties = _ties({lead.person.pk for lead in leads})
    organization_ids = set()
    found: list[Conflict] = []
    for lead in leads:
        for organization_id, how in ties.get(lead.person.pk, {}).items():
            if organization_id in lead.counterparty_ids:
                organization_ids.add(organization_id)
                found.append(Conflict(lead.person, organization_id, lead.partnership, list(how)))
    if not found:
        return []
    organizations = Organization.objects.in_bulk(organization_ids)
    clearances = {
        (c.person_id, c.organization_id, c.partnership_id): c
        for c in ConflictClearance.objects.visible_to(user)
        .filter(person_id__in={c.person.pk for c in found}, partnership_id__in={c.partnership.pk for c in found})
        .select_related("cleared_by")
    }
    for conflict in found:
        conflict.organization = organizations[conflict.organization]
        conflict.clearance = clearances.get(conflict.key)
    if not include_cleared:
        found = [conflict for conflict in found if not conflict.cleared]
    return sorted(found, key=lambda c: (c.cleared, c.person.last_name, c.person.first_name, c.partnership.title))


def conflict_exists(*, user, person: Person, organization_id: int, partnership_id: int) -> Conflict | None:
    """The conflict with this key, if it is currently flagged (clearing needs a live conflict)."""
    for conflict in conflicts_of_interest(
        user=user,
        persons=Person.objects.filter(pk=person.pk),
        partnerships=Partnership.objects.filter(pk=partnership_id),
    ):
        if conflict.organization.pk == organization_id:
            return conflict
    return None


# --- Personal data ---------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def _named(obj) -> dict | None:
    return {"id": obj.pk, "name": str(obj)} if obj else None


def person_data(person: Person, *, user) -> dict:
    """Everything Tandem holds about a person, as one JSON-ready document (a subject access request).

    Not narrowed by visible_to: the request is for everything held, and only editors make one
    (people.views.persons.person_data_export), who see every row anyway. Its history is read as
    `user` reads it, which for an editor is all of it.
    """
    affiliations = person.affiliations.select_related("organization").order_by("start_date", "pk")
    participations = person.participations.select_related("partnership").order_by("pk")
    placements = Placement.objects.filter(person=person).select_related(
        "home_organization", "host_organization", "partnership", "academic_advisor", "industry_mentor"
    )
    advised = Placement.objects.filter(academic_advisor=person).select_related("person", "host_organization")
    mentored = Placement.objects.filter(industry_mentor=person).select_related("person", "host_organization")
    return {
        "person": {
            "id": person.pk,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "orcid": person.orcid,
            "kind": person.kind,
            "notes": person.notes,
            "login": person.user.username if person.user_id else None,
            "created_at": _iso(person.created_at),
            "updated_at": _iso(person.updated_at),
            "erased_at": _iso(person.erased_at),
        },
        "affiliations": [
            {
                "organization": _named(a.organization),
                "title": a.title,
                "from": _iso(a.start_date),
                "to": _iso(a.end_date),
            }
            for a in affiliations
        ],
        "partnership_roles": [{"partnership": _named(p.partnership), "role": p.role} for p in participations],
        "placements": [
            {
                "id": p.pk,
                "kind": p.kind,
                "home_organization": _named(p.home_organization),
                "host_organization": _named(p.host_organization),
                "partnership": _named(p.partnership),
                "academic_advisor": _named(p.academic_advisor),
                "industry_mentor": _named(p.industry_mentor),
                "start_date": _iso(p.start_date),
                "end_date": _iso(p.end_date),
                "status": p.status,
                "outcome": p.outcome,
                "notes": p.notes,
            }
            for p in placements
        ],
        "outputs": [
            {"id": o.pk, "kind": o.kind, "title": o.title, "date": _iso(o.date), "partnership": _named(o.partnership)}
            for o in person.outputs.select_related("partnership").order_by("date", "pk")
        ],
        "advised_placements": [{"id": p.pk, "person": _named(p.person), "kind": p.kind} for p in advised],
        "mentored_placements": [{"id": p.pk, "person": _named(p.person), "kind": p.kind} for p in mentored],
        "conflict_clearances": [
            {
                "organization": _named(c.organization),
                "partnership": _named(c.partnership),
                "note": c.note,
                "cleared_at": _iso(c.cleared_at),
            }
            for c in person.conflict_clearances.select_related("organization", "partnership")
        ],
        "history": [
            {"at": _iso(h.at), "action": h.action, "summary": h.summary, "changes": h.changes}
            for h in history_for(person, user)
        ],
    }


def placements_for(person: Person, user) -> Iterable[Placement]:
    return (
        Placement.objects.visible_to(user)
        .filter(person=person)
        .select_related("home_organization", "host_organization", "partnership", "academic_advisor", "industry_mentor")
        .with_notes_visibility(user)
    )


def placements_for_list(user):
    """Placements the user may see, with everything a row shows and `notes_visible` (constant queries)."""
    return (
        Placement.objects.visible_to(user)
        .select_related(
            "person", "home_organization", "host_organization", "partnership", "academic_advisor", "industry_mentor"
        )
        .with_notes_visibility(user)
    )


def people_for_list(user):
    """People the user may see, in the list's order, with `contact_visible` and their current
    affiliations the user may see (a fixed number of queries whatever the page size)."""
    current = Affiliation.objects.current().select_related("organization").order_by("organization__name")
    return (
        Person.objects.visible_to(user)
        .with_contact_visibility(user)
        .prefetch_related(
            VisiblePrefetch(
                "affiliations", model=Affiliation, user=user, queryset=current, to_attr="current_affiliations"
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
