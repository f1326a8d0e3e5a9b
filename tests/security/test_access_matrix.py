"""Every URL of the project, for every kind of person, GET and POST, against a policy.

A URL with no row in POLICY fails the test, so a new page cannot skip the question of who
may use it. Codes are in the order of ROLES: anonymous, deactivated, outsider (signed in,
not a member of the plan), Board member, action owner on their own action, action owner
on someone else's action, plan manager; then, in TWO_COUNCILS, three people of a second
council on the same database: a plan manager of its plan, an overseer of both councils,
and an overseer of the second council only. 302 for the first two is the redirect to sign
in. POSTs carry no form data: a permitted write answers 400 or re-shows its form (200); a
refused one 403, or 404 for someone who may not even know the object exists.
"""

import time

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from improvement_board import sso
from improvement_board.roles import Role
from tests.db import row_counts
from tests.factories import PlanFactory, UserFactory
from tests.security.access_world import ROLES, build_world
from tests.security.test_headers import assert_security_headers
from tests.security.url_walk import API_PLAN_RECORDS, url_for, url_names

pytestmark = pytest.mark.django_db

# The API answers 401 (not a redirect) to anyone not signed in and without a token, and
# 405 to every write; a plan the person may not read does not exist for them (404).
API_PLAN_RECORDS_POLICY = ("401 401 404 200 200 200 200", "401 401 405 405 405 405 405")

