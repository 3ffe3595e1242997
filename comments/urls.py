from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("touchpoints/<int:pk>/comments/", views.touchpoint_thread, name="touchpoint_thread"),
    path("strategies/<int:pk>/comments/", views.strategy_thread, name="strategy_thread"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("threads/<int:pk>/resolve/", views.thread_resolve, name="thread_resolve"),
    path("threads/<int:pk>/reopen/", views.thread_reopen, name="thread_reopen"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("inbox/read-all/", views.notifications_read_all, name="notifications_read_all"),
]
