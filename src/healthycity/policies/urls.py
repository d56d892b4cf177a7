"""Pages of the policies app (mounted under /policies/)."""

from django.urls import path

from healthycity.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.library_page, name="library"),
    path("mine/", views.mine, name="mine"),
    path("from-aid/", views.from_aid, name="from_aid"),
    path("practices/new/", views.practice_new, name="new"),
    path("practices/<uuid:id>/", views.practice_page, name="practice"),
    path("practices/<uuid:id>/edit/", views.practice_edit, name="edit"),
    path("practices/<uuid:id>/submit/", views.practice_submit, name="submit"),
    path("practices/<uuid:id>/reviewers/", views.practice_assign, name="assign"),
    path("practices/<uuid:id>/publish/", views.practice_publish, name="publish"),
    path("practices/<uuid:id>/return/", views.practice_return, name="return"),
    path("practices/<uuid:id>/nominations/", views.practice_nominate, name="nominate"),
    path("practices/<uuid:id>/sessions/", views.practice_link_session, name="link_session"),
    path("practices/<uuid:id>/attachments/", views.attachment_upload, name="attach"),
    path(
        "practices/<uuid:id>/attachments/<uuid:attachment>/",
        views.attachment_download,
        name="attachment",
    ),
    path("practices/<uuid:id>/practice.pdf", views.practice_pdf, name="pdf"),
    path("practices/<uuid:id>/practice.jsonld", views.practice_jsonld, name="jsonld"),
    path("reviews/<uuid:id>/", views.review_page, name="review"),
]
