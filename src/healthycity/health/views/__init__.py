"""Pages of the health app: the citizen portal, staff record pages, the worker's worklist,
recording and upload. Thin: access and logging here, work in assessment/, report/ and imports/."""
