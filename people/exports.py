"""What the people and placement lists export (see core/exports)."""

from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Concat, Trim

from core.exports import Column, ExportTable, choice_label, register
from core.exports.expressions import joined
from people import selectors
from people.filters import PersonFilter, PlacementFilter
from people.models import Affiliation, CareerOutcome, PersonKind, PlacementKind, PlacementStatus


def full_name(path: str):
    """A person's name as `Person.full_name` writes it; empty for no person."""
    return Trim(Concat(F(f"{path}__first_name"), Value(" "), F(f"{path}__last_name"), output_field=CharField()))


def _people(user):
    # Which affiliations show depends on who asks (a liaison sees only those at their own
    # organizations), so the cell is built here rather than in a column.
    affiliation = Case(
        When(title="", then=F("organization__name")),
        default=Concat(F("organization__name"), Value(" ("), F("title"), Value(")")),
        output_field=CharField(),
    )
    current = Affiliation.objects.visible_to(user).current()
    return selectors.people_for_list(user).annotate(
        export_affiliations=joined(current, "person", affiliation, ordering="organization__name")
    )


PEOPLE = register(
    ExportTable(
        key="people",
        title="People",
        list_url_name="people:person-list",
        filterset_class=PersonFilter,
        visible_rows=_people,
        columns=(
            Column("First name", "first_name"),
            Column("Last name", "last_name"),
            Column("Kind", "kind", choice_label(PersonKind.choices)),
            # `contact_visible` comes with the list's rows: may this user see the person's e-mail?
            Column("E-mail", Case(When(contact_visible=True, then=F("email")), default=Value(""))),
            Column("ORCID", "orcid"),
            Column("Current affiliations", "export_affiliations"),
        ),
    )
)


def _placements(user):
    return selectors.placements_for_list(user).order_by("-start_date", "pk")  # the list's order


PLACEMENTS = register(
    ExportTable(
        key="placements",
        title="Placements",
        list_url_name="people:placement-list",
        filterset_class=PlacementFilter,
        visible_rows=_placements,
        columns=(
            Column("Person", full_name("person")),
            Column("Kind", "kind", choice_label(PlacementKind.choices)),
            Column("Home", "home_organization__name"),
            Column("Host", "host_organization__name"),
            Column("Partnership", "partnership__title"),
            Column("Academic advisor", full_name("academic_advisor")),
            Column("Industry mentor", full_name("industry_mentor")),
            Column("Start", "start_date"),
            Column("End", "end_date"),
            Column("Status", "status", choice_label(PlacementStatus.choices)),
            Column("Career outcome", "outcome", choice_label(CareerOutcome.choices)),
        ),
    )
)
