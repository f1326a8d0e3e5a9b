from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEvent, User


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """History is a governance record: readable in the admin, never changed there (the
    audit trail, action updates and edits, evidence, indicator values)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Council role", {"fields": ("job_title",)}))
    list_display = ("username", "first_name", "last_name", "job_title", "email", "is_active")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ("occurred_at", "kind", "username", "user", "ip_address", "path")
    list_filter = ("kind",)
    search_fields = ("username", "path", "detail")
