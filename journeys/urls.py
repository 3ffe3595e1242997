from django.urls import path

from . import views

app_name = "journeys"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("maps/new/", views.journey_create, name="journey_create"),
    path("maps/<int:pk>/", views.board, name="board"),
    path("maps/<int:pk>/edit/", views.journey_edit, name="journey_edit"),
    path("maps/<int:pk>/delete/", views.journey_delete, name="journey_delete"),
    path("maps/<int:pk>/curve/", views.emotion_curve, name="curve"),
    path("maps/<int:pk>/stages/new/", views.stage_create, name="stage_create"),
    path("stages/<int:pk>/", views.stage_detail, name="stage_detail"),
    path("stages/<int:pk>/edit/", views.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/delete/", views.stage_delete, name="stage_delete"),
    path("stages/<int:pk>/move/", views.stage_move, name="stage_move"),
]
