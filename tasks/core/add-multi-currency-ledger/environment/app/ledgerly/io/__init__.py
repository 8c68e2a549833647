"""CSV import and JSON/CSV export."""
