from django.urls import path

from mend.commitments import views

app_name = "commitments"
urlpatterns = [
    path("spaces/<int:space_id>/commitments/", views.commitment_list, name="list"),
    path("spaces/<int:space_id>/commitments/new/", views.commitment_new, name="new"),
    path("spaces/<int:space_id>/commitments/propose/", views.commitment_propose, name="propose"),
    path("commitments/<int:commitment_id>/", views.commitment_detail, name="detail"),
    path(
        "commitments/<int:commitment_id>/renegotiate/",
        views.commitment_renegotiate,
        name="renegotiate",
    ),
    path(
        "commitments/<int:commitment_id>/visibility/",
        views.commitment_visibility,
        name="visibility",
    ),
    path(
        "commitments/<int:commitment_id>/<slug:action>/",
        views.commitment_action,
        name="action",
    ),
    path("commitments/<int:commitment_id>/terms/answer/", views.terms_answer, name="terms_answer"),
    path(
        "commitments/<int:commitment_id>/terms/withdraw/",
        views.terms_withdraw,
        name="terms_withdraw",
    ),
    path("occurrences/<int:occurrence_id>/report/", views.occurrence_report, name="report"),
    path(
        "occurrences/<int:occurrence_id>/<slug:response>/",
        views.occurrence_respond,
        name="respond",
    ),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:secret>.ics", views.calendar_feed, name="feed"),
]
