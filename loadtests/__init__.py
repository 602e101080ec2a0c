"""The load run behind `make load` (scripts/load.py): a locust scenario and what only it serves."""
