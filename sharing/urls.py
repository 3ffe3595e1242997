from django.urls import path

from . import guest_views, stream, views

app_name = "sharing"
urlpatterns = [
    # Members: a map's links.
    path("maps/<int:pk>/share/", views.links, name="links"),
    path("share-links/<int:pk>/revoke/", views.revoke, name="revoke"),
    # Anyone with a link: what it shows.
    path("shared/<str:token>/", guest_views.home, name="home"),
    path("shared/<str:token>/password/", guest_views.password, name="unlock"),
    path("shared/<str:token>/board/", guest_views.board, name="board"),
    path("shared/<str:token>/board/parts/", guest_views.parts, name="parts"),
    path("shared/<str:token>/board/events/", stream.guest_events, name="events"),
    path("shared/<str:token>/touchpoints/<int:pk>/", guest_views.card, name="card"),
    path("shared/<str:token>/present/", guest_views.present, name="present"),
    path("shared/<str:token>/guide/", guest_views.guide, name="guide"),
    path("shared/<str:token>/guide/stages/<int:pk>/", guest_views.guide_stage, name="guide_stage"),
    path("shared/<str:token>/strategies/", guest_views.strategies, name="strategies"),
]
