"""Pages of the aid app (mounted under /aid/)."""

from django.urls import path

from healthycity.aid import views

app_name = "aid"
urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_edit, name="programme_new"),
    path("programmes/<uuid:pk>/", views.programme_detail, name="programme"),
    path("programmes/<uuid:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<uuid:pk>/rule/", views.rule_edit, name="rule"),
    path("programmes/<uuid:pk>/candidates/", views.candidate_list, name="candidates"),
    path("programmes/<uuid:pk>/enrol/", views.enrol_view, name="enrol"),
    path("programmes/<uuid:pk>/enrolments/", views.enrolment_list, name="enrolments"),
    path("programmes/<uuid:pk>/items/", views.item_set, name="item_set"),
    path("programmes/<uuid:pk>/cycles/new/", views.cycle_create, name="cycle_new"),
    path("enrolments/<uuid:pk>/exit/", views.exit_view, name="exit"),
    path("cycles/<uuid:pk>/approve/", views.cycle_approve, name="cycle_approve"),
    path("cycles/<uuid:pk>/allocate/", views.allocate_view, name="allocate"),
    path("cycles/<uuid:pk>/hand-over/", views.handover_page, name="handover"),
    path("allocations/<uuid:pk>/", views.allocation_detail, name="allocation"),
    path("donations/", views.donations, name="donations"),
    path("donations/<uuid:pk>/receive/", views.receive_view, name="receive"),
    path("stock/", views.stock_view, name="stock"),
]