POLICY = {
    "account_security": ("302 302 200 200 200 200 200", "302 302 405 405 405 405 405"),
    "admin_login_redirect": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "api:tokens": ("302 302 200 200 200 200 200", "302 302 200 200 200 200 200"),
    "api:token_revoke": ("302 302 405 405 405 405 405", "302 302 404 404 404 404 302"),
    "api:schema": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:docs": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:plans": ("401 401 200 200 200 200 200", "401 401 405 405 405 405 405"),
    **{f"api:{name}": API_PLAN_RECORDS_POLICY for name in API_PLAN_RECORDS},
    "accessibility": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "favicon": ("301 301 301 301 301 301 301", "405 405 405 405 405 405 405"),
    "actions:detail": ("302 302 404 200 200 200 200", "302 302 405 405 405 405 405"),
    "actions:edit": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 400"),
    "actions:evidence_add": ("302 302 404 403 200 403 200", "302 302 404 403 400 403 400"),
    "actions:evidence_download": ("302 302 404 200 200 200 200", "302 302 405 405 405 405 405"),
    "actions:evidence_remove": ("302 302 404 403 200 200 200", "302 302 404 403 302 302 302"),
    "actions:my_actions": ("302 302 200 200 200 200 200", "302 302 405 405 405 405 405"),
    "actions:sign_off": ("302 302 404 403 403 403 302", "302 302 404 403 403 403 400"),
    "actions:signed_in": ("302 302 302 302 302 302 302", "302 302 405 405 405 405 405"),
    "actions:update": ("302 302 404 403 200 403 200", "302 302 404 403 400 403 400"),
    "audit_trail": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 200"),
    "indicators:detail": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "indicators:enter": ("302 302 404 403 200 200 200", "302 302 404 403 302 302 302"),
    "indicators:import": ("302 302 404 403 200 200 200", "302 302 404 403 200 200 200"),
    "indicators:import_template": ("302 302 404 403 200 200 200", "302 302 404 403 200 200 200"),
    "indicators:scorecard": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "login": ("200 200 302 302 302 302 302", "200 200 302 302 302 302 302"),
    "logout": ("405 405 405 405 405 405 405", "302 302 302 302 302 302 302"),
    "plan_files:export_csv": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plan_files:export_xlsx": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plan_files:import": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 400"),
    "plan_files:import_cancel": ("302 302 405 405 405 405 405", "302 302 302 302 302 302 302"),
    "plan_files:import_new": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 400"),
    "plan_files:import_preview": ("302 302 404 404 404 404 404", "302 302 404 404 404 404 404"),
    "plan_files:import_template": ("302 302 200 200 200 200 200", "302 302 200 200 200 200 200"),
    "plan_files:risk_export_csv": ("302 302 404 403 403 403 200", "302 302 405 405 405 405 405"),
    "plan_files:risk_export_xlsx": ("302 302 404 403 403 403 200", "302 302 405 405 405 405 405"),
    "plan_files:risk_import": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 400"),
    "plans:manage": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plans:plan_list": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 200"),
    "actions:recommendation_edit": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "actions:recommendation_list": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "actions:recommendation_new": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plan_files:refresh": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plan_files:placeholders": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 302"),
    "people:list": ("302 302 403 403 403 403 200", "302 302 405 405 405 405 405"),
    "people:add": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 400"),
    "people:edit": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 400"),
    "people:deactivate": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 302"),
    "people:activate": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 400"),
    "people:password_link": ("302 302 405 405 405 405 405", "302 302 403 403 403 403 302"),
    # A set-password link that is not one (or has been used) says so, to anyone.
    "people:set_password": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "reports:all_actions": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:board_meeting_add": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "reports:board_report": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:board_report_add": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "reports:board_report_edit": ("302 302 404 404 404 404 200", "302 302 404 404 404 404 200"),
    "reports:board_report_export": ("302 302 405 405 405 405 405", "302 302 404 403 403 403 302"),
    "reports:board_report_finalise": ("302 302 404 404 404 404 200", "302 302 404 404 404 404 200"),
    "reports:board_report_word": ("302 302 404 200 200 200 200", "302 302 405 405 405 405 405"),
    "reports:board_report_logo": ("302 302 404 404 404 404 404", "302 302 404 404 404 404 404"),
    "reports:dashboard": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    # Overseers only (none of the roles here): refused like the other pages of one role.
    "reports:oversight": ("302 302 403 403 403 403 403", "302 302 405 405 405 405 405"),
    "reports:pdf_build": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:pdf_build_download": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:recommendations": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    # External assurance: everyone who reads the plan reads the calendar and its events;
    # only its plan managers record events and findings.
    "reports:assurance": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:assurance_event": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:assurance_event_new": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "reports:assurance_event_edit": (
        "302 302 404 403 403 403 200",
        "302 302 404 403 403 403 200",
    ),
    "reports:assurance_finding_new": (
        "302 302 404 403 403 403 200",
        "302 302 404 403 403 403 200",
    ),
    "reports:assurance_finding_edit": (
        "302 302 404 403 403 403 200",
        "302 302 404 403 403 403 200",
    ),
    "reports:report_list": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:section": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "risks:log": ("302 302 404 200 200 200 200", "302 302 405 405 405 405 405"),
    "risks:detail": ("302 302 404 200 200 200 200", "302 302 405 405 405 405 405"),
    "risks:new": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 400"),
    "risks:edit": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 400"),
    # Owners update only the risks and issues they own.
    "risks:update": ("302 302 404 403 200 403 200", "302 302 404 403 400 403 400"),
    "sso_callback": ("404 404 404 404 404 404 404", "405 405 405 405 405 405 405"),
    "sso_start": ("404 404 404 404 404 404 404", "405 405 405 405 405 405 405"),
    # The second step of a sign-in: without one under way, back to the sign-in page.
    "two_factor_recovery": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    "two_factor_recovery_codes": ("302 302 200 200 200 200 200", "302 302 302 302 302 302 302"),
    "two_factor_setup": ("302 302 200 200 200 200 200", "302 302 400 400 400 400 400"),
    "two_factor_turn_off": ("302 302 405 405 405 405 405", "302 302 302 302 302 302 403"),
    "two_factor_verify": ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    # Home: a member of one plan lands on it; someone of no plan is told so (404).
    # Old addresses (plans/addresses.py) lead to the same page under its plan's address,
    # or 404 where that page would; a form posted to one is sent on with its method (307).
    "actions:old_detail": ("302 302 404 302 302 302 302", "302 302 404 307 307 307 307"),
    "actions:old_edit": ("302 302 404 302 302 302 302", "302 302 404 307 307 307 307"),
    "actions:old_evidence_download": ("302 302 404 302 302 302 302", "302 302 404 307 307 307 307"),
    "actions:old_sign_off": ("302 302 404 302 302 302 302", "302 302 404 307 307 307 307"),
    "actions:old_update": ("302 302 404 302 302 302 302", "302 302 404 307 307 307 307"),
    "indicators:old_detail": ("302 302 404 302 302 302 302", "302 302 404 307 307 307 307"),
    "indicators:old_enter": ("302 302 404 302 302 302 302", "302 302 405 405 405 405 405"),
    "indicators:old_import": ("302 302 404 302 302 302 302", "302 302 405 405 405 405 405"),
    "indicators:old_scorecard": ("302 302 404 302 302 302 302", "302 302 405 405 405 405 405"),
    "plans:activate": ("302 302 405 405 405 405 405", "302 302 404 403 403 403 302"),
    "plans:archive": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 302"),
    "plans:delete": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 400"),
    "reports:home": ("302 302 404 302 302 302 302", "302 302 405 405 405 405 405"),
    "reports:old_all_actions": ("302 302 404 302 302 302 302", "302 302 405 405 405 405 405"),
    "reports:old_board_meeting_add": ("302 302 404 302 302 302 302", "302 302 405 405 405 405 405"),
    "reports:old_board_report": ("302 302 404 302 302 302 302", "302 302 404 307 307 307 307"),
    "reports:old_board_report_add": ("302 302 404 302 302 302 302", "302 302 405 405 405 405 405"),
    "reports:old_pdf_build": ("302 302 404 302 302 302 302", "302 302 404 307 307 307 307"),
    "reports:old_recommendations": ("302 302 404 302 302 302 302", "302 302 405 405 405 405 405"),
    "reports:old_report_list": ("302 302 404 302 302 302 302", "302 302 405 405 405 405 405"),
    "reports:old_section": ("302 302 404 302 302 302 302", "302 302 404 307 307 307 307"),
}


