"""Pages of the feedback app (mounted under /feedback/)."""

app_name = "feedback"
urlpatterns: list = []
