"""Read-only admin: strategies change through the app (which writes their revisions), revisions never change."""

from django.contrib import admin

from .models import BoardActivity, StageRead, StageReview, Strategy, StrategyRevision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RevisionInline(admin.TabularInline):
    model = StrategyRevision
    fields = ["number", "kind", "title", "status", "author_name", "change_note", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Strategy)
class StrategyAdmin(ReadOnlyAdmin):
    list_display = ["title", "journey", "stage", "touchpoint", "status", "owner", "last_reviewed_on", "version"]
    list_filter = ["status"]
    search_fields = ["title", "body"]
    list_select_related = ["journey", "stage", "touchpoint", "owner"]
    inlines = [RevisionInline]


@admin.register(StrategyRevision)
class StrategyRevisionAdmin(ReadOnlyAdmin):
    list_display = ["strategy", "number", "kind", "status", "author_name", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "body", "change_note"]
    list_select_related = ["strategy"]
    date_hierarchy = "created_at"


@admin.register(BoardActivity)
class BoardActivityAdmin(ReadOnlyAdmin):
    list_display = ["journey", "actor_name", "action", "target_type", "target_label", "created_at"]
    list_filter = ["action", "target_type"]
    list_select_related = ["journey"]


@admin.register(StageReview)
class StageReviewAdmin(ReadOnlyAdmin):
    list_display = ["stage", "reviewed_by", "reviewed_at"]


@admin.register(StageRead)
class StageReadAdmin(ReadOnlyAdmin):
    list_display = ["stage", "user", "read_at"]
