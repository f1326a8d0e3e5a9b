from django.contrib import admin

from .models import AssuranceEvent, Finding, Organisation, Plan, Section


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """A council's record: its Board's name and the wording and logo of its papers, and who
    oversees it (superusers only; the People pages do the everyday jobs)."""

    list_display = ("name", "board_name")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("overseers",)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "status", "start_date")
    list_filter = ("status", "organisation")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("members",)
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "title", "lead")
    list_filter = ("plan",)


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("plan", "event", "reference", "text")
    list_filter = ("plan",)
    search_fields = ("reference", "text")


@admin.register(AssuranceEvent)
class AssuranceEventAdmin(admin.ModelAdmin):
    list_display = ("plan", "title", "kind", "status", "planned_start", "actual_start")
    list_filter = ("plan", "kind", "status")
    search_fields = ("title", "led_by")
