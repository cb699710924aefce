from django.urls import path

from mend.safety import views

app_name = "safety"
urlpatterns = [
    path("spaces/<int:space_id>/safety/", views.safety_home, name="home"),
    path(
        "spaces/<int:space_id>/safety/heart-rate/",
        views.heart_rate_import,
        name="heart_rate_import",
    ),
    path(
        "spaces/<int:space_id>/safety/heart-rate/resting/",
        views.heart_rate_profile,
        name="heart_rate_profile",
    ),
    path("spaces/<int:space_id>/safety/pause/", views.pause_new, name="pause_new"),
    path(
        "spaces/<int:space_id>/conversations/new/",
        views.conversation_new,
        name="conversation_new",
    ),
    path("safety/checkins/<int:checkin_id>/", views.checkin_detail, name="checkin"),
    path("safety/pauses/<int:pause_id>/", views.pause_detail, name="pause"),
    path("safety/pauses/<int:pause_id>/resume/", views.pause_resume, name="pause_resume"),
    path("safety/conversations/<int:conv_id>/", views.conversation_detail, name="conversation"),
    path(
        "safety/conversations/<int:conv_id>/state/",
        views.conversation_state,
        name="conversation_state",
    ),
    *(
        path(
            f"safety/conversations/<int:conv_id>/{action}/",
            views.conversation_act,
            {"action": action},
            name=f"conversation_{action}",
        )
        for action in ("begin", "turn", "summary", "end", "keep")
    ),
    path(
        "safety/conversations/<int:conv_id>/pause/",
        views.conversation_pause,
        name="conversation_pause",
    ),
]
