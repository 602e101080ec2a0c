"""What the outputs list exports (see core/exports)."""

from django.db.models import CharField, F, Q, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

from core.exports import Column, ExportTable, choice_label, register
from core.exports.expressions import joined, yes_or_blank
from outputs.filters import OutputFilter
from outputs.models import Output, OutputKind
from people.models import Person


def _outputs(user):
    # The people named on a row are those the user may see as records (as on the list); the
    # cell depends on who asks, so it is built here rather than in a column.
    people = Output.people.through.objects.filter(person__in=Person.objects.visible_to(user))
    name = Trim(Concat(F("person__first_name"), Value(" "), F("person__last_name"), output_field=CharField()))
    names = joined(people, "output", name, ordering=("person__last_name", "person__first_name"))
    # The list's order (Meta.ordering, as in outputs/views/outputs.py) unless the filters sort.
    return Output.objects.visible_to(user).order_by("-date", "-pk").with_licence_income().annotate(export_people=names)


def _people_or_authors():
    """The linked people when there are any, else the author list as published."""
    return Coalesce(NullIf(F("export_people"), Value("")), F("authors_text"), output_field=TextField())


OUTPUTS = register(
    ExportTable(
        key="outputs",
        title="Outputs",
        list_url_name="outputs:output-list",
        filterset_class=OutputFilter,
        visible_rows=_outputs,
        columns=(
            Column("Kind", "kind", choice_label(OutputKind.choices)),
            Column("Title", "title"),
            Column("Date", "date"),
            Column("Partnership", "partnership__title"),
            Column("Agreement", "agreement__reference"),
            Column("People", _people_or_authors()),
            Column("DOI", "doi"),
            Column("Venue", "venue"),
            Column("Citations", "citations"),
            Column("Patent office", "office"),
            Column("Number", "number"),
            Column("Licensee", "licensee__name"),
            Column("Exclusive", yes_or_blank(Q(exclusive=True))),
            Column("Licence income", "licence_income"),
            Column("Business result", "business_result"),
        ),
    )
)
