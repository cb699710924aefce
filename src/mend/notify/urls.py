from django.urls import path

from mend.notify import views

app_name = "notify"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.mark_all_read, name="read_all"),
    path("notifications/settings/", views.preferences, name="settings"),
    path("notifications/push/off/", views.push_off_everywhere, name="push_off"),
    path("notifications/<int:notification_id>/read/", views.mark_read, name="read"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
]
