"""Routes of the safety screen, the triage page and the progress report (mend.care)."""

from django.urls import path

from mend.care import report_views, screening_views

app_name = "care_extra"

urlpatterns = [
    path(
        "spaces/<int:space_id>/safety-screen/",
        screening_views.screen_page,
        name="safety_screen",
    ),
    path(
        "spaces/<int:space_id>/professional-help/",
        report_views.professional_help,
        name="professional_help",
    ),
    path("spaces/<int:space_id>/report/", report_views.report_html, name="report"),
    path("spaces/<int:space_id>/report.pdf", report_views.report_pdf, name="report_pdf"),
]
