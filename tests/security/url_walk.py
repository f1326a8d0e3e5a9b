"""Every URL pattern of the project, and how to fill in its arguments."""

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# Admin pages are Django's own, guarded by is_staff; they are walked by Django's tests.
SKIPPED_NAMESPACES = {"admin"}


def url_names() -> list[str]:
    """The name of every URL pattern outside the admin (namespace:name)."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in SKIPPED_NAMESPACES:
                    continue
                yield from walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or str(pattern.pattern)
                yield f"{namespace}:{name}" if namespace else name

    return sorted(set(walk(get_resolver().url_patterns)))


# The API's URLs that name a plan.
API_PLAN_RECORDS = [
    "plan",
    "sections",
    "actions",
    "updates",
    "indicators",
    "indicator_values",
    "risks",
    "assurance_events",
    "summary",
]


def url_for(name: str, world, role: str) -> str:
    """The URL a role is tested on: the owner's own action or another's, etc."""
    action = world.action_for(role)
    plan = action.plan
    args = {
        "reports:section": [action.section_id],
        "reports:board_report": [world.final_report.pk],
        "reports:board_report_edit": [world.draft_report.pk],
        "reports:board_report_finalise": [world.draft_report.pk],
        "reports:board_report_export": [world.final_report.pk],
        "reports:board_report_logo": [world.draft_report.pk],
        "reports:board_report_word": [world.final_report.pk],
        "reports:pdf_build": [world.pdf_build.pk],
        "reports:pdf_build_download": [world.pdf_build.pk],
        "actions:recommendation_edit": [plan.findings.first().pk],
        **{
            f"reports:{name}": [plan.assurance_events.order_by("pk").first().pk]
            for name in ("assurance_event", "assurance_event_edit", "assurance_finding_new")
        },
        "reports:assurance_finding_edit": [plan.findings.order_by("-pk").first().pk],
        "plan_files:import_preview": ["no-such-import"],
        "plan_files:import_cancel": ["no-such-import"],
        "actions:detail": [action.pk],
        "actions:update": [action.pk],
        "actions:edit": [action.pk],
        "actions:sign_off": [action.pk],
        "actions:evidence_add": [action.pk],
        "actions:evidence_download": [world.evidence.pk],
        "actions:evidence_remove": [world.evidence.pk],
        "indicators:detail": [world.indicator.pk],
        **{f"risks:{name}": [world.risk_for(role).pk] for name in ("detail", "edit", "update")},
        "api:token_revoke": [world.api_token.pk],
        **{
            f"people:{name}": [world.users["owner_on_own"].pk]
            for name in ("edit", "deactivate", "activate", "password_link")
        },
        "people:set_password": ["MQ", "no-such-token"],
    }.get(name.replace(":old_", ":"), [])  # an old address takes its page's object
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        # A page of one plan: the plan's slug comes first in its address.
        return reverse(name, args=[plan.slug, *args])
