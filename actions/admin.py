from django.contrib import admin

from .models import Action, ActionUpdate, Evidence


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """History is a governance record: readable in the admin, never changed there."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    fields = ("effective_date", "kind", "rating", "commentary", "author", "recorded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "plan", "section", "lead", "rating", "current_due_date")
    list_filter = ("plan", "section", "rating")
    search_fields = ("reference", "title", "description")
    # The current rating moves only with a recorded update, so it is not edited here.
    readonly_fields = ("rating", "version")
    filter_horizontal = ("delegates", "recommendations")
    inlines = [ActionUpdateInline]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ReadOnlyHistoryAdmin):
    list_display = ("action", "effective_date", "kind", "rating", "author", "recorded_at")
    list_filter = ("kind", "rating", "action__plan")
    search_fields = ("action__reference", "commentary")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "action", "added_by", "added_at", "removed_at")
    list_filter = ("action__plan",)
    readonly_fields = ("added_by", "added_at", "removed_at", "removed_by")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
