from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import BoardActivity


@admin.register(BoardActivity)
class BoardActivityAdmin(ReadOnlyAdmin):
    list_display = ["journey", "actor_name", "action", "target_type", "target_label", "created_at"]
    list_filter = ["action", "target_type"]
    list_select_related = ["journey"]
