"""Pages of the partners app (mounted under /partners/)."""

from django.urls import path

from healthycity.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("products/<uuid:id>/", views.product_detail, name="product"),
    path("products/<uuid:id>/edit/", views.product_edit, name="product_edit"),
    path("mine/", views.my_company, name="mine"),
    path("companies/", views.partner_list, name="list"),
    path("companies/<slug:slug>/", views.partner_detail, name="partner"),
    path("companies/<slug:slug>/staff/add/", views.add_staff, name="add_staff"),
    path("companies/<slug:slug>/products/new/", views.product_new, name="product_new"),
    path("companies/<slug:slug>/report/", views.report, name="report"),
    path("companies/<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("companies/<slug:slug>/report.csv", views.report_csv, name="report_csv"),
]
