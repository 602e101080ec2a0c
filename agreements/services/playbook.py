"""The playbook: admins keep the institution's positions; every agreement is checked against them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus, Deviation, PlaybookRule, PlaybookVersion
from agreements.playbook import DEFAULT_RULES, Condition, deviates
from core import roles
from core.history import record_change, record_changes

RULE_FIELDS = ["term", "condition", "value", "severity", "standard_position", "explanation", "active"]
NEEDS_VALUE = (Condition.AT_MOST, Condition.AT_LEAST, Condition.EQUALS, Condition.NOT_EQUALS)
CHECKED_STATUSES = [s for s in AgreementStatus.values if s not in (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)]


def _require_admin(actor) -> None:
    if not roles.is_admin(actor):
        raise PermissionDenied("Only admins change the playbook or sign off deviations.")


def current_version() -> PlaybookVersion | None:
    return PlaybookVersion.objects.order_by("-number").first()


@transaction.atomic
def playbook_publish(*, actor) -> PlaybookVersion:
    """Freeze the active rules as a new version, then re-check every live agreement against it."""
    number = (PlaybookVersion.objects.aggregate(latest=Max("number"))["latest"] or 0) + 1
    rules = [rule.as_dict() for rule in PlaybookRule.objects.filter(active=True).order_by("pk")]
    version = PlaybookVersion.objects.create(number=number, rules=rules, published_by=actor)
    for agreement in Agreement.objects.filter(status__in=CHECKED_STATUSES).select_related("parent"):
        agreement_check(agreement=agreement, version=version, actor=actor)
    return version


@transaction.atomic
def playbook_rule_save(*, actor, data: dict, rule: PlaybookRule | None = None) -> PlaybookRule:
    _require_admin(actor)
    rule = rule or PlaybookRule()
    before = rule.as_dict() if rule.pk else {}
    for name in RULE_FIELDS:
        if name in data:
            setattr(rule, name, data[name])
    if rule.condition in NEEDS_VALUE and not str(rule.value).strip():
        raise ValidationError({"value": "This condition compares with a value: enter it."})
    if rule.condition in (Condition.AT_MOST, Condition.AT_LEAST):
        try:
            float(rule.value)
        except ValueError:
            raise ValidationError({"value": "Enter a number."}) from None
    rule.full_clean()
    rule.save()
    playbook_publish(actor=actor)
    record_change(
        actor=actor,
        target=rule,
        action="updated" if before else "created",
        summary=rule.standard_position,
        before={k: str(v) for k, v in before.items()},
        after={k: str(v) for k, v in rule.as_dict().items()},
    )
    return rule


@transaction.atomic
def playbook_seed_defaults(*, actor=None) -> PlaybookVersion:
    """The starting playbook, once: a no-op when rules already exist."""
    if not PlaybookRule.objects.exists():
        for term, condition, value, severity, position, why in DEFAULT_RULES:
            PlaybookRule.objects.create(
                term=term,
                condition=condition,
                value=value,
                severity=severity,
                standard_position=position,
                explanation=why,
            )
    return current_version() or playbook_publish(actor=actor)


def agreement_check(*, agreement: Agreement, version: PlaybookVersion | None = None, actor=None) -> list[Deviation]:
    """Compare the agreement's terms in force with the playbook; keep what still deviates (and
    its sign-off), record what newly deviates, and close what no longer does, in the
    agreement's history as the doing of `actor` (whose edit or playbook change closed it)."""
    from agreements.selectors import effective_terms_snapshot

    version = version or current_version()
    if version is None:
        return []
    agreement = Agreement.objects.select_related("parent").get(pk=agreement.pk)  # the terms as stored now
    values = effective_terms_snapshot(agreement)
    now = timezone.now()
    still_open = []
    for rule in version.rules:
        actual = values.get(rule["term"])
        if not deviates(rule["condition"], rule["value"], actual):
            continue
        deviation, _ = Deviation.objects.get_or_create(
            agreement=agreement,
            rule_id=rule["id"],
            actual=str(actual),
            resolved_at=None,
            defaults={
                "playbook_version": version,
                "term": rule["term"],
                "severity": rule["severity"],
                "standard_position": rule["standard_position"],
                "explanation": rule["explanation"],
            },
        )
        still_open.append(deviation.pk)
    closing = list(agreement.deviations.open().exclude(pk__in=still_open))
    if closing:
        Deviation.objects.filter(pk__in=[deviation.pk for deviation in closing]).update(resolved_at=now)
        # A deviation leaves the agreement's page here, signed off or not: the history says why.
        record_changes(
            actor=actor,
            action="deviation closed",
            entries=[
                (
                    agreement,
                    f"{deviation.standard_position}: the terms no longer depart from it (was {deviation.actual})",
                )
                for deviation in closing
            ],
        )
    return list(agreement.deviations.open())


@transaction.atomic
def deviation_sign_off(*, deviation: Deviation, actor, reason: str) -> Deviation:
    _require_admin(actor)
    deviation = Deviation.objects.select_for_update().get(pk=deviation.pk)
    if deviation.resolved_at is not None:
        raise ValidationError("The agreement no longer deviates here; nothing to sign off.")
    if deviation.signed_off_at is not None:
        raise ValidationError("Already signed off.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the institution accepts this deviation."})
    deviation.signed_off_by = actor
    deviation.signed_off_at = timezone.now()
    deviation.sign_off_reason = reason.strip()
    deviation.save(update_fields=["signed_off_by", "signed_off_at", "sign_off_reason"])
    record_change(
        actor=actor,
        target=deviation.agreement,
        action="deviation signed off",
        summary=f"{deviation.standard_position}: {reason.strip()}"[:300],
    )
    return deviation
