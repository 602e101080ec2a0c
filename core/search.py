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
    """
    text = (text or "").strip()
    if not text:
        return queryset
    substring = Q()
    for field in fields:
        substring |= Q(**{f"{field}__icontains": text})
    return queryset.annotate(search=search_vector(*fields)).filter(
        Q(search=SearchQuery(text, search_type="websearch", config=CONFIG)) | substring
    )
