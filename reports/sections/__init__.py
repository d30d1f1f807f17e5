"""The report's sections, each a function ``(ReportContext) -> Section`` over :mod:`reports.data`."""
