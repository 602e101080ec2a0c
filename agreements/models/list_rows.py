from django.db import models


class AgreementListRow(models.Model):
    """An agreement as the agreements list API shows it, rendered before anyone asks.

    Written and read by agreements.api.list_rows; never edited by hand. The JSON is cut into
    five pieces so that one stored row serves every audience: the page query puts them together
    with the allowed transitions for editors only and the internal notes for the office only.
    """

    agreement = models.OneToOneField(
        "agreements.Agreement", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # The agreement's shown_stamp this row was built from: it is current while they are equal.
    stamp = models.BigIntegerField()
    # How the JSON was written (list_rows.layout()): a row written by other code is never served.
    layout = models.CharField(max_length=24)
    # A second before the negotiation clock (ball_days) next changes; null when it cannot: stopped
    # at execution, or no ball passed yet (a pass restamps the agreement).
    fresh_until = models.DateTimeField(null=True)
    head = models.TextField()  # '{"id":1,...,"allowed_transitions":'
    transitions = models.TextField()  # '["internal_review",...]' (editors; others read '[]')
    middle = models.TextField()  # ',"terms":{...},"inherited_terms":[...]'
    notes = models.TextField()  # ',"internal_notes":"..."' (the office only; partners read nothing)
    tail = models.TextField()  # ',"ball_days":{...}}'
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = "agreement list row"
        verbose_name_plural = "agreement list rows"

    def __str__(self):
        return f"List row of agreement {self.agreement_id} (stamp {self.stamp})"
