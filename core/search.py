"""PostgreSQL full-text search, shared by every list that has a search box."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q

CONFIG = "english"


def search_vector(*fields: str) -> SearchVector:
    """The vector a model indexes (GinIndex) and searches with: both must be built here."""
    return SearchVector(*fields, config=CONFIG)


def text_search(queryset, text: str, *, fields: tuple[str, ...]):
    """Rows whose `fields` match `text` as words (stemmed, web-search syntax) or as a substring.

    The substring arm lets "acm" find "Acme" while someone is still typing.

    The words are matched in a subquery that the GIN index answers, not next to the substring
    arm: OR-ed in one condition, PostgreSQL built the vector of every row to test it; this way
    it checks each row's substrings and looks its id up in the set of word matches. The subquery
    reads the whole table: the rows come from `queryset`, which keeps its own filters (visible_to
    included).
    """
    text = (text or "").strip()
    if not text:
        return queryset
    substring = Q()
    for field in fields:
        substring |= Q(**{f"{field}__icontains": text})
    word_matches = (
        queryset.model._base_manager.annotate(search=search_vector(*fields))
        .filter(search=SearchQuery(text, search_type="websearch", config=CONFIG))
        .values("pk")
    )
    return queryset.filter(Q(pk__in=word_matches) | substring)
