from django.contrib import admin

from .models import Plan, Recommendation, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "status", "start_date")
    list_filter = ("status",)
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
