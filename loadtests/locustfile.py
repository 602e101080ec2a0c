"""The load scenario: the office browsing, liaisons reviewing, an API client paging, an admin exporting.

Run by scripts/load.py (`make load`), which prepares the database, serves Tandem with gunicorn
and production settings on loopback, and passes LOAD_FIXTURE (loadtests/prepare.py's JSON:
sessions, the token, ids to open) and LOAD_SAMPLES (where every request's time is appended).

Request names start with what they are, `page`, `api`, `export` or `probe`, so the summary can
give one p95 per kind from every sample (percentiles of percentiles would be wrong).

The user classes are picked per phase on locust's command line:
- mixed: StaffBrowser, LiaisonReviewer, ApiClient, AdminExporter, with think time;
- ratio: ApiPager, then ConstantProbe, the same number of users and no think time, so each
  phase measures how many requests per second the server completes.
"""

import itertools
import json
import os
import random
import time
from pathlib import Path

from locust import FastHttpUser, between, constant, events, task

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text())
SAMPLES_PATH = os.environ.get("LOAD_SAMPLES")
API_LIST = "/api/v1/agreements/?page_size=50&cursor="

_samples: list[tuple[float, str, float, bool]] = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    _samples.append((time.time(), name, response_time, exception is None))


@events.quitting.add_listener
def _write_samples(environment, **kwargs):
    if SAMPLES_PATH and _samples:
        with open(SAMPLES_PATH, "a") as out:
            out.writelines(json.dumps(sample) + "\n" for sample in _samples)


def _cycle(keys):
    return itertools.cycle(keys) if keys else None


_SESSIONS = {role: _cycle(keys) for role, keys in FIXTURE["sessions"].items()}
_SESSIONS.update({name: _cycle(data["sessions"]) for name, data in FIXTURE["liaisons"].items()})


def _expect(response, content_type: str):
    """Only the answer asked for counts: a redirect to the login page is a failure, not a 200."""
    if response.status_code != 200:
        response.failure(f"HTTP {response.status_code}")
    elif not response.headers.get("Content-Type", "").startswith(content_type):
        response.failure(f"Content-Type {response.headers.get('Content-Type')}")
    else:
        response.success()


class SignedIn(FastHttpUser):
    """A person with a browser session (made by loadtests/prepare.py, like a login would)."""

    abstract = True
    role = ""

    def on_start(self):
        self.headers = {"Cookie": f"{FIXTURE['session_cookie']}={next(_SESSIONS[self.role])}"}

    def page(self, path: str, name: str):
        with self.client.get(
            path, name=f"page {name}", headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            _expect(response, "text/html")


# The tabs a partner's and a partnership's pages load when opened (partnerships/views/tabs.py).
TABS = {"partners": ["agreements", "outputs", "placements"], "partnerships": ["agreements", "outputs"]}


def _one(kind: str) -> int:
    return random.choice(FIXTURE["ids"][kind])


class StaffBrowser(SignedIn):
    """An officer going through lists and opening records."""

    weight = 10
    role = "staff"
    wait_time = between(0.5, 1.5)

    @task(2)
    def dashboard(self):
        self.page("/", "/ (dashboard)")

    @task(2)
    def lists(self):
        kind = random.choice(["partners", "partnerships", "agreements", "people", "outputs"])
        self.page(f"/{kind}/", f"/{kind}/")

    @task(1)
    def agreements_page_2(self):
        self.page("/agreements/?page=2", "/agreements/?page=2")

    @task(5)
    def detail(self):
        kind = random.choice(["partners", "partnerships", "agreements", "people", "outputs"])
        self.page(f"/{kind}/{_one(kind)}/", f"/{kind}/[id]/")

    @task(2)
    def tab(self):
        """A tab a partner's or a partnership's page loads when it is opened: as often as such a
        page is visited, as if every visit opened one."""
        kind = random.choice(["partners", "partnerships"])
        tab = random.choice(TABS[kind])
        self.page(f"/{kind}/{_one(kind)}/tabs/{tab}/", f"/{kind}/[id]/tabs/{tab}/")


class LiaisonReviewer(SignedIn):
    """A partner's liaison reading their review rounds and the agreements under review."""

    weight = 4
    wait_time = between(0.5, 1.5)

    def on_start(self):
        liaisons = FIXTURE["liaisons"]
        self.role = random.choice([name for name, data in liaisons.items() if data["rounds"]] or list(liaisons))
        self.mine = liaisons[self.role]
        super().on_start()

    @task(2)
    def reviews(self):
        self.page("/reviews/", "/reviews/ (liaison)")

    @task(3)
    def review_round(self):
        if not self.mine["rounds"]:  # a database without review rounds: their list is all there is
            return self.reviews()
        agreement, review_round = random.choice(self.mine["rounds"])
        self.page(f"/agreements/{agreement}/reviews/{review_round}/", "/agreements/[id]/reviews/[id]/ (liaison)")

    @task(1)
    def agreement(self):
        self.page(f"/agreements/{random.choice(self.mine['agreements'])}/", "/agreements/[id]/ (liaison)")


class TokenClient(FastHttpUser):
    abstract = True

    def on_start(self):
        self.headers = {"Authorization": f"Token {FIXTURE['token']}"}
        self.next_url = API_LIST

    def get(self, url: str, name: str):
        with self.client.get(url, name=name, headers=self.headers, catch_response=True) as response:
            _expect(response, "application/json")
            return response

    def get_json(self, url: str, name: str):
        response = self.get(url, name)
        return response.json() if response.status_code == 200 else None


class ApiClient(TokenClient):
    """An integration walking every agreement, 50 per page, by cursor, following `next`."""

    weight = 3
    wait_time = between(0.5, 1.5)

    @task
    def next_page(self):
        body = self.get_json(self.next_url, "api /api/v1/agreements/ (50, cursor)")
        self.next_url = (body or {}).get("next") or API_LIST


class AdminExporter(SignedIn):
    """An admin downloading a small CSV: one partnership's executed agreements."""

    weight = 1
    role = "admin"
    wait_time = between(1, 3)

    @task
    def export(self):
        partnership = random.choice(FIXTURE["export_partnerships"])
        with self.client.get(
            f"/exports/agreements/?status=executed&partnership={partnership}",
            name="export /exports/agreements/?status=executed (CSV)",
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            _expect(response, "text/csv")


# The ratio measures the server. Its two phases read no body, as wrk would not: locust runs on
# the server's CPUs, and the CPU it spends parsing a page of 50 agreements would otherwise be
# charged to the server. The pager follows the Link header instead.


class ApiPager(TokenClient):
    """The ratio's numerator: the agreements list at 50 per page, back to back."""

    wait_time = constant(0)

    @task
    def next_page(self):
        response = self.get(self.next_url, "api /api/v1/agreements/ (50, cursor) [ratio]")
        self.next_url = _next_link(response.headers.get("Link", "")) or API_LIST


class ConstantProbe(TokenClient):
    """The ratio's denominator: loadtests/urls.py's constant, the same way, back to back."""

    wait_time = constant(0)

    @task
    def constant(self):
        self.get("/load/constant/", "probe /load/constant/ [ratio]")


def _next_link(header: str) -> str | None:
    """The rel="next" URL of a Link header (`<url>; rel="next", <url>; rel="prev"`)."""
    for link in header.split(","):
        url, _, relation = link.partition(";")
        if relation.strip() == 'rel="next"':
            return url.strip().strip("<>")
    return None
