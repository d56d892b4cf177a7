"""Pages of the health app (mounted under /health/)."""

app_name = "health"
urlpatterns: list = []
