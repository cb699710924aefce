from django.urls import path

from mend.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.account, name="account"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
