"""The agreements list API's rows, rendered when agreements change rather than when they are read.

Building a page of 50 agreements with AgreementSerializer (parties, signatories, amendments, the
terms in force, the negotiation clock) costs far more CPU than reading the page, and API clients
page through the same agreements again and again. So each agreement's row is stored in PostgreSQL
(AgreementListRow) as the JSON the serializer renders it to, and the page's one query reads the
stored rows along with the agreements:

- Which agreements a user gets is decided by visible_to(user) and the filters on every request;
  a stored row only decides how one looks.
- A stored row is served only while it is current: built from the agreement's present
  `shown_stamp`, which database triggers move on in the same transaction as any change to what
  the row shows (agreements.list_stamps); written by this very code (layout()); and read before its
  negotiation clock gains a whole day (`fresh_until`).
- One stored row serves every audience: it is written for editors, and the page query leaves out
  the allowed transitions for readers who may not edit and the internal notes for partners, as
  AgreementSerializer does (tests hold each audience's rows to the serializer's, byte for byte).
- The rows a page finds missing or stale are built on the spot, through visible_to, and stored;
  a beat job (refresh) builds the others in the background, so that a read rarely has to.
"""

import functools
import hashlib
import logging
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import User
from agreements import terms
from agreements.api.serializers import EVERY_READER, AgreementSerializer, Audience, agreements_to_show
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementListRow,
    AgreementParty,
    AgreementStatus,
    Amendment,
    BallChange,
    BallHolder,
)
from core.api.renderers import JSONRenderer, RenderedJSON, separators
from partnerships.models import Organization, Partnership
from people.models import Person

logger = logging.getLogger(__name__)

RENDERER = JSONRenderer()
# Part of every row's layout, with a fingerprint of how this code renders a sample agreement
# (layout()): bump it for a change the sample cannot show.
SCHEMA = 1
_COMMA, _COLON = (separator.decode() for separator in separators(RENDERER))
# The two members that depend on the reader (AgreementSerializer.audience): stored as pieces of
# their own between the rest.
TRANSITIONS, NOTES = "allowed_transitions", "internal_notes"
NO_TRANSITIONS = "[]"

_ROW_TABLE = AgreementListRow._meta.db_table
_AGREEMENT_TABLE = Agreement._meta.db_table
# The agreement's current row as this audience reads it, or NULL. Table names only (no value
# reaches this text); the parameters are: editor?, office?, layout(), now.
SHOWN_SQL = f"""(
    SELECT r.head || CASE WHEN %s THEN r.transitions ELSE '{NO_TRANSITIONS}' END || r.middle
           || CASE WHEN %s THEN r.notes ELSE '' END || r.tail
    FROM {_ROW_TABLE} r
    WHERE r.agreement_id = {_AGREEMENT_TABLE}.id AND r.stamp = {_AGREEMENT_TABLE}.shown_stamp
      AND r.layout = %s AND (r.fresh_until IS NULL OR r.fresh_until > %s)
)"""  # noqa: S608


@dataclass(frozen=True)
class Pieces:
    """A row's JSON for editors, cut around the members that depend on the reader."""

    head: str  # up to and including '"allowed_transitions":'
    transitions: str
    middle: str
    notes: str  # ',"internal_notes":"..."', its comma included
    tail: str  # the rest, with the closing brace

    def for_audience(self, audience: str) -> str:
        """What SHOWN_SQL puts together, in Python: for rows built during the request."""
        transitions = self.transitions if audience == Audience.EDITOR else NO_TRANSITIONS
        notes = self.notes if audience != Audience.PARTNER else ""
        return f"{self.head}{transitions}{self.middle}{notes}{self.tail}"


@functools.cache
def layout() -> str:
    """SCHEMA and a fingerprint of what this code writes: a sample agreement rendered for editors
    (the serializers, nested ones included, the JSON settings, the time zone, DRF itself) and
    every status's allowed transitions. Rows written by other code are never served."""
    sample = _sample_agreement()
    context = {"audience": Audience.EDITOR, "now": datetime(2026, 3, 1, tzinfo=UTC)}
    written = RENDERER.render(AgreementSerializer(sample, context=context).data)
    transitions = repr(sorted((str(status), list(moves)) for status, moves in terms.TRANSITIONS.items()))
    return f"{SCHEMA}-{hashlib.sha256(written + transitions.encode()).hexdigest()[:12]}"


def _sample_agreement() -> Agreement:
    """A statement of work with every kind of member filled in, in memory only."""
    master = Agreement(id=1, kind=AgreementKind.MASTER_RESEARCH, publication_review_days=45, confidentiality_years=5)
    agreement = Agreement(
        id=2,
        reference="AGR-2026-00002",
        title="Grasping\u2028of deformable objects, für Roboter",
        kind=AgreementKind.STATEMENT_OF_WORK,
        status=AgreementStatus.NEGOTIATION,
        partnership=Partnership(id=3, title="Robotics"),
        owner=User(id=4, username="owner", first_name="Ada", last_name="Okafor"),
        parent=master,
        value=Decimal("180000.50"),
        effective_date=date(2026, 2, 1),
        expiry_date=date(2028, 1, 31),
        internal_notes='Sponsor asked for "90 days"',
        version=3,
        publication_review_days=None,
        patent_delay_days=60,
    )
    agreement.shown_parties = [
        AgreementParty(
            id=5,
            organization=Organization(id=6, name="Acme Robotics"),
            signatory=Person(id=7, first_name="Sam", last_name="Signer"),
            signed_on=date(2026, 1, 20),
        )
    ]
    agreement.shown_amendments = [
        Amendment(
            id=8,
            number=1,
            title="Extension",
            summary="Six months",
            effective_date=date(2026, 3, 1),
            created_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        )
    ]
    agreement.shown_ball_changes = [BallChange(id=9, holder=BallHolder.SPONSOR, since=datetime(2026, 2, 1, tzinfo=UTC))]
    return agreement


