"""Imports of device files: LookinBody (CSV/XLSX), FHIR R4 JSON, daily steps CSV.

`import_file(...)` is the one entry point used by the CLI, the upload page and the API.
"""

from healthycity.health.imports.base import ImportFailed, ImportResult
from healthycity.health.imports.service import import_file

__all__ = ["ImportFailed", "ImportResult", "import_file"]
