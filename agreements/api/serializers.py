"""What the agreements API shows (read serializers) and accepts (input serializers).

Input serializers only validate; the viewsets hand their data to agreements.services.
Terms are read grouped (`"terms": {"publication": {"publication_review_days": 45, ...}, ...}`)
and written grouped the same way, or flat (`"publication_review_days": 45`).
"""

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import html

from accounts.models import User
from agreements import terms
from agreements.models import (
    Activity,
    Agreement,
    AgreementParty,
    Amendment,
    BallChange,
    Document,
    ReviewComment,
    ReviewRound,
    ReviewStatus,
)
from agreements.services import ball_days
from agreements.services.agreements import EDITABLE_FIELDS
from core import roles
from core.api.bases import (
    InternalNotesHiddenFromPartners,
    NamedReferenceSerializer,
    ReferenceField,
    VisibleRelatedField,
)
from core.querysets import VisiblePrefetch
from partnerships.api.partnerships import PersonReferenceSerializer, UserReferenceSerializer
from partnerships.models import Organization, Partnership
from people.models import Person

# --- Terms ---------------------------------------------------------------------------------


def effective_terms(agreement: Agreement) -> dict[str, tuple[object, bool]]:
    """Each term's value in force and whether it comes from the master agreement.

    Cached on the instance: `terms` and `inherited_terms` read it, and the parent is
    select_related, so neither costs a query.
    """
    cached = getattr(agreement, "_effective_terms", None)
    if cached is None:
        parent = agreement.parent.terms_snapshot() if agreement.parent_id else None
        cached = terms.effective_terms(agreement.terms_snapshot(), parent)
        agreement._effective_terms = cached
    return cached


def _term_group_serializer(group: terms.TermGroup) -> type[serializers.ModelSerializer]:
    """One group of terms, typed like the model's fields, read from a {field: value} dict."""
    meta = type("Meta", (), {"model": Agreement, "fields": list(group.fields), "read_only_fields": list(group.fields)})
    name = f"{group.key.capitalize()}TermsSerializer"
    return type(name, (serializers.ModelSerializer,), {"Meta": meta, "__doc__": f"{group.label} terms."})


# Built once: the schema must meet each group's class only once.
TERM_GROUP_SERIALIZERS = {group.key: _term_group_serializer(group) for group in terms.TERM_GROUPS}


class TermsSerializer(serializers.Serializer):
    """The terms in force, by group. On a statement of work, unset terms show the master's values."""

    def get_fields(self):
        return {key: serializer(read_only=True) for key, serializer in TERM_GROUP_SERIALIZERS.items()}

    def to_representation(self, agreement):
        values = {name: value for name, (value, _) in effective_terms(agreement).items()}
        return {key: field.to_representation(values) for key, field in self.fields.items()}


def grouped_terms(snapshot: dict) -> dict:
    """A frozen snapshot ({field: JSON value}) grouped the way agreements show their terms."""
    return {group.key: {name: snapshot.get(name) for name in group.fields} for group in terms.TERM_GROUPS}


# --- Reading -------------------------------------------------------------------------------


