"""Full-text search of the practice library (see normalise.py and backend.py)."""
