"""REST endpoints of the equity app (mounted under /api/v1/)."""

urlpatterns: list = []