class AgreementPartnershipSerializer(serializers.Serializer):
    """The partnership an agreement belongs to, by id and title."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="title", read_only=True)


class PartySerializer(serializers.ModelSerializer):
    organization = NamedReferenceSerializer(read_only=True)
    signatory = PersonReferenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AgreementParty
        fields = ["id", "organization", "signatory", "signed_on"]
        read_only_fields = fields


class AmendmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Amendment
        fields = ["id", "number", "title", "summary", "effective_date", "new_expiry_date", "document", "created_at"]
        read_only_fields = fields


class Audience:
    """Whom an agreement is shown to: all that its representation depends on besides the agreement."""

    EDITOR = "editor"  # staff and admins: the moves they may make (allowed_transitions)
    INTERNAL = "internal"  # viewers: the office's internal notes too
    PARTNER = "partner"  # liaisons: neither

    @classmethod
    def of(cls, user) -> str:
        if roles.can_edit(user):
            return cls.EDITOR
        return cls.INTERNAL if roles.is_internal(user) else cls.PARTNER


class AgreementSerializer(InternalNotesHiddenFromPartners, serializers.ModelSerializer):
    """An agreement with its parties, the terms in force and the negotiation clock.

    Written for the request's user, or for `context["audience"]` when given: the list's stored
    rows are written for editors and cut down for the others (agreements.api.list_rows).
    """

    partnership = AgreementPartnershipSerializer(read_only=True)
    owner = UserReferenceSerializer(read_only=True)
    # The shown_* lists are prefetched by agreements_to_show (below), which every read uses.
    parties = PartySerializer(many=True, read_only=True, source="shown_parties")
    amendments = AmendmentSerializer(many=True, read_only=True, source="shown_amendments")
    allowed_transitions = serializers.SerializerMethodField(
        help_text="Statuses you may move it to next; empty unless you may edit agreements."
    )
    terms = TermsSerializer(source="*", read_only=True)
    inherited_terms = serializers.SerializerMethodField(
        help_text="Term fields whose value comes from the master agreement (statements of work only)."
    )
    ball_days = serializers.SerializerMethodField(
        help_text="Whole days each side has held the ball, from the first draft to execution (or now)."
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "title",
            "kind",
            "status",
            "partnership",
            "owner",
            "parent",
            "parties",
            "amendments",
            "value",
            "currency",
            "effective_date",
            "expiry_date",
            "renewal_notice_days",
            "ball_holder",
            "version",
            "allowed_transitions",
            "terms",
            "inherited_terms",
            "internal_notes",
            "ball_days",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "internal_notes": {"help_text": "Internal roles only: the key is absent for partner liaisons."},
            "version": {"help_text": "Send it back (or the ETag in If-Match) with an edit."},
        }

    def audience(self) -> str:
        return self.context.get("audience") or Audience.of(self.context["request"].user)

    def shows_internal_fields(self) -> bool:
        return self.audience() != Audience.PARTNER

    def get_allowed_transitions(self, agreement) -> list[str]:
        if self.audience() != Audience.EDITOR:
            return []
        return list(terms.allowed_transitions(agreement.status))

    def get_inherited_terms(self, agreement) -> list[str]:
        return [name for name, (_, inherited) in effective_terms(agreement).items() if inherited]

    def get_ball_days(self, agreement) -> dict[str, int]:
        # ball_changes are prefetched (agreements_to_show): no query per row. The stored list rows
        # give `now`, from which they also work out how long the figures hold.
        return ball_days(agreement, changes=agreement.shown_ball_changes, now=self.context.get("now"))


# Passed as `user` to agreements_to_show by the stored list rows alone, which one build serves to
# every reader (agreements.api.list_rows).
EVERY_READER = object()


def shown_relations():
    """The related lists AgreementSerializer shows: (lookup, model, rows, attribute).

    Each model is a part of the agreement (ParentVisibleQuerySet on `agreement`): whoever sees
    the agreement sees all of its rows, and that alone lets one stored list row serve every reader.
    """
    parties = AgreementParty.objects.select_related("organization", "signatory")
    return [
        ("parties", AgreementParty, parties, "shown_parties"),
        ("ball_changes", BallChange, BallChange.objects.all(), "shown_ball_changes"),
        ("amendments", Amendment, Amendment.objects.order_by("number"), "shown_amendments"),
    ]


def agreements_to_show(agreements, *, user):
    """The agreements with everything AgreementSerializer reads, in a constant number of queries.

    Every relation shown is joined or prefetched once, into plain lists (to_attr): prefetching
    into the related managers builds a queryset per row and relation, a quarter of the list's
    CPU at 50 per page. Each list is fetched through visible_to(user), as every list of related
    rows is; EVERY_READER (the stored list rows) fetches them whole, see shown_relations().
    """
    prefetches = [
        Prefetch(lookup, queryset=rows, to_attr=attribute)
        if user is EVERY_READER
        else VisiblePrefetch(lookup, model=model, user=user, queryset=rows, to_attr=attribute)
        for lookup, model, rows, attribute in shown_relations()
    ]
    return agreements.select_related("partnership", "owner", "parent").prefetch_related(*prefetches)


class ActivitySerializer(serializers.ModelSerializer):
    created_by = UserReferenceSerializer(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "occurred_on",
            "summary",
            "internal",
            "follow_up_on",
            "follow_up_done",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    """One version of the agreement's document; the file itself comes from `download_url`."""

    uploaded_by = UserReferenceSerializer(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "number",
            "original_name",
            "file_type",
            "size",
            "sha256",
            "note",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        return reverse("agreement-document-download", args=[document.agreement_id, document.pk])


class ReviewCommentSerializer(serializers.ModelSerializer):
    author = UserReferenceSerializer(read_only=True)

    class Meta:
        model = ReviewComment
        fields = ["id", "term_group", "body", "internal", "author", "created_at"]
        read_only_fields = fields


class ReviewRoundSerializer(serializers.ModelSerializer):
    """A round sent to one party: the terms as sent, its comments and its decision."""

    organization = NamedReferenceSerializer(read_only=True)
    sent_by = UserReferenceSerializer(read_only=True)
    decided_by = UserReferenceSerializer(read_only=True, allow_null=True)
    terms = serializers.SerializerMethodField(help_text="The terms as sent, grouped like an agreement's terms.")
    comments = serializers.SerializerMethodField(help_text="The comments you may see, oldest first.")

    class Meta:
        model = ReviewRound
        fields = [
            "id",
            "number",
            "organization",
            "status",
            "due_date",
            "message",
            "document",
            "sent_by",
            "sent_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "terms",
            "comments",
        ]
        read_only_fields = fields

    @extend_schema_field(TermsSerializer)
    def get_terms(self, review_round) -> dict:
        return grouped_terms(review_round.terms)

    @extend_schema_field(ReviewCommentSerializer(many=True))
    def get_comments(self, review_round) -> list:
        # The viewset prefetches only the comments the caller may see (no internal ones for liaisons).
        return ReviewCommentSerializer(review_round.visible_comments, many=True, context=self.context).data


class TermChangeSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="The term group's label.")
    label = serializers.CharField(help_text="The term's label.")
    old = serializers.CharField(help_text="The value in this round, as people read it.")
    new = serializers.CharField(help_text="The value in the other round (or now), as people read it.")


