from django.urls import path

from mend.care import report_views, views

app_name = "care"
urlpatterns = [
    path("spaces/<int:space_id>/counsellor/", views.member_counsellor, name="member"),
    path("spaces/<int:space_id>/counsellor/invite/", views.invite_counsellor, name="invite"),
    path(
        "spaces/<int:space_id>/counsellor/consents/<int:access_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path("homework/<int:homework_id>/answer/", views.homework_answer, name="homework_answer"),
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/spaces/<int:space_id>/", views.counsellor_space, name="counsellor_space"),
    path("caseload/spaces/<int:space_id>/homework/", views.homework_new, name="homework_new"),
    path("caseload/spaces/<int:space_id>/notes/", views.notes, name="notes"),
    path("caseload/notes/<int:note_id>/", views.note_detail, name="note"),
    path("caseload/notes/<int:note_id>/delete/", views.note_delete, name="note_delete"),
    path("practice/inbox/", views.inbox, name="inbox"),
    path(
        "practice/inbox/<int:intake_id>/status/",
        views.intake_set_status,
        name="intake_set_status",
    ),
    path(
        "spaces/<int:space_id>/professional-help/",
        report_views.professional_help,
        name="professional_help",
    ),
    path("spaces/<int:space_id>/report/", report_views.report_html, name="report"),
    path("spaces/<int:space_id>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("get-in-touch/", views.get_in_touch, name="get_in_touch"),
    path("get-in-touch/requests/", views.my_requests, name="my_requests"),
    path("get-in-touch/status/<str:secret>/", views.intake_status, name="intake_status"),
]
