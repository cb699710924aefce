from django.urls import path

from mend.screening import views

app_name = "screening"
urlpatterns = [
    path("spaces/<int:space_id>/safety-screen/", views.screen_page, name="safety_screen"),
]
