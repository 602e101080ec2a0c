

@pytest.fixture
def acme_partnership(university, acme, staff_user):
    """Acme sponsors a partnership led by the university."""
    from tests.partnerships.factories import PartnershipFactory

    return PartnershipFactory(title="Acme robot grasping", lead=university, sponsor=acme, owner=staff_user)


@pytest.fixture
def globex_partnership(university, globex, staff_user):
    """Globex, Acme's rival, sponsors another partnership of the same university."""
    from tests.partnerships.factories import PartnershipFactory

    return PartnershipFactory(title="Globex demand forecasting", lead=university, sponsor=globex, owner=staff_user)
