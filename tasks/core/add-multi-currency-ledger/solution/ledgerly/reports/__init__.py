"""Read-only reports. Each report builds a :class:`ledgerly.reports.base.Report` (typed columns,
rows of raw values, totals); renderers turn it into text, CSV or JSON."""
