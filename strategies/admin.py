"""Read-only admin: strategies change through the app (which writes their revisions), revisions never change."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Strategy, StrategyRevision


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
