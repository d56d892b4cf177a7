"""Pages of the conference app (mounted under /conference/)."""

app_name = "conference"
urlpatterns: list = []
