"""Outputs and the computed impact metrics behind the dashboard (arriving with their issue)."""