class ComparisonSerializer(serializers.Serializer):
    round = serializers.IntegerField(help_text="This round's number.")
    compared_with = serializers.CharField(help_text="The other round's number, or `current`.")
    changes = TermChangeSerializer(many=True, help_text="Only the terms that differ, in group order.")


# --- Writing -------------------------------------------------------------------------------


class PartyInputSerializer(serializers.Serializer):
    organization = VisibleRelatedField(Organization, help_text="Organization id: a member of the partnership.")
    signatory = VisibleRelatedField(
        Person, required=False, allow_null=True, help_text="Person id of who signs for it, if known."
    )


def _term_group_input_serializer(group: terms.TermGroup) -> type[serializers.ModelSerializer]:
    """One group of terms as a client writes it: the same keys and types as GET shows, each optional."""
    meta = type(
        "Meta",
        (),
        {
            "model": Agreement,
            "fields": list(group.fields),
            "extra_kwargs": dict.fromkeys(group.fields, {"required": False}),
        },
    )
    name = f"{group.key.capitalize()}TermsInputSerializer"
    return type(name, (serializers.ModelSerializer,), {"Meta": meta, "__doc__": f"{group.label} terms to set."})


TERM_GROUP_INPUT_SERIALIZERS = {group.key: _term_group_input_serializer(group) for group in terms.TERM_GROUPS}


class TermsInputSerializer(serializers.Serializer):
    """Terms grouped as GET shows them. A group or term left out is left as it is."""

    def get_fields(self):
        return {key: serializer(required=False) for key, serializer in TERM_GROUP_INPUT_SERIALIZERS.items()}


