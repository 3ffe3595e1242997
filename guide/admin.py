from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import StageRead, StageReview


@admin.register(StageReview)
class StageReviewAdmin(ReadOnlyAdmin):
    list_display = ["stage", "reviewed_by", "reviewed_at"]


@admin.register(StageRead)
class StageReadAdmin(ReadOnlyAdmin):
    list_display = ["stage", "user", "read_at"]
