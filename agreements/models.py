"""Agreements inside partnerships: terms, lifecycle, negotiation and reviews (arriving next)."""
