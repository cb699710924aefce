from django.urls import path

from mend.instruments import views

app_name = "instruments"
S = "spaces/<int:space_id>/instruments/"
urlpatterns = [
    path(S, views.overview, name="overview"),
    path(f"{S}<int:definition_id>/", views.take, name="take"),
    path("instrument-results/<int:result_id>/", views.result, name="result"),
    path("instrument-results/<int:result_id>/sharing/", views.sharing, name="sharing"),
]
