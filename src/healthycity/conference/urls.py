"""Pages of the conference app (mounted under /conference/)."""

from django.urls import path

from healthycity.conference.views import manage, personal, public, scanner

app_name = "conference"
urlpatterns = [
    path("", public.event_list, name="events"),
    path("<slug:slug>/", public.event_page, name="event"),
    path("<slug:slug>/programme/", public.programme, name="programme"),
    path("<slug:slug>/sessions/<uuid:id>/", public.session_page, name="session"),
    path("<slug:slug>/sessions/<uuid:id>/star/", personal.star, name="star"),
    path("<slug:slug>/sessions/<uuid:id>/book/", personal.book, name="book"),
    path("<slug:slug>/schedule.ics", public.schedule_ics, name="schedule_ics"),
    path("<slug:slug>/schedule.xml", public.schedule_xml, name="schedule_xml"),
    path("<slug:slug>/schedule.json", public.schedule_json, name="schedule_json"),
    path("<slug:slug>/agenda/", personal.agenda, name="agenda"),
    path("<slug:slug>/agenda/new-link/", personal.agenda_new_link, name="agenda_new_link"),
    path("<slug:slug>/agenda/<str:token>.ics", public.agenda_feed, name="agenda_feed"),
    path("<slug:slug>/register/", personal.register, name="register"),
    path("<slug:slug>/my/", personal.my_registration, name="my"),
    path("<slug:slug>/my/cancel/", personal.my_action, {"action": "cancel"}, name="my_cancel"),
    path("<slug:slug>/my/accept/", personal.my_action, {"action": "accept"}, name="my_accept"),
    path("<slug:slug>/ticket/", personal.ticket_page, name="ticket"),
    path("<slug:slug>/ticket.pdf", personal.ticket_pdf, name="ticket_pdf"),
    path("<slug:slug>/abstracts/", personal.my_abstracts, name="abstracts"),
    path("<slug:slug>/manage/", manage.dashboard, name="manage"),
    path("<slug:slug>/manage/live/", manage.live, name="manage_live"),
    path("<slug:slug>/manage/expire/", manage.expire_now, name="manage_expire"),
    path("<slug:slug>/manage/lists/", manage.make_lists, name="manage_lists"),
    path("<slug:slug>/manage/registrations/", manage.registrations, name="manage_registrations"),
    path(
        "<slug:slug>/manage/registrations/<uuid:id>/",
        manage.registration_detail,
        name="manage_registration",
    ),
    path("<slug:slug>/manage/programme/", manage.programme, name="manage_programme"),
    path("<slug:slug>/manage/programme/new/", manage.session_form, name="manage_session_new"),
    path("<slug:slug>/manage/programme/<uuid:id>/", manage.session_form, name="manage_session"),
    path("<slug:slug>/manage/abstracts/", manage.abstracts, name="manage_abstracts"),
    path("<slug:slug>/manage/abstracts/<uuid:id>/", manage.abstract_detail, name="manage_abstract"),
    path("<slug:slug>/manage/import/", manage.import_page, name="manage_import"),
    path("<slug:slug>/manage/badges/", manage.badges, name="manage_badges"),
    path("<slug:slug>/scanner/", scanner.scanner, name="scanner"),
    path("<slug:slug>/scanner/manifest.webmanifest", scanner.manifest, name="scanner_manifest"),
    path("<slug:slug>/scanner/sw.js", scanner.service_worker, name="scanner_sw"),
]
