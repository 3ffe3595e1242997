from django.urls import path

from . import card_views, lane_views, stream, undo_views, views

app_name = "boards"
urlpatterns = [
    path("maps/<int:pk>/", views.board, name="board"),
    path("maps/<int:pk>/curve/", views.emotion_curve, name="curve"),
    path("maps/<int:pk>/parts/", views.board_parts, name="parts"),
    path("maps/<int:pk>/lanes/", lane_views.lanes, name="lanes"),
    path("maps/<int:pk>/lanes/new/", lane_views.lane_create, name="lane_create"),
    path("lanes/<int:pk>/edit/", lane_views.lane_edit, name="lane_edit"),
    path("lanes/<int:pk>/move/", lane_views.lane_move, name="lane_move"),
    path("lanes/<int:pk>/delete/", lane_views.lane_delete, name="lane_delete"),
    path("lanes/<int:lane_pk>/stages/<int:stage_pk>/", lane_views.cell, name="cell"),
    path("maps/<int:pk>/stages/new/", views.stage_create, name="stage_create"),
    path("stages/<int:pk>/", views.stage_detail, name="stage_detail"),
    path("stages/<int:pk>/edit/", views.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/delete/", views.stage_delete, name="stage_delete"),
    path("stages/<int:pk>/move/", views.stage_move, name="stage_move"),
    path("stages/<int:stage_pk>/touchpoints/new/", card_views.touchpoint_create, name="touchpoint_create"),
    path("touchpoints/<int:pk>/", card_views.touchpoint_detail, name="touchpoint_detail"),
    path("touchpoints/<int:pk>/edit/", card_views.touchpoint_edit, name="touchpoint_edit"),
    path("touchpoints/<int:pk>/delete/", card_views.touchpoint_delete, name="touchpoint_delete"),
    path("touchpoints/<int:pk>/move/", card_views.touchpoint_move, name="touchpoint_move"),
    path("trash/<int:pk>/undo/", undo_views.undo, name="undo"),
    path("maps/<int:pk>/live/events/", stream.board_events, name="events"),
    path("maps/<int:pk>/live/presence/", stream.presence_update, name="presence"),
]
