from django.urls import path

from mend.privacy import views

app_name = "privacy"
urlpatterns = [
    path("me/access-log/", views.access_log, name="access_log"),
    path("me/export.json", views.export, name="export"),
    path("me/delete/", views.delete, name="delete"),
]
