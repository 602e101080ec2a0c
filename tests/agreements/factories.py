import factory

from agreements.models import Agreement, AgreementKind, AgreementParty


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
