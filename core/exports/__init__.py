"""Exports: every list defines its export table once (its app's `exports.py`); the streaming
CSV response, the background XLSX/CSV job and the API all read it from the registry here."""

from core.exports.tables import Column, ExportTable, all_tables, choice_label, register, table_for
from core.exports.writers import csv_response, safe_cell, write_csv, write_xlsx

__all__ = [
    "Column",
    "ExportTable",
    "all_tables",
    "choice_label",
    "csv_response",
    "register",
    "safe_cell",
    "table_for",
    "write_csv",
    "write_xlsx",
]
