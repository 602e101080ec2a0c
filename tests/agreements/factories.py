import datetime
import hashlib

import factory

from agreements.models import (
    Activity,
    Agreement,
    AgreementKind,
    AgreementParty,
    Deviation,
    Document,
    PlaybookRule,
    PlaybookVersion,
    ReviewRound,
)
from agreements.playbook import Condition, Severity


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement in a partnership, with every member of the partnership as a party."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    partnership = factory.SubFactory("tests.partnerships.factories.PartnershipFactory")
    kind = AgreementKind.SPONSORED_RESEARCH
    title = factory.Sequence(lambda n: f"Research agreement {n}")
    reference = factory.Sequence(lambda n: f"AGR-TEST-{n:05d}")
    owner = factory.LazyAttribute(lambda a: a.partnership.owner)
    internal_notes = "Internal: fallback position is 45 days review."
    right_to_publish = True
    publication_review_days = 30

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create:
            organizations = extracted or [member.organization for member in self.partnership.members.all()]
            for organization in organizations:
                AgreementParty.objects.create(agreement=self, organization=organization)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A draft sent, with a follow-up that fell due a week ago."""

    class Meta:
        model = Activity

    agreement = factory.SubFactory(AgreementFactory)
    kind = "draft_sent"
    occurred_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=14))
    summary = "Sent the draft to the sponsor."
    follow_up_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    created_by = factory.LazyAttribute(lambda a: a.agreement.owner)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    file = factory.django.FileField(data=b"%PDF-1.4 test", filename="draft.pdf")
    original_name = "draft.pdf"
    file_type = "pdf"
    size = 13
    sha256 = hashlib.sha256(b"%PDF-1.4 test").hexdigest()
    uploaded_by = factory.LazyAttribute(lambda d: d.agreement.owner)


class ReviewRoundFactory(factory.django.DjangoModelFactory):
    """An open round sent to `organization` (a party), due in two weeks."""

    class Meta:
        model = ReviewRound

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.LazyAttribute(lambda r: r.agreement.parties.last().organization)
    number = factory.Sequence(lambda n: n + 1)
    terms = factory.LazyAttribute(lambda r: r.agreement.terms_snapshot())
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
    sent_by = factory.LazyAttribute(lambda r: r.agreement.owner)


class PlaybookRuleFactory(factory.django.DjangoModelFactory):
    """The standard publication-review limit, as a warning."""

    class Meta:
        model = PlaybookRule

    term = "publication_review_days"
    condition = Condition.AT_MOST
    value = "60"
    severity = Severity.WARNING
    standard_position = "Sponsor review of at most 60 days."
    explanation = "Longer reviews hold back students and careers."


class PlaybookVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaybookVersion

    number = factory.Sequence(lambda n: n + 1)
    rules = factory.LazyFunction(list)


class DeviationFactory(factory.django.DjangoModelFactory):
    """An open blocker: the agreement gives up the right to publish, and no admin has signed it off."""

    class Meta:
        model = Deviation

    agreement = factory.SubFactory(AgreementFactory)
    playbook_version = factory.SubFactory(PlaybookVersionFactory)
    rule_id = factory.Sequence(lambda n: n + 1)
    term = "right_to_publish"
    severity = Severity.BLOCKER
    standard_position = "The institution keeps the right to publish."
    explanation = "Academic freedom and open science: results must be publishable."
    actual = "False"
