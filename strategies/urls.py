from django.urls import path

from . import history_views, views

app_name = "strategies"

urlpatterns = [
    # Panels opened in place on the board, and their forms.
    path("maps/<int:pk>/strategies/", views.map_strategies, name="map_strategies"),
    path("maps/<int:pk>/strategies/new/", views.strategy_create, name="map_strategies_new"),
    path("stages/<int:pk>/strategies/", views.stage_strategies, name="stage_strategies"),
    path("stages/<int:stage_pk>/strategies/new/", views.strategy_create, name="stage_strategies_new"),
    path("touchpoints/<int:pk>/strategies/", views.touchpoint_strategies, name="touchpoint_strategies"),
    path("touchpoints/<int:touchpoint_pk>/strategies/new/", views.strategy_create, name="touchpoint_strategies_new"),
    path("strategies/<int:pk>/", views.strategy_detail, name="strategy_detail"),
    path("strategies/<int:pk>/edit/", views.strategy_edit, name="strategy_edit"),
    path("strategies/<int:pk>/retire/", views.strategy_retire, name="strategy_retire"),
    path("strategies/<int:pk>/review/", views.strategy_review, name="strategy_review"),
    # History.
    path("strategies/<int:pk>/history/", views.strategy_history, name="strategy_history"),
    path("strategies/<int:pk>/compare/", views.strategy_compare, name="strategy_compare"),
    path("strategies/<int:pk>/restore/", views.strategy_restore, name="strategy_restore"),
    path("maps/<int:pk>/history/", history_views.map_history, name="map_history"),
    path("maps/<int:pk>/history/since/", history_views.map_changes_since, name="map_changes_since"),
]
