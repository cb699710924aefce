from django.urls import path

from mend.audit import views

app_name = "audit"
urlpatterns = [path("me/access-log/", views.access_log, name="access_log")]
