from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("maps/<int:pk>/live/events/", views.board_events, name="events"),
    path("maps/<int:pk>/live/presence/", views.presence_update, name="presence"),
]
