"""ORCID iDs: the format and the ISO 7064 MOD 11-2 check digit, with no I/O (easy to test)."""

import re

from django.core.exceptions import ValidationError

PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
URL_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def check_digit(base_digits: str) -> str:
    """The check character for the first 15 digits (ISO 7064 MOD 11-2, as ORCID specifies)."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalize(value: str) -> str:
    """An ORCID as people paste it (a URL, lower-case x, no dashes) in its canonical form."""
    value = (value or "").strip()
    for prefix in URL_PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    compact = value.replace("-", "").replace(" ", "").upper()
    if len(compact) == 16:
        return "-".join(compact[i : i + 4] for i in range(0, 16, 4))
    return value.upper()


def validate_orcid(value: str) -> None:
    if not PATTERN.match(value or ""):
        raise ValidationError("Enter an ORCID iD like 0000-0002-1825-0097.", code="orcid_format")
    digits = value.replace("-", "")
    if check_digit(digits[:15]) != digits[15]:
        raise ValidationError("This ORCID iD's check digit is wrong: look for a mistyped digit.", code="orcid_checksum")
