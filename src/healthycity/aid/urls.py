"""Pages of the aid app (mounted under /aid/)."""

app_name = "aid"
urlpatterns: list = []
