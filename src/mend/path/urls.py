from django.urls import path

from mend.path import views

app_name = "path"
urlpatterns = [path("spaces/<int:space_id>/path/", views.path_page, name="page")]
