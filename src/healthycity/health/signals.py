"""Signals of the health app.

`steps_recorded` is sent once an import (not a dry run) has written or changed days of steps,
with `citizen_ids` (the primary keys of the citizens concerned) and `batch` (the ImportBatch).
Receivers run in the same process, after the import's data is committed: the missions app
awards points, so that steps and points show on the portal the same day they are uploaded.
"""

from django.dispatch import Signal

steps_recorded = Signal()
