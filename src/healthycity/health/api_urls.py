"""REST endpoints of the health app (mounted under /api/v1/)."""

urlpatterns: list = []