class AgreementInputSerializer(serializers.ModelSerializer):
    """Details and terms. Terms come grouped in `terms`, as GET shows them, or as flat top-level keys;
    a term left out is left as it is."""

    owner = ReferenceField(
        queryset=User.objects.filter(is_active=True),
        shown_as=UserReferenceSerializer,
        required=False,
        help_text="The staff member responsible, by user id. Defaults to you when creating.",
    )
    parent = VisibleRelatedField(
        Agreement, required=False, allow_null=True, help_text="For a statement of work: its master agreement's id."
    )
    terms = TermsInputSerializer(
        required=False,
        help_text="The terms by group, as GET shows them. On an edit, a term sent with the value in force is "
        "left as it is: a statement of work keeps inheriting it from its master agreement.",
    )

    class Meta:
        model = Agreement
        # The editable fields, and the terms grouped as GET shows them (flat term keys work too).
        fields = [*EDITABLE_FIELDS, "terms"]

    def validate(self, attrs):
        # Form data turns a missing nullable boolean into None, which would erase a preset's
        # or the current value: only terms actually sent are applied.
        sent = self.initial_data
        grouped = attrs.pop("terms", None) or {}
        attrs = {name: value for name, value in attrs.items() if name not in terms.TERM_FIELDS or name in sent}
        sent_groups = _sent_term_groups(sent)
        in_force = (self.context.get("current") or {}).get("terms") or {}
        conflicts = {}
        for group, values in grouped.items():
            sent_values, shown = sent_groups.get(group) or {}, in_force.get(group) or {}
            for name, value in values.items():
                if name not in sent_values or (name in shown and sent_values[name] == shown[name]):
                    continue  # not sent, or sent back as GET showed it: left as it is
                if name in attrs and attrs[name] != value:
                    conflicts.setdefault(group, {})[name] = [f"Also sent as `{name}` with another value."]
                attrs[name] = value
        if conflicts:
            raise serializers.ValidationError({"terms": conflicts})
        return attrs


def _sent_term_groups(sent) -> dict:
    """The grouped terms as the client sent them, before validation: in JSON, or in form data's keys."""
    if html.is_html_input(sent):
        grouped = html.parse_html_dict(sent, prefix="terms")
        return {group.key: html.parse_html_dict(grouped, prefix=group.key) for group in terms.TERM_GROUPS}
    grouped = sent.get("terms")
    return (
        {key: values for key, values in grouped.items() if isinstance(values, dict)}
        if isinstance(grouped, dict)
        else {}
    )


class AgreementCreateSerializer(AgreementInputSerializer):
    """A new agreement: where it belongs, who the parties are, and optionally a preset of terms."""

    partnership = VisibleRelatedField(Partnership, shown_as=AgreementPartnershipSerializer, help_text="Partnership id.")
    preset = serializers.ChoiceField(
        choices=terms.PRESET_CHOICES,
        required=False,
        help_text="Fill the terms from a standard model first; term fields you send override it.",
    )
    parties = PartyInputSerializer(
        many=True,
        allow_empty=False,
        help_text="The signing organizations: members of the partnership, at least one. In form data: "
        "`parties[0]organization`, `parties[0]signatory`, ...",
    )

    class Meta(AgreementInputSerializer.Meta):
        fields = ["partnership", "preset", "parties", *AgreementInputSerializer.Meta.fields]


class AgreementUpdateSerializer(AgreementInputSerializer):
    """An edit: the fields to change, based on a version named in If-Match or in `version`."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text='The `version` you read; or send it as `If-Match: "<version>"`. One of the two is required.',
    )

    class Meta(AgreementInputSerializer.Meta):
        fields = [*AgreementInputSerializer.Meta.fields, "version"]


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=terms.AgreementStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="Kept in the history.")
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Optional: the `version` you read (or If-Match); if stale, nothing moves (409 / 412).",
    )


class BallPassSerializer(serializers.Serializer):
    holder = serializers.ChoiceField(choices=Agreement._meta.get_field("ball_holder").choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField(help_text="Not in the future.")
    signatory = VisibleRelatedField(
        Person, required=False, allow_null=True, help_text="Person id; leave out to keep the one on record."
    )


class ActivityInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["kind", "occurred_on", "summary", "internal", "follow_up_on"]
        extra_kwargs = {"internal": {"help_text": "Internal entries (the default) are never shown to partners."}}


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A PDF or a Word (DOCX) document, up to 20 MB; the content decides.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ReviewSendSerializer(serializers.Serializer):
    organization = VisibleRelatedField(Organization, help_text="The party to review: one of the agreement's parties.")
    due_date = serializers.DateField(help_text="In the future.")
    message = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewCommentInputSerializer(serializers.Serializer):
    term_group = serializers.ChoiceField(choices=terms.TERM_GROUP_CHOICES)
    body = serializers.CharField()
    internal = serializers.BooleanField(
        required=False, default=False, help_text="Office only: an internal comment is never shown to partners."
    )


class ReviewDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (ReviewStatus.APPROVED, ReviewStatus.CHANGES_REQUESTED)]
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required to request changes unless you commented."
    )
