"""Indicator imports: WHO GHO OData JSON and SDMX-CSV files, streamed, validated and accounted
for row by row (docs/policies.md, "City indicators")."""

from healthycity.policies.indicators.imports.service import ImportFailed, ImportResult, import_file

__all__ = ["ImportFailed", "ImportResult", "import_file"]
