from django.urls import path

from . import views

app_name = "personas"
urlpatterns = [
    path("personas/", views.persona_list, name="list"),
    path("personas/new/", views.persona_create, name="create"),
    path("personas/<int:pk>/", views.persona_detail, name="detail"),
    path("personas/<int:pk>/edit/", views.persona_edit, name="edit"),
    path("personas/<int:pk>/delete/", views.persona_delete, name="delete"),
]
