from django.contrib import admin

from .models import BoardMeeting, BoardReport, PdfBuild


@admin.register(BoardMeeting)
class BoardMeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "plan"]
    list_filter = ["plan"]


@admin.register(BoardReport)
class BoardReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "meeting", "as_at", "status"]
    list_filter = ["kind", "status", "meeting__plan"]
    raw_id_fields = ["meeting", "created_by", "finalised_by"]

    def get_readonly_fields(self, request, obj=None):
        # A final report is a record: the admin cannot quietly change it either.
        if obj is not None and obj.is_final:
            return [field.name for field in obj._meta.fields]
        return ["status", "finalised_by", "finalised_at"]


@admin.register(PdfBuild)
class PdfBuildAdmin(admin.ModelAdmin):
    list_display = ["report", "status", "requested_by", "requested_at", "sha256"]
    list_filter = ["status"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in PdfBuild._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
