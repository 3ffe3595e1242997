from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records the app writes through its services (histories, feeds): the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
