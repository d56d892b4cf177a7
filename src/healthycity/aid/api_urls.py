"""REST endpoints of the aid app (mounted under /api/v1/)."""

urlpatterns: list = []
