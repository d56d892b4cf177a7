"""REST endpoints of the partners app (mounted under /api/v1/)."""

urlpatterns: list = []
