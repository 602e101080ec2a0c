import factory

from partnerships.models import Organization, OrganizationKind


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = OrganizationKind.COMPANY
    country = "GB"
    sector = "Research"