# The same URLs (the first council's plan, its actions and papers) for the people of the
# second council: other_council_manager, overseer_of_both, overseer_of_other. Another
# council's plan does not exist for its people (404) nor for an overseer of the other
# council only; an overseer of both reads everything a Board member reads and changes
# nothing (403), and never sees a draft (404).
TWO_COUNCILS = {
    "actions:old_detail": ("404 302 404", "404 307 404"),
    "actions:old_edit": ("404 302 404", "404 307 404"),
    "actions:old_evidence_download": ("404 302 404", "404 307 404"),
    "actions:old_sign_off": ("404 302 404", "404 307 404"),
    "actions:old_update": ("404 302 404", "404 307 404"),
    "indicators:old_detail": ("404 302 404", "404 307 404"),
    "indicators:old_enter": ("302 302 302", "405 405 405"),
    "indicators:old_import": ("302 302 302", "405 405 405"),
    "indicators:old_scorecard": ("302 302 302", "405 405 405"),
    "plans:activate": ("405 405 405", "404 403 404"),
    "plans:archive": ("404 403 404", "404 403 404"),
    "plans:delete": ("404 403 404", "404 403 404"),
    "reports:home": ("302 200 302", "405 405 405"),
    "reports:old_all_actions": ("302 302 302", "405 405 405"),
    "reports:old_board_meeting_add": ("302 302 302", "405 405 405"),
    "reports:old_board_report": ("404 302 404", "404 307 404"),
    "reports:old_board_report_add": ("302 302 302", "405 405 405"),
    "reports:old_pdf_build": ("404 302 404", "404 307 404"),
    "reports:old_recommendations": ("302 302 302", "405 405 405"),
    "reports:old_report_list": ("302 302 302", "405 405 405"),
    "reports:old_section": ("404 302 404", "404 307 404"),
    "accessibility": ("200 200 200", "200 200 200"),
    "account_security": ("200 200 200", "405 405 405"),
    "actions:detail": ("404 200 404", "405 405 405"),
    "actions:edit": ("404 403 404", "404 403 404"),
    "actions:evidence_add": ("404 403 404", "404 403 404"),
    "actions:evidence_download": ("404 200 404", "405 405 405"),
    "actions:evidence_remove": ("404 403 404", "404 403 404"),
    "actions:my_actions": ("200 200 200", "405 405 405"),
    "actions:recommendation_edit": ("404 403 404", "404 403 404"),
    "reports:assurance": ("404 200 404", "404 200 404"),
    "reports:assurance_event": ("404 200 404", "404 200 404"),
    "reports:assurance_event_new": ("404 403 404", "404 403 404"),
    "reports:assurance_event_edit": ("404 403 404", "404 403 404"),
    "reports:assurance_finding_new": ("404 403 404", "404 403 404"),
    "reports:assurance_finding_edit": ("404 403 404", "404 403 404"),
    "actions:recommendation_list": ("404 403 404", "404 403 404"),
    "actions:recommendation_new": ("404 403 404", "404 403 404"),
    "actions:sign_off": ("404 403 404", "404 403 404"),
    "actions:signed_in": ("302 302 302", "405 405 405"),
    "actions:update": ("404 403 404", "404 403 404"),
    "admin_login_redirect": ("302 302 302", "302 302 302"),
    "api:actions": ("404 200 404", "405 405 405"),
    "api:assurance_events": ("404 200 404", "405 405 405"),
    "api:docs": ("200 200 200", "405 405 405"),
    "api:indicator_values": ("404 200 404", "405 405 405"),
    "api:indicators": ("404 200 404", "405 405 405"),
    "api:plan": ("404 200 404", "405 405 405"),
    "api:plans": ("200 200 200", "405 405 405"),
    "api:risks": ("404 200 404", "405 405 405"),
    "api:schema": ("200 200 200", "405 405 405"),
    "api:sections": ("404 200 404", "405 405 405"),
    "api:summary": ("404 200 404", "405 405 405"),
    "api:token_revoke": ("405 405 405", "404 404 404"),
    "api:tokens": ("200 200 200", "200 200 200"),
    "api:updates": ("404 200 404", "405 405 405"),
    "audit_trail": ("200 403 403", "200 403 403"),
    "favicon": ("301 301 301", "405 405 405"),
    "indicators:detail": ("404 200 404", "404 200 404"),
    "indicators:enter": ("404 403 404", "404 403 404"),
    "indicators:import": ("404 403 404", "404 403 404"),
    "indicators:import_template": ("404 403 404", "404 403 404"),
    "indicators:scorecard": ("404 200 404", "404 200 404"),
    "risks:log": ("404 200 404", "405 405 405"),
    "plan_files:risk_export_csv": ("404 403 404", "405 405 405"),
    "plan_files:risk_export_xlsx": ("404 403 404", "405 405 405"),
    "plan_files:risk_import": ("404 403 404", "404 403 404"),
    "risks:detail": ("404 200 404", "405 405 405"),
    "risks:new": ("404 403 404", "404 403 404"),
    "risks:edit": ("404 403 404", "404 403 404"),
    "risks:update": ("404 403 404", "404 403 404"),
    "login": ("302 302 302", "302 302 302"),
    "logout": ("405 405 405", "302 302 302"),
    "people:activate": ("404 403 403", "404 403 403"),
    "people:add": ("200 403 403", "400 403 403"),
    "people:deactivate": ("404 403 403", "404 403 403"),
    "people:edit": ("404 403 403", "404 403 403"),
    "people:list": ("200 403 403", "405 405 405"),
    "people:password_link": ("405 405 405", "404 403 403"),
    "people:set_password": ("200 200 200", "200 200 200"),
    "plan_files:export_csv": ("404 403 404", "404 403 404"),
    "plan_files:export_xlsx": ("404 403 404", "404 403 404"),
    "plan_files:import": ("404 403 404", "404 403 404"),
    "plan_files:import_cancel": ("405 405 405", "302 302 302"),
    "plan_files:import_new": ("200 403 403", "400 403 403"),
    "plan_files:import_preview": ("404 404 404", "404 404 404"),
    "plan_files:import_template": ("200 200 200", "200 200 200"),
    "plan_files:placeholders": ("404 403 404", "404 403 404"),
    "plan_files:refresh": ("404 403 404", "404 403 404"),
    "plans:manage": ("404 403 404", "404 403 404"),
    "plans:plan_list": ("200 403 403", "200 403 403"),
    "reports:all_actions": ("404 200 404", "404 200 404"),
    "reports:board_meeting_add": ("404 403 404", "404 403 404"),
    "reports:board_report": ("404 200 404", "404 200 404"),
    "reports:board_report_add": ("404 403 404", "404 403 404"),
    "reports:board_report_edit": ("404 404 404", "404 404 404"),
    "reports:board_report_export": ("405 405 405", "404 403 404"),
    "reports:board_report_finalise": ("404 404 404", "404 404 404"),
    "reports:board_report_logo": ("404 404 404", "404 404 404"),
    "reports:board_report_word": ("404 200 404", "405 405 405"),
    "reports:dashboard": ("404 200 404", "404 200 404"),
    "reports:oversight": ("403 200 200", "405 405 405"),
    "reports:pdf_build": ("404 200 404", "404 200 404"),
    "reports:pdf_build_download": ("404 200 404", "404 200 404"),
    "reports:recommendations": ("404 200 404", "404 200 404"),
    "reports:report_list": ("404 200 404", "404 200 404"),
    "reports:section": ("404 200 404", "404 200 404"),
    "sso_callback": ("404 404 404", "405 405 405"),
    "sso_start": ("404 404 404", "405 405 405"),
    "two_factor_recovery": ("302 302 302", "302 302 302"),
    "two_factor_recovery_codes": ("200 200 200", "302 302 302"),
    "two_factor_setup": ("200 200 200", "400 400 400"),
    "two_factor_turn_off": ("405 405 405", "403 302 302"),
    "two_factor_verify": ("302 302 302", "302 302 302"),
}


