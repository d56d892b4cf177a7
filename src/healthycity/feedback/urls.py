"""Pages of the feedback app (mounted under /feedback/)."""

from django.urls import path

from healthycity.feedback import views

app_name = "feedback"
urlpatterns = [
    path("products/<uuid:product>/review/", views.review_new, name="review_new"),
    path("mine/", views.mine, name="mine"),
    path("mine/<uuid:id>/edit/", views.review_edit, name="edit"),
    path("mine/<uuid:id>/withdraw/", views.review_withdraw, name="withdraw"),
    path("inbox/", views.inbox, name="inbox"),
    path("reviews/<uuid:id>/", views.review_detail, name="review"),
    path("reviews/<uuid:id>/reply/", views.reply, name="reply"),
    path("reviews/<uuid:id>/status/", views.change_status, name="status"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<uuid:id>/", views.moderate, name="moderate"),
    path("dashboard/products/<uuid:id>/", views.product_dashboard, name="dashboard"),
    path(
        "dashboard/products/<uuid:id>/context/",
        views.product_dashboard,
        {"context": True},
        name="dashboard_context",
    ),
    path("dashboard/companies/<slug:slug>/", views.partner_dashboard, name="partner_dashboard"),
]
