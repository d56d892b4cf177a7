"""Pages of the partners app (mounted under /partners/)."""

app_name = "partners"
urlpatterns: list = []
