from django.urls import path

from mend.spaces import views

app_name = "spaces"
urlpatterns = [
    path("spaces/", views.space_list, name="list"),
    path("spaces/<int:space_id>/", views.space_detail, name="detail"),
    path("spaces/<int:space_id>/invite/", views.invite, name="invite"),
    path(
        "spaces/<int:space_id>/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("spaces/<int:space_id>/leave/", views.leave, name="leave"),
    path(
        "spaces/<int:space_id>/joins/<int:request_id>/decide/",
        views.decide_join,
        name="decide_join",
    ),
    path("joins/<int:request_id>/withdraw/", views.withdraw_join, name="withdraw_join"),
    path("spaces/<int:space_id>/breaches/new/", views.breach_new, name="breach_new"),
    path("breaches/<int:breach_id>/", views.breach_detail, name="breach"),
    path("breaches/<int:breach_id>/visibility/", views.breach_visibility, name="breach_visibility"),
    path(
        "breaches/<int:breach_id>/acknowledge/",
        views.breach_acknowledge,
        name="breach_acknowledge",
    ),
    path("join/<str:secret>/", views.join, name="join"),
]
