from django.urls import path

from . import views

app_name = "workspaces"
urlpatterns = [
    path("workspaces/", views.workspace_list, name="list"),
    path("workspaces/new/", views.create, name="create"),
    path("workspaces/<int:pk>/members/", views.members, name="members"),
    path("workspaces/<int:pk>/invitations/new/", views.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("members/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("join/<str:token>/", views.invitation, name="invitation"),
    path("accounts/tokens/", views.tokens, name="tokens"),
    path("accounts/tokens/<str:digest>/revoke/", views.token_revoke, name="token_revoke"),
]