def codes_for(policy: dict, councils: dict, name: str) -> tuple[list[str], list[str]]:
    """The expected codes of ``name`` for every role in ROLES: GET, then POST."""
    get, post = policy[name]
    more_get, more_post = councils[name]
    return f"{get} {more_get}".split(), f"{post} {more_post}".split()


# With single sign-on on and local passwords off (what a council's IT team will set), the
# same, but for the way to the provider: everyone is sent on to it, and a callback that no
# sign-in of this browser started is refused.
SINGLE_SIGN_ON_POLICY = {
    "sso_callback": ("400 400 400 400 400 400 400", "405 405 405 405 405 405 405"),
    "sso_start": ("302 302 302 302 302 302 302", "405 405 405 405 405 405 405"),
}
SINGLE_SIGN_ON_TWO_COUNCILS = {
    "sso_callback": ("400 400 400", "405 405 405"),
    "sso_start": ("302 302 302", "405 405 405"),
}
ISSUER = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"


@pytest.fixture
def single_sign_on_without_local_passwords(settings):
    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_CLIENT_ID = "improvement-board"
    settings.OIDC_CLIENT_SECRET = "a-client-secret"
    settings.LOCAL_PASSWORD_SIGN_IN = False
    # The provider's discovery document, as if fetched (the matrix stays off the network).
    sso._discovered[ISSUER] = (
        time.monotonic(),
        {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/keys",
        },
    )
    yield
    sso._discovered.clear()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


