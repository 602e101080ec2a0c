"""Facts owned by other apps mark their partnership for recomputation when they change.

Why receivers and not calls in those services: the facts (payments, agreement transitions,
ball passes, placements, memberships, outputs and their income) are written by services of apps
below this one, which must not import it (the layers point one way),
and by the admin; a receiver sees every ORM write path in one place, and only marks a row in
the same transaction (metrics_mark_changed), deferring all work to after the commit. A
partnership's research areas are a many-to-many relation, so m2m_changed marks it. Bulk
writes (queryset.update, bulk_create) bypass it: they are the load generator's and data
migrations', which run a full recompute, and the nightly job catches anything else.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from agreements.models import Agreement, AgreementParty, BallChange
from outputs.models import LicenceIncome, Output
from partnerships.models import FundingCommitment, Partnership, PartnershipMember, Payment
from people.models import Placement

# model -> (how to find its partnership id, fields naming organizations whose figures it moves)
TRACKED = {
    Partnership: (lambda obj: obj.pk, ()),
    PartnershipMember: (lambda obj: obj.partnership_id, ("organization_id",)),
    FundingCommitment: (lambda obj: obj.partnership_id, ("source_id",)),
    Payment: (
        lambda obj: (
            FundingCommitment.objects.filter(pk=obj.commitment_id).values_list("partnership_id", flat=True).first()
        ),
        (),
    ),
    Agreement: (lambda obj: obj.partnership_id, ()),
    AgreementParty: (
        lambda obj: Agreement.objects.filter(pk=obj.agreement_id).values_list("partnership_id", flat=True).first(),
        ("organization_id",),
    ),
    BallChange: (
        lambda obj: Agreement.objects.filter(pk=obj.agreement_id).values_list("partnership_id", flat=True).first(),
        (),
    ),
    Placement: (lambda obj: obj.partnership_id, ("home_organization_id", "host_organization_id")),
    Output: (lambda obj: obj.partnership_id, ()),
    LicenceIncome: (
        lambda obj: Output.objects.filter(pk=obj.output_id).values_list("partnership_id", flat=True).first(),
        (),
    ),
}

# Fields whose old value matters when a row moves (another partnership, another organization).
MOVABLE = {
    FundingCommitment: ("partnership_id", "source_id"),
    Placement: ("partnership_id", "home_organization_id", "host_organization_id"),
    Agreement: ("partnership_id",),
    Output: ("partnership_id",),
}


def _mark(instance) -> None:
    from metrics.services import metrics_mark_changed

    find_partnership, org_fields = TRACKED[type(instance)]
    metrics_mark_changed(
        partnership_ids=[find_partnership(instance)],
        organization_ids=[getattr(instance, name) for name in org_fields],
    )


def _mark_old(sender, instance, **kwargs):
    if not instance.pk or sender not in MOVABLE:
        return
    from metrics.services import metrics_mark_changed

    fields = MOVABLE[sender]
    old = sender.objects.filter(pk=instance.pk).values(*fields).first()
    if not old or all(old[name] == getattr(instance, name) for name in fields):
        return
    metrics_mark_changed(
        partnership_ids=[old["partnership_id"]],
        organization_ids=[old[name] for name in fields if name != "partnership_id"],
    )


def _changed(sender, instance, **kwargs):
    _mark(instance)


def _areas_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """The breakdown by research area moves with a partnership's areas (from either side)."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    from metrics.services import metrics_mark_changed

    if not reverse:
        partnership_ids = [instance.pk]
    elif action == "pre_clear":  # an area losing all its partnerships: who they were is gone after
        partnership_ids = list(instance.partnerships.values_list("pk", flat=True))
    else:
        partnership_ids = list(pk_set or ())
    if partnership_ids:
        metrics_mark_changed(partnership_ids=partnership_ids, organization_ids=[])


def connect() -> None:
    for model in TRACKED:
        uid = f"metrics-{model.__name__}"
        pre_save.connect(_mark_old, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_areas_changed, sender=Partnership.research_areas.through, dispatch_uid="metrics-areas")
