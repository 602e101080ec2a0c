from metrics import selectors  # noqa: F401  (tests patch metrics.views.selectors)
