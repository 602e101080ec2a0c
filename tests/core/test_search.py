"""core.search.text_search: words (stemmed, through the GIN index) or substrings, within what the user may see."""

import pytest

from agreements.models import Agreement
from tests.agreements.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def found(user, text: str) -> set[str]:
    return set(Agreement.objects.visible_to(user).search(text).values_list("title", flat=True))


def test_a_word_matches_its_other_forms_and_a_fragment_matches_as_typed(staff_user, acme_agreement):
    # "grasped" is not in the title, but stems to what "grasping" does: only the word match finds it.
    assert found(staff_user, "grasped") == {"Acme grasping research agreement"}
    assert found(staff_user, "resea") == {"Acme grasping research agreement"}  # a substring, still typing
    assert found(staff_user, "forecasting") == set()


def test_a_word_match_never_reaches_past_what_the_user_may_see(acme_liaison, acme_agreement, globex_agreement):
    # The word matches are looked up over the whole table; the rows still come from visible_to.
    AgreementFactory(partnership=globex_agreement.partnership, title="Globex grasping study")
    assert found(acme_liaison, "grasped") == {"Acme grasping research agreement"}
    assert found(acme_liaison, "forecasting") == set()