def client_for(world, role, **kwargs) -> Client:
    client = Client(**kwargs)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def test_every_url_has_a_row_in_the_policy():
    missing = sorted(set(url_names()) - set(POLICY))
    assert not missing, f"URLs with no row in the access policy: {missing}"
    assert set(TWO_COUNCILS) == set(POLICY), "every URL is also tested for two councils"
    stale = sorted(set(POLICY) - set(url_names()))
    assert not stale, f"Policy rows for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(POLICY))
@pytest.mark.parametrize("sign_in", ["local", "single_sign_on"])
def test_access_matches_the_policy(world, name, sign_in, request):
    policy, councils = POLICY, TWO_COUNCILS
    if sign_in == "single_sign_on":
        request.getfixturevalue("single_sign_on_without_local_passwords")
        policy = POLICY | SINGLE_SIGN_ON_POLICY
        councils = TWO_COUNCILS | SINGLE_SIGN_ON_TWO_COUNCILS
    expected_get, expected_post = codes_for(policy, councils, name)
    wrong = []
    for role, get_code, post_code in zip(ROLES, expected_get, expected_post, strict=True):
        for method, code in (("get", get_code), ("post", post_code)):
            # Each request in a savepoint rolled back after it: a permitted POST must not
            # change what the next role sees.
            with transaction.atomic():
                url = url_for(name, world, role)
                response = getattr(client_for(world, role), method)(url)
                if str(response.status_code) != code:
                    wrong.append(
                        f"{method.upper()} {url} as {role}: {response.status_code}, not {code}"
                    )
                if method == "get" and response.get("Content-Type", "").startswith("text/html"):
                    assert_security_headers(response)
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_no_get_changes_anything(world):
    before = row_counts()
    for name in POLICY:
        for role in ("plan_manager", "owner_on_own"):
            client_for(world, role).get(url_for(name, world, role))
    assert row_counts() == before


