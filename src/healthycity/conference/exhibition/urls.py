"""Pages of the exhibition (mounted under /conference/)."""

from django.urls import path

from healthycity.conference.exhibition.views import booth, manage, public, visitor
from healthycity.conference.exhibition.views.common import to_current

app_name = "exhibition"
urlpatterns = [
    path("exhibition/", to_current("exhibition:floorplan"), name="current"),
    path("exhibition/manage/", to_current("exhibition:manage"), name="current_manage"),
    path("<slug:event>/exhibition/", public.floorplan, name="floorplan"),
    path("<slug:event>/exhibition/floorplan.svg", public.floorplan_svg, name="floorplan_svg"),
    path(
        "<slug:event>/exhibition/exhibitors/<slug:exhibitor>/",
        public.exhibitor_page,
        name="exhibitor",
    ),
    path(
        "<slug:event>/exhibition/exhibitors/<slug:exhibitor>/share/",
        public.share,
        name="share",
    ),
    path("<slug:event>/exhibition/mine/", visitor.mine, name="mine"),
    path("<slug:event>/exhibition/manage/", manage.manage, name="manage"),
    path(
        "<slug:event>/exhibition/manage/exhibitors/new/",
        manage.exhibitor_edit,
        name="exhibitor_new",
    ),
    path(
        "<slug:event>/exhibition/manage/exhibitors/<slug:exhibitor>/",
        manage.exhibitor_edit,
        name="exhibitor_edit",
    ),
    path(
        "<slug:event>/exhibition/manage/booths/<str:number>/", manage.booth_edit, name="booth_edit"
    ),
    path("<slug:event>/exhibition/manage/plan/", manage.plan_upload, name="plan"),
    path("<slug:event>/exhibition/report/", manage.report, name="report"),
    path("exhibition/booths/", booth.desk_list, name="desk_list"),
    path("exhibition/booths/<uuid:id>/", booth.desk, name="desk"),
    path("exhibition/booths/<uuid:id>/leads/", booth.leads_page, name="leads"),
    path("exhibition/booths/<uuid:id>/leads.csv", booth.leads_csv, name="leads_csv"),
    path("exhibition/booths/<uuid:id>/station/", booth.station, name="station"),
    path("exhibition/booths/<uuid:id>/figures/", booth.figures, name="figures"),
    path("exhibition/booths/<uuid:id>/staff/", booth.staff, name="staff"),
    path("exhibition/measurements/<uuid:id>/", booth.result, name="result"),
    path("exhibition/measurements/<uuid:id>/slip.pdf", booth.result_pdf, name="slip_pdf"),
    path("exhibition/measurements/<uuid:id>/reissue/", booth.reissue, name="reissue"),
    path("exhibition/claim/<str:secret>/", visitor.claim, name="claim"),
]
