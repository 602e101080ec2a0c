class ConcurrentEditError(Exception):
    """The record changed since the editor loaded it: their save would silently overwrite."""

    def __init__(self, label: str = "record"):
        super().__init__(
            f"Someone else changed this {label} after you opened it. Reload it to see their changes, "
            "then make yours again."
        )
