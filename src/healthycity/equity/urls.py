"""Pages of the equity app (mounted under /equity/)."""

app_name = "equity"
urlpatterns: list = []
