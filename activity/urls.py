from django.urls import path

from . import views

app_name = "activity"
urlpatterns = [
    path("maps/<int:pk>/activity/", views.map_activity, name="map"),
]
