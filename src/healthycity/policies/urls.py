"""Pages of the policies app (mounted under /policies/)."""

app_name = "policies"
urlpatterns: list = []
