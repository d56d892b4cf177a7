"""REST endpoints of the feedback app (mounted under /api/v1/)."""

urlpatterns: list = []
