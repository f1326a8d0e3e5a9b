from django.contrib import admin
from django.db import models

from improvement_board.admin import ReadOnlyHistoryAdmin

from .models import Action, ActionChange, ActionUpdate, Evidence
from .services import action_admin_changes_record, action_snapshot


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    fields = ("effective_date", "kind", "rating", "commentary", "author", "recorded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ActionChangeInline(admin.TabularInline):
    model = ActionChange
    fields = ("changed_at", "label", "before", "after", "changed_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "plan", "section", "lead", "rating", "current_due_date")
    list_filter = ("plan", "section", "rating")
    search_fields = ("reference", "title", "description")
    # The current rating moves only with a recorded update, so it is not edited here.
    readonly_fields = ("rating", "version")
    filter_horizontal = ("delegates", "recommendations")
    inlines = [ActionUpdateInline, ActionChangeInline]

    # Edits here are recorded in the action's history like edits in the app. The snapshot
    # travels on the object being saved, as the admin instance is shared between requests.
    def save_model(self, request, obj, form, change):
        if change:
            obj._history_before = action_snapshot(Action.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(form.instance, "_history_before", None)
        if change and before is not None:
            action_admin_changes_record(action=form.instance, editor=request.user, before=before)


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ReadOnlyHistoryAdmin):
    list_display = ("action", "effective_date", "kind", "rating", "author", "recorded_at")
    list_filter = ("kind", "rating", "action__plan")
    search_fields = ("action__reference", "commentary")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyHistoryAdmin):
    """Evidence is added and removed on the action's page, where the history records it."""

    list_display = ("title", "action", "file_name", "added_by", "added_at", "removed_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ("action__plan",)
    search_fields = ("title", "file_name", "action__reference")


@admin.register(ActionChange)
class ActionChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ("action", "label", "changed_by", "changed_at")
    list_filter = ("field", "action__plan")
    search_fields = ("action__reference", "before", "after")
