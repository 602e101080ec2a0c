"""Access-matrix rows for outputs, their pages and their API (see tests/test_access_matrix.py).

Detail and write rows act on Acme's outputs (a publication and a licence in Acme's partnership):
Acme's liaison may read them but not change them (403); Globex's liaison gets 404, as if they
did not exist.
"""

import datetime

from django.urls import reverse

from outputs.models import OutputKind, PublicationImport
from tests.access import Row, statuses
from tests.outputs.factories import OutputFactory


def outputs_objects(acme_partnership, acme) -> dict:
    """The scenario's outputs: added to tests/test_access_matrix.py's `scenario`."""
    staff = acme_partnership.owner
    return {
        # An import batch is its uploader's (the partnership's owner): anyone else gets 404.
        "publication_import": PublicationImport.objects.create(
            partnership=acme_partnership, filename="papers.bib", rows=[], created_by=staff
        ),
        "acme_output": OutputFactory(partnership=acme_partnership, title="Acme grasping paper"),
        "acme_licence": OutputFactory(
            partnership=acme_partnership, kind=OutputKind.LICENCE, title="Grasp licence", licensee=acme
        ),
    }


READ_ALL = statuses(302, signed_in=200)
EDITORS_FORM = statuses(302, admin=200, staff=200, viewer=403, liaisons=403)
EDITORS_POST = statuses(302, admin=302, staff=302, viewer=403, liaisons=403)
ACME_READ = statuses(302, internal=200, acme_liaison=200, globex_liaison=404)
ACME_WRITE_FORM = statuses(302, admin=200, staff=200, viewer=403, acme_liaison=403, globex_liaison=404)
ACME_WRITE_POST = statuses(302, admin=302, staff=302, viewer=403, acme_liaison=403, globex_liaison=404)

# Import batches are their uploader's (staff here): even an admin gets 404 for someone else's.
NOBODY_ELSES = statuses(302, admin=404, staff=200, viewer=403, liaisons=403)
NOBODY_ELSES_POST = statuses(302, admin=404, staff=302, viewer=403, liaisons=403)

API_READ_ALL = statuses(401, signed_in=200)
API_CREATE = statuses(401, admin=201, staff=201, viewer=403, liaisons=403)
API_ACME_READ = statuses(401, internal=200, acme_liaison=200, globex_liaison=404)
API_ACME_WRITE = statuses(401, admin=200, staff=200, viewer=403, acme_liaison=403, globex_liaison=404)
API_ACME_CREATE = statuses(401, admin=201, staff=201, viewer=403, acme_liaison=403, globex_liaison=404)


def _url(name, key):
    return lambda s: reverse(name, args=[s[key].pk])


def _output_form(s) -> dict:
    return {
        "partnership": s["acme_partnership"].pk,
        "kind": "publication",
        "title": "Grasping in clutter",
        "date": "2025-05-01",
        "doi": "10.1234/grasp.2025",
        "citations": 0,
    }


INCOME = {"received_on": "2025-06-01", "kind": "royalty", "amount": "1500.00", "currency": "GBP"}

OUTPUT_ROWS = [
    Row("outputs:output-list", "get", READ_ALL),
    Row("outputs:output-create", "get", EDITORS_FORM),
    Row("outputs:output-create", "post", EDITORS_POST, data=_output_form),
    Row("outputs:output-detail", "get", ACME_READ, path=_url("outputs:output-detail", "acme_output")),
    Row("outputs:output-update", "get", ACME_WRITE_FORM, path=_url("outputs:output-update", "acme_output")),
    Row(
        "outputs:output-update",
        "post",
        ACME_WRITE_POST,
        path=_url("outputs:output-update", "acme_output"),
        data=lambda s: {**_output_form(s), "version": 1},
    ),
    Row("outputs:income-add", "post", ACME_WRITE_POST, path=_url("outputs:income-add", "acme_licence"), data=INCOME),
    Row("outputs:import-upload", "get", EDITORS_FORM),
    Row("outputs:import-preview", "get", NOBODY_ELSES, path=_url("outputs:import-preview", "publication_import")),
    Row("outputs:import-confirm", "post", NOBODY_ELSES_POST, path=_url("outputs:import-confirm", "publication_import")),
    # API
    Row("output-list", "get", API_READ_ALL),
    Row(
        "output-list",
        "post",
        API_CREATE,
        json=True,
        data=lambda s: {**_output_form(s), "date": datetime.date(2025, 5, 1).isoformat()},
    ),
    Row("output-detail", "get", API_ACME_READ, path=_url("output-detail", "acme_output")),
    Row(
        "output-detail",
        "patch",
        API_ACME_WRITE,
        json=True,
        path=_url("output-detail", "acme_output"),
        data={"citations": 3, "version": 1},
    ),
    Row("output-income", "post", API_ACME_CREATE, json=True, path=_url("output-income", "acme_licence"), data=INCOME),
]