@pytest.mark.parametrize("name", sorted(POLICY))
def test_posts_without_a_csrf_token_are_refused(world, name):
    if POLICY[name][1].split()[-1] == "405":
        pytest.skip(f"{name} takes no POST")
    for role in ("plan_manager", "owner_on_own"):
        with transaction.atomic():
            client = client_for(world, role, enforce_csrf_checks=True)
            response = client.post(url_for(name, world, role))
            assert response.status_code == 403, (name, role, response.status_code)
            transaction.set_rollback(True)


def test_the_audit_trail_shows_a_manager_only_their_plans(world):
    """A refused write in another plan, by a member of that plan only, is not shown to the
    manager of the world's plan; the other plan's manager sees it and none of this plan's."""
    with transaction.atomic():
        other_manager = UserFactory(username="other-manager", role=Role.PLAN_MANAGER)
        other_member = UserFactory(username="other-member", role=Role.BOARD_MEMBER)
        other = PlanFactory(members=[other_manager, other_member])
        refused = Client()
        refused.force_login(other_member)
        assert refused.post(reverse("plans:manage", args=[other.slug])).status_code == 403
        own_plan = world.own_action.plan
        for role in ROLES:  # the matrix's own refusals, in the world's plan
            client_for(world, role).post(url_for("actions:edit", world, role))

        def seen_by(user) -> list:
            client = Client()
            client.force_login(user)
            page = client.get(reverse("audit_trail"), {"kind": "denied"}).context["page"]
            return [(event.plan, event.user) for event in page.paginator.object_list]

        assert (own_plan, world.users["board_member"]) in seen_by(world.users["plan_manager"])
        assert {plan for plan, _ in seen_by(world.users["plan_manager"])} == {own_plan}
        assert seen_by(other_manager) == [(other, other_member)]
        transaction.set_rollback(True)


