"""Records of every kind the API serves, and which path parameters and body fields name which kind.

tests/api/test_fuzz.py aims generated ids at them; tests/api/test_strict_input.py sends every
write operation to them.
"""

from agreements import services as agreement_services
from agreements.models import Deviation
from reports.models import ExportFormat, ExportJob
from reports.tasks import run_export_task
from tests.agreements.factories import (
    ActivityFactory,
    DeviationFactory,
    DocumentFactory,
    PlaybookRuleFactory,
    ReviewRoundFactory,
)
from tests.outputs.factories import IncomeFactory, OutputFactory
from tests.partnerships.factories import FundingFactory, MilestoneFactory, PaymentFactory
from tests.people.factories import ParticipationFactory, PlacementFactory


def build_world(
    personas, acme, globex, university, acme_partnership, globex_partnership, acme_agreement, globex_agreement
):
    """Records of every kind the API serves, for both rival partners, so that ids can hit them.

    By kind, Acme's before Globex's: the ids a request can name.
    """
    records: dict[str, list[int]] = {
        "organization": [university.pk, acme.pk, globex.pk],
        "partnership": [acme_partnership.pk, globex_partnership.pk],
        "agreement": [acme_agreement.pk, globex_agreement.pk],
    }
    staff = personas["staff"]
    for name, kind in [("activity", ActivityFactory), ("deviation", DeviationFactory)]:
        records[name] = [kind(agreement=acme_agreement).pk, kind(agreement=globex_agreement).pk]
    # Each round sent to the partner itself, so that its liaison can answer it.
    records["round"] = [
        ReviewRoundFactory(agreement=agreement, organization=partner).pk
        for agreement, partner in ((acme_agreement, acme), (globex_agreement, globex))
    ]
    records["party"] = [party.pk for party in [*acme_agreement.parties.all(), *globex_agreement.parties.all()]]
    records["funding"] = []
    for partnership in (acme_partnership, globex_partnership):
        commitment = FundingFactory(partnership=partnership)
        PaymentFactory(commitment=commitment)
        records["funding"].append(commitment.pk)
    records["member"] = [member.pk for p in (acme_partnership, globex_partnership) for member in p.members.all()]
    records["milestone"] = [MilestoneFactory(partnership=p).pk for p in (acme_partnership, globex_partnership)]
    records["person"] = [ParticipationFactory(partnership=p).person_id for p in (acme_partnership, globex_partnership)]
    records["placement"] = [PlacementFactory(partnership=p).pk for p in (acme_partnership, globex_partnership)]
    records["output"] = [IncomeFactory(output__partnership=p).output_id for p in (acme_partnership, globex_partnership)]
    records["output"] += [OutputFactory(partnership=p).pk for p in (acme_partnership, globex_partnership)]
    records["document"] = [DocumentFactory(agreement=a).pk for a in (acme_agreement, globex_agreement)]
    records["playbook-rule"] = [PlaybookRuleFactory().pk]
    records["playbook-version"] = [Deviation.objects.get(pk=pk).playbook_version_id for pk in records["deviation"]]
    records["export"] = [
        ExportJob.objects.create(user=user, table="agreements", table_title="Agreements", format="csv").pk
        for user in (staff, personas["acme_liaison"])
    ]
    # Finished ones too, in each format: a download answers the file's own content type.
    for export_format in ExportFormat.values:
        job = ExportJob.objects.create(user=staff, table="agreements", table_title="Agreements", format=export_format)
        run_export_task(job.pk)
        records["export"].append(job.pk)
    manuscripts = [
        agreement_services.manuscript_submit(agreement=a, actor=staff, title="Grasping", authors="M. Chen")
        for a in (acme_agreement, globex_agreement)
    ]
    records["manuscript"] = [m.pk for m in manuscripts]
    records["publication-review"] = [review.pk for m in manuscripts for review in m.reviews.all()]
    return records


# The kind of record an `{id}` names, by collection; and other path parameters and body fields, by name.
PATH_KINDS = {
    "organizations": "organization",
    "partnerships": "partnership",
    "funding": "funding",
    "agreements": "agreement",
    "playbook-rules": "playbook-rule",
    "deviations": "deviation",
    "manuscripts": "manuscript",
    "publication-reviews": "publication-review",
    "people": "person",
    "placements": "placement",
    "outputs": "output",
    "playbook-versions": "playbook-version",
    "exports": "export",
}
FIELD_KINDS = {
    "activity_id": "activity",
    "round_id": "round",
    "document_id": "document",
    "party_id": "party",
    "member_id": "member",
    "milestone_id": "milestone",
    "organization": "organization",
    "source": "organization",
    "academic_lead": "organization",
    "home_organization": "organization",
    "host_organization": "organization",
    "partnership": "partnership",
    "agreement": "agreement",
    "person": "person",
}
