from django import forms
from django.contrib import admin

from improvement_board.admin import ReadOnlyHistoryAdmin

from .models import Indicator, IndicatorValue


class IndicatorAdminForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "plan",
            "name",
            "definition",
            "unit",
            "polarity",
            "target",
            "tolerance",
            "statistical_neighbours",
            "england",
            "comparators_note",
            "sections",
            "actions",
            "owner",
            "position",
        ]

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        if plan is not None:
            for field in ("sections", "actions"):
                others = [item for item in cleaned.get(field) or [] if item.plan_id != plan.pk]
                if others:
                    self.add_error(
                        field,
                        f"These are not in {plan}: {', '.join(str(item) for item in others)}.",
                    )
        return cleaned


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = ("period", "value", "commentary", "entered_by", "entered_at", "supersedes", "source")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-period", "-pk")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorAdminForm
    list_display = ("name", "plan", "unit", "polarity", "target", "tolerance", "owner", "position")
    list_filter = ("plan", "unit", "polarity")
    search_fields = ("name", "definition")
    filter_horizontal = ("sections", "actions")
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyHistoryAdmin):
    """Monthly values are a governance record: read here, entered through the service."""

    list_display = ("indicator", "period", "value", "entered_by", "entered_at", "supersedes")
    list_filter = ("indicator__plan", "indicator")
    search_fields = ("indicator__name", "commentary")