# Every URL that changes a plan, and every other URL with why it is not one: a new URL
# must be placed in one or the other, so it cannot skip the superseded-plan check.
PLAN_WRITES = {
    "plans:activate",
    "plans:archive",
    "actions:edit",
    "actions:evidence_add",
    "actions:evidence_remove",
    "actions:sign_off",
    "actions:update",
    "indicators:enter",
    "indicators:import",
    "indicators:import_template",  # the form to fill in for an import
    "plan_files:import",
    "actions:recommendation_edit",
    "actions:recommendation_new",
    "plan_files:refresh",
    "plan_files:placeholders",
    "reports:board_meeting_add",
    "reports:board_report_add",
    "reports:board_report_edit",
    "reports:board_report_export",
    "reports:board_report_finalise",
    "risks:new",
    "risks:edit",
    "risks:update",
    "plan_files:risk_import",
    "reports:assurance_event_new",
    "reports:assurance_event_edit",
    "reports:assurance_finding_new",
    "reports:assurance_finding_edit",
}
NOT_PLAN_WRITES = {
    "plans:delete": "deletes only a draft, which a superseded plan is not (refused with why)",
    "reports:home": "reading",
    "actions:old_detail": "a redirect to the page under its plan's address",
    "actions:old_edit": "a redirect to the page under its plan's address",
    "actions:old_evidence_download": "a redirect to the page under its plan's address",
    "actions:old_sign_off": "a redirect to the page under its plan's address",
    "actions:old_update": "a redirect to the page under its plan's address",
    "indicators:old_detail": "a redirect to the page under its plan's address",
    "indicators:old_enter": "a redirect to the page under its plan's address",
    "indicators:old_import": "a redirect to the page under its plan's address",
    "indicators:old_scorecard": "a redirect to the page under its plan's address",
    "reports:old_all_actions": "a redirect to the page under its plan's address",
    "reports:old_board_meeting_add": "a redirect to the page under its plan's address",
    "reports:old_board_report": "a redirect to the page under its plan's address",
    "reports:old_board_report_add": "a redirect to the page under its plan's address",
    "reports:old_pdf_build": "a redirect to the page under its plan's address",
    "reports:old_recommendations": "a redirect to the page under its plan's address",
    "reports:old_report_list": "a redirect to the page under its plan's address",
    "reports:old_section": "a redirect to the page under its plan's address",
    "accessibility": "a statement",
    "actions:detail": "reading",
    "actions:evidence_download": "reading",
    "actions:my_actions": "reading (superseded plans are not listed)",
    "actions:signed_in": "a redirect",
    "audit_trail": "reading",
    "indicators:detail": "reading",
    "indicators:scorecard": "reading",
    "login": "signing in",
    "logout": "signing out",
    "plan_files:export_csv": "reading",
    "plan_files:export_xlsx": "reading",
    "plan_files:import_cancel": "forgets an upload, changes no plan",
    "plan_files:import_new": "creates a new plan",
    "plan_files:import_preview": "checked when confirmed, against the plan in the upload",
    "plan_files:import_template": "a blank template",
    "plans:manage": "reading, with links to the writes",
    "plans:plan_list": "reading",
    "actions:recommendation_list": "reading",
    "reports:all_actions": "reading",
    "reports:board_report": "reading",
    "reports:board_report_logo": "reading",
    "reports:dashboard": "reading",
    "reports:oversight": "reading, across councils",
    "reports:pdf_build": "reading",
    "reports:pdf_build_download": "reading",
    "reports:recommendations": "reading",
    "reports:assurance": "reading",
    "reports:assurance_event": "reading",
    "reports:report_list": "reading",
    "reports:section": "reading",
    "risks:log": "reading",
    "plan_files:risk_export_csv": "reading",
    "plan_files:risk_export_xlsx": "reading",
    "risks:detail": "reading",
    "reports:board_report_word": "reading (a draft's Word paper, or the kept final one)",
    "account_security": "a person's own sign-in settings, no plan",
    "admin_login_redirect": "a redirect to signing in",
    "favicon": "an icon",
    "sso_start": "signing in",
    "sso_callback": "signing in",
    "two_factor_setup": "a person's own second step, no plan",
    "two_factor_turn_off": "a person's own second step, no plan",
    "two_factor_verify": "signing in",
    "two_factor_recovery": "signing in",
    "two_factor_recovery_codes": "a person's own recovery codes, no plan",
    "api:tokens": "a person's own API tokens, no plan",
    "api:token_revoke": "a person's own API tokens, no plan",
    "api:schema": "the API's description",
    "api:docs": "the API's description",
    "api:plans": "reading (the API never writes)",
    "api:plan": "reading (the API never writes)",
    "api:sections": "reading (the API never writes)",
    "api:actions": "reading (the API never writes)",
    "api:updates": "reading (the API never writes)",
    "api:indicators": "reading (the API never writes)",
    "api:indicator_values": "reading (the API never writes)",
    "api:summary": "reading (the API never writes)",
    "api:risks": "reading (the API never writes)",
    "api:assurance_events": "reading (the API never writes)",
    "people:list": "reading",
    "people:add": "a new account; plans it joins are checked as the manager's own",
    "people:edit": "a person's account and memberships, no plan's content",
    "people:deactivate": "a person's account, no plan's content",
    "people:activate": "a person's account, no plan's content",
    "people:password_link": "an email to a person, no plan",
    "people:set_password": "a person's own password, no plan",
}


