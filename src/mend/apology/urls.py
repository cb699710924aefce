from django.urls import path

from mend.apology import views

app_name = "apology"
urlpatterns = [
    path("spaces/<int:space_id>/apologies/", views.studio, name="studio"),
    path("spaces/<int:space_id>/apologies/new/", views.compose, name="compose"),
    path("spaces/<int:space_id>/apologies/feedback/", views.live_feedback, name="feedback"),
    path("apologies/<int:apology_id>/", views.detail, name="detail"),
    path("apologies/<int:apology_id>/edit/", views.edit, name="edit"),
    path("apologies/<int:apology_id>/send/", views.send, name="send"),
    path("apologies/<int:apology_id>/respond/", views.respond, name="respond"),
    path("apologies/<int:apology_id>/discard/", views.discard, name="discard"),
]