def page_rows(agreements, *, audience: str, now: datetime | None = None):
    """The agreements as (updated_at, pk, shown) tuples, `shown` their current row's JSON for the
    audience or None. The cursor reads `updated_at` and `pk` by name."""
    flags = [audience == Audience.EDITOR, audience != Audience.PARTNER, layout(), now or timezone.now()]
    shown = RawSQL(SHOWN_SQL, flags)  # noqa: S611 - constant SQL, values as parameters
    return agreements.annotate(shown=shown).values_list("updated_at", "pk", "shown", named=True)


def page_json(page: list, *, audience: str, build_rows) -> RenderedJSON:
    """The page's rows as one JSON array: stored rows as they are, the others from `build_rows(ids)`
    ({pk: Pieces}, built through visible_to). A row that it no longer finds is left out."""
    missing = [row.pk for row in page if row.shown is None]
    built = build_rows(missing) if missing else {}
    rows = [
        row.shown if row.shown is not None else built[row.pk].for_audience(audience)
        for row in page
        if row.shown is not None or row.pk in built
    ]
    return RenderedJSON(f"[{_COMMA.join(rows)}]".encode())


def build(agreements, *, now: datetime | None = None) -> dict[int, Pieces]:
    """Render the agreements' rows, store them, and return their pieces by pk."""
    now = now or timezone.now()
    # Built once for every reader: which agreements a reader gets is visible_to's on each read.
    agreements = list(agreements_to_show(agreements, user=EVERY_READER))
    context = {"audience": Audience.EDITOR, "now": now}
    representations = AgreementSerializer(agreements, many=True, context=context).data
    pieces = {
        agreement.pk: cut(representation) for agreement, representation in zip(agreements, representations, strict=True)
    }
    rows = [
        AgreementListRow(
            agreement_id=agreement.pk,
            stamp=agreement.shown_stamp,
            layout=layout(),
            fresh_until=_fresh_until(agreement, now),
            built_at=now,
            **asdict(pieces[agreement.pk]),
        )
        for agreement in sorted(agreements, key=lambda agreement: agreement.pk)  # one lock order for all writers
    ]
    _store(rows)
    return pieces


def _fresh_until(agreement, now: datetime) -> datetime | None:
    if agreement.executed_at:  # the clock stopped at execution
        return None
    return terms.ball_days_change_at([(change.holder, change.since) for change in agreement.shown_ball_changes], now)


def _store(rows: list[AgreementListRow]) -> None:
    # The stamp is read with the agreement, before anything else the row is built from: what a row
    # shows is never older than its stamp. If it is newer, a change came in between, the agreement's
    # stamp has moved on too, and the row is rebuilt at its next read.
    columns = ["stamp", "layout", "fresh_until", "built_at", *(piece.name for piece in fields(Pieces))]
    try:
        with transaction.atomic():
            AgreementListRow.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["agreement"], update_fields=columns
            )
    except DatabaseError:  # a read still answers with the rows it built
        logger.warning("Could not store %d agreement list rows", len(rows), exc_info=True)


def cut(representation: dict) -> Pieces:
    """The representation as JSONRenderer writes it, in pieces that join into the same bytes."""
    keys = list(representation)
    at_transitions, at_notes = keys.index(TRANSITIONS), keys.index(NOTES)
    if at_transitions > at_notes:  # the pieces, and SHOWN_SQL, would put the notes in the wrong place
        raise ValueError("The stored rows need allowed_transitions before internal_notes in AgreementSerializer.")

    def member(name: str) -> str:
        return f"{_render(name)}{_COLON}{_render(representation[name])}"

    def following(names: list[str]) -> str:
        return "".join(f"{_COMMA}{member(name)}" for name in names)

    return Pieces(
        head="{" + "".join(f"{member(name)}{_COMMA}" for name in keys[:at_transitions]) + _render(TRANSITIONS) + _COLON,
        transitions=_render(representation[TRANSITIONS]),
        middle=following(keys[at_transitions + 1 : at_notes]),
        notes=following([NOTES]),
        tail=following(keys[at_notes + 1 :]) + "}",
    )


def _render(value) -> str:
    # JSONRenderer answers None with an empty body; inside an object it is null.
    return "null" if value is None else RENDERER.render(value).decode()


def stale(now: datetime | None = None):
    """Agreements without a current stored row, the most recently changed first."""
    current = AgreementListRow.objects.filter(
        Q(fresh_until__isnull=True) | Q(fresh_until__gt=now or timezone.now()),
        agreement=OuterRef("pk"),
        stamp=OuterRef("shown_stamp"),
        layout=layout(),
    )
    return Agreement.objects.filter(~Exists(current)).order_by("-updated_at", "-pk")


def refresh(*, limit: int | None = None, batch_size: int = 500) -> int:
    """Build the rows of agreements that have none current (at most `limit`); how many were built."""
    ids = list(stale().values_list("pk", flat=True)[:limit])
    for start in range(0, len(ids), batch_size):
        build(Agreement.objects.filter(pk__in=ids[start : start + batch_size]))
    return len(ids)
