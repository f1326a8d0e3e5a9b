from django.contrib import admin

from .models import Organisation, Plan, Recommendation, Section


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


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("plan", "reference", "text")
    list_filter = ("plan",)
    search_fields = ("reference", "text")
