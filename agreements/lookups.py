"""The picker kind of agreements (see core/lookups.py)."""

from agreements.models import Agreement
from core.lookups import Lookup, register

register(Lookup(kind="agreements", model=Agreement, ordering=("reference", "pk")))
