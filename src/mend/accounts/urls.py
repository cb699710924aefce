from django.urls import path

from mend.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.account, name="account"),
    path("me/quick-exit/", views.quick_exit_setting, name="quick_exit_setting"),
    path("exit/<str:token>/", views.quick_exit, name="quick_exit"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("me/ways-in/", views.ways_in, name="ways_in"),
    path("me/sessions/<str:handle>/end/", views.session_end, name="session_end"),
    path("me/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
]
