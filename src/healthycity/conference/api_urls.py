"""REST endpoints of the conference app (mounted under /api/v1/)."""

urlpatterns: list = []
