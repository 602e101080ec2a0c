"""Helpers for tests of related lists: is a page's list of related rows fetched through the
related model's own `visible_to`?

Today most related lists show a liaison every row of a record they may see (every party of an
agreement sees the others), so real data alone cannot tell a list that obeys the rule from one that
bypasses it. `hide_from_liaisons` narrows the rule for one test: a list that obeys it stops showing
the rows, one that bypasses it still would.
"""


def hide_from_liaisons(monkeypatch, model, **lookup) -> None:
    """From now on (this test only) `model`'s visible_to hides the rows matching `lookup` from liaisons."""
    queryset_class = type(model.objects.all())
    original = queryset_class.visible_to_liaison

    def narrowed(self, user, organization_ids):
        rows = original(self, user, organization_ids)
        return rows.exclude(**lookup) if self.model is model else rows

    monkeypatch.setattr(queryset_class, "visible_to_liaison", narrowed)
