"""What the locust scenario needs from the load database, written as one JSON file.

    python -m loadtests.prepare OUT.json     (scripts/load.py runs it with the server's environment)

Signed-in sessions per role, made the way `login()` makes them, so the run measures browsing
and not password hashing (PBKDF2 costs about half a second of CPU by design); the API client's
token; samples of ids to open; and the deep pages to time (page 2,000 where there are that many).
It runs with the server's DJANGO_SECRET_KEY: sessions are signed with it.
"""

import json
import os
import sys
import time
from importlib import import_module

import django

SESSIONS_PER_ROLE = 100
SAMPLE = 200
API_PAGE_SIZE = 50
HTML_PAGE_SIZE = 25
DEEP_PAGE = 2000


def main(out_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loadtests.settings")
    django.setup()

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from agreements.api import list_rows
    from agreements.models import Agreement, AgreementStatus, ReviewRound
    from core.api.pagination import PageNumberOrCursorPagination
    from outputs.models import Output
    from partnerships.models import Organization, Partnership
    from people.models import Person

    store = import_module(settings.SESSION_ENGINE).SessionStore

    def sessions(user) -> list[str]:
        keys = []
        for _ in range(SESSIONS_PER_ROLE):
            session = store()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            keys.append(session.session_key)
        return keys

    def sample(queryset) -> list[int]:
        return list(queryset.order_by("?").values_list("pk", flat=True)[:SAMPLE])

    users = {name: User.objects.get(username=name) for name in ("admin", "staff", "acme-liaison", "globex-liaison")}
    staff = users["staff"]
    liaisons = {}
    for name in ("acme-liaison", "globex-liaison"):
        user = users[name]
        rounds = ReviewRound.objects.visible_to(user).values_list("agreement_id", "pk")
        liaisons[name] = {
            "sessions": sessions(user),
            "rounds": [list(pair) for pair in rounds[:SAMPLE]],
            "agreements": sample(Agreement.objects.visible_to(user)),
        }
    # A small export: one partnership's executed agreements (the whole set streams only up to
    # reports.services.STREAM_LIMIT rows; beyond, the page offers a background job instead).
    executed = Agreement.objects.filter(status=AgreementStatus.EXECUTED)
    export_partnerships = sample(Partnership.objects.filter(pk__in=executed.values("partnership_id")))

    total = Agreement.objects.count()
    ordering = ("-updated_at", "-pk")
    paginator = PageNumberOrCursorPagination()
    paginator.cursor_names = [name.lstrip("-") for name in paginator.get_cursor_ordering(Agreement.objects.all())]
    api_page = min(DEEP_PAGE, max(1, total // API_PAGE_SIZE))
    deep = {
        "agreements": total,
        "api_page": api_page,
        # The cursor that `next` carries to page api_page: the last row of the page before it.
        "api_cursor": paginator.encode_cursor(
            Agreement.objects.order_by(*ordering)[(api_page - 1) * API_PAGE_SIZE - 1], backwards=False
        )
        if api_page > 1
        else "",
        "html_page": min(DEEP_PAGE, max(1, total // HTML_PAGE_SIZE)),
    }

    # In production a beat job builds the agreements' list rows that changes made stale, every five
    # minutes; the load run starts no worker, so it builds what is missing here, as that job would
    # have, and then vacuums, as after any bulk load, so that autovacuum does not start mid-run.
    started = time.perf_counter()
    built = list_rows.refresh()
    if built:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) agreements_agreementlistrow, agreements_agreement")
    print(f"[load] built {built} agreement list rows in {time.perf_counter() - started:.1f} s", flush=True)

    fixture = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": {"staff": sessions(staff), "admin": sessions(users["admin"])},
        "token": Token.objects.get_or_create(user=staff)[0].key,
        "ids": {
            "partners": sample(Organization.objects.all()),
            "partnerships": sample(Partnership.objects.all()),
            "agreements": sample(Agreement.objects.all()),
            "people": sample(Person.objects.all()),
            "outputs": sample(Output.objects.all()),
        },
        "liaisons": liaisons,
        "export_partnerships": export_partnerships,
        "deep": deep,
    }
    with open(out_path, "w") as out:
        json.dump(fixture, out)
    print(f"[load] {total} agreements; sessions, token and ids written to {out_path}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