def test_every_url_is_a_plan_write_or_says_why_not():
    assert PLAN_WRITES | set(NOT_PLAN_WRITES) == set(POLICY)
    assert not PLAN_WRITES & set(NOT_PLAN_WRITES)


@pytest.mark.parametrize("name", sorted(PLAN_WRITES))
def test_writes_to_a_superseded_plan_are_refused_in_every_app(world, name):
    """Whoever may normally make the write is refused (403) once the plan is superseded,
    and nothing is written."""
    plan = world.own_action.plan
    expected_get, expected_post = codes_for(POLICY, TWO_COUNCILS, name)
    wrong = []
    with transaction.atomic():
        type(plan).objects.filter(pk=plan.pk).update(status=type(plan).Status.SUPERSEDED)
        before = row_counts()
        for role, get_code, post_code in zip(ROLES, expected_get, expected_post, strict=True):
            for method, code in (("get", get_code), ("post", post_code)):
                if role in ("anonymous", "deactivated") or code not in ("200", "302", "400"):
                    continue  # sent to sign in, refused anyway, or no such method
                with transaction.atomic():
                    url = url_for(name, world, role)
                    response = getattr(client_for(world, role), method)(url)
                    if response.status_code != 403:
                        wrong.append(f"{method.upper()} {url} as {role}: {response.status_code}")
                    transaction.set_rollback(True)
        assert row_counts() == before
        transaction.set_rollback(True)


API_READS = ["api:plans", *(f"api:{name}" for name in API_PLAN_RECORDS)]


@pytest.mark.parametrize("name", API_READS)
def test_api_tokens_read_what_their_owner_may_read(world, name):
    """The same policy as with a session, for a token of each role (the deactivated
    person's token stops working with their account) and for no token at all."""
    from api.services import api_token_create

    expected = codes_for(POLICY, TWO_COUNCILS, name)[0]
    wrong = []
    for role, code in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            user = world.users[role]
            headers = {}
            if user is not None:
                key = api_token_create(user=user, name=f"matrix {name}").key
                headers["HTTP_AUTHORIZATION"] = f"Token {key}"
            response = Client(**headers).get(url_for(name, world, role))
            if str(response.status_code) != code:
                wrong.append(f"GET {name} with {role}'s token: {response.status_code}, not {code}")
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)
