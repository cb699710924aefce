from django.urls import path

from mend.selftrust import views

app_name = "selftrust"
S = "spaces/<int:space_id>/self-trust/"
urlpatterns = [
    path(S, views.home, name="home"),
    path(f"{S}journal/", views.journal_list, name="journal"),
    path(f"{S}journal/new/", views.journal_new, name="journal_new"),
    path(f"{S}boundaries/", views.boundaries, name="boundaries"),
    path(f"{S}intuition/", views.intuition, name="intuition"),
    path(f"{S}ratings/", views.ratings, name="ratings"),
    path(f"{S}questionnaires/", views.questionnaires, name="questionnaires"),
    path(
        f"{S}questionnaires/<slug:instrument_id>/",
        views.questionnaire_take,
        name="questionnaire",
    ),
    path(f"{S}shared/", views.shared_with_me, name="shared"),
    path("self-trust/lock/", views.lock_settings, name="lock"),
    path("self-trust/unlock/", views.unlock, name="unlock"),
    path("self-trust/recover/", views.recover, name="recover"),
    path("self-trust/lock-now/", views.lock_now, name="lock_now"),
    path("self-trust/journal/<int:entry_id>/", views.journal_entry, name="journal_entry"),
    path("self-trust/journal/<int:entry_id>/edit/", views.journal_edit, name="journal_edit"),
    path("self-trust/journal/<int:entry_id>/delete/", views.journal_delete, name="journal_delete"),
    path(
        "self-trust/journal/<int:entry_id>/sharing/", views.journal_sharing, name="journal_sharing"
    ),
    path("self-trust/boundaries/<int:boundary_id>/", views.boundary, name="boundary"),
    path(
        "self-trust/boundaries/<int:boundary_id>/events/",
        views.boundary_event,
        name="boundary_event",
    ),
    path(
        "self-trust/boundaries/<int:boundary_id>/sharing/",
        views.boundary_sharing,
        name="boundary_sharing",
    ),
    path(
        "self-trust/boundaries/<int:boundary_id>/delete/",
        views.boundary_delete,
        name="boundary_delete",
    ),
    path(
        "self-trust/intuition/<int:gut_check_id>/resolve/",
        views.intuition_resolve,
        name="intuition_resolve",
    ),
    path("self-trust/results/<int:result_id>/", views.result, name="result"),
    path(
        "self-trust/results/<int:result_id>/sharing/", views.result_sharing, name="result_sharing"
    ),
]
