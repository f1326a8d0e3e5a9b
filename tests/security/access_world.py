"""The objects and people the access-control matrix walks every URL with."""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from actions.models import Action, Evidence
from api.models import ApiToken
from api.services import api_token_create
from demo.plan import demo_load
from improvement_board.models import User
from improvement_board.roles import Role
from indicators.models import Indicator
from plans.models import Organisation, Plan
from reports.models import BoardReport, PdfBuild
from risks.models import Risk

ROLES = [
    "anonymous",
    "deactivated",
    "outsider",
    "board_member",
    "owner_on_own",
    "owner_on_other",
    "plan_manager",
    # Two councils on one database: a plan manager of the other council's plan, an
    # overseer of both councils, and an overseer of the other council only.
    "other_council_manager",
    "overseer_of_both",
    "overseer_of_other",
]


@dataclass
class World:
    users: dict[str, User | None]
    own_action: Action
    other_action: Action
    evidence: Evidence
    draft_report: BoardReport
    final_report: BoardReport
    pdf_build: PdfBuild
    indicator: Indicator
    api_token: ApiToken  # the plan manager's
    own_risk: Risk  # the demo's risk owned by the action owner, and one owned by another
    other_risk: Risk

    def action_for(self, role: str) -> Action:
        return self.other_action if role == "owner_on_other" else self.own_action

    def risk_for(self, role: str) -> Risk:
        return self.other_risk if role == "owner_on_other" else self.own_risk


def build_world() -> World:
    plan = demo_load(stdout=io.StringIO())
    owner = User.objects.get(username="owner")
    own_action = Action.objects.filter(plan=plan, lead=owner).order_by("reference").first()
    other_action = (
        Action.objects.filter(plan=plan).exclude(lead=owner).exclude(delegates=owner).first()
    )
    evidence = Evidence.objects.create(
        action=own_action,
        title="Audit summary",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="audit.pdf"),
        added_by=owner,
    )
    draft_report = BoardReport.objects.filter(
        meeting__plan=plan, status=BoardReport.Status.DRAFT
    ).first()
    final_report = BoardReport.objects.filter(
        meeting__plan=plan, status=BoardReport.Status.FINAL
    ).first()
    pdf_build = PdfBuild.objects.create(
        report=final_report,
        status=PdfBuild.Status.SUCCEEDED,
        of_final_report=True,
        requested_by=User.objects.get(username="manager"),
        finished_at=timezone.now(),
        file=ContentFile(b"%PDF-1.7\n%%EOF\n", name="report.pdf"),
        sha256="0" * 64,
        size=15,
        word_file=ContentFile(b"PK\x05\x06" + bytes(18), name="report.docx"),
        word_sha256="0" * 64,
    )
    outsider = User.objects.create_user("outsider", password="lantern-orchard-vessel")
    outsider.groups.add(*_groups(Role.BOARD_MEMBER))
    deactivated = User.objects.create_user(
        "deactivated", password="lantern-orchard-vessel", is_active=False
    )
    deactivated.groups.add(*_groups(Role.ACTION_OWNER))
    plan.members.add(deactivated)

    other_council = Organisation.objects.create(name="Northbrook Borough Council", slug="nb")
    other_manager = User.objects.create_user(
        "northbrook-manager", password="lantern-orchard-vessel"
    )
    other_manager.groups.add(*_groups(Role.PLAN_MANAGER))
    other_plan = Plan.objects.create(
        title="Northbrook Improvement Plan",
        slug="northbrook",
        organisation=other_council,
        status=Plan.Status.ACTIVE,
        start_date=plan.start_date,
    )
    other_plan.members.add(other_manager)
    overseers = {}
    for username, councils in (
        ("overseer-both", [plan.organisation, other_council]),
        ("overseer-other", [other_council]),
    ):
        overseer = User.objects.create_user(username, password="lantern-orchard-vessel")
        overseer.groups.add(*_groups(Role.OVERSEER))
        for council in councils:
            council.overseers.add(overseer)
        overseers[username] = overseer
    return World(
        users={
            "anonymous": None,
            "deactivated": deactivated,
            "outsider": outsider,
            "board_member": User.objects.get(username="board"),
            "owner_on_own": owner,
            "owner_on_other": owner,
            "plan_manager": User.objects.get(username="manager"),
            "other_council_manager": other_manager,
            "overseer_of_both": overseers["overseer-both"],
            "overseer_of_other": overseers["overseer-other"],
        },
        own_action=own_action,
        other_action=other_action,
        evidence=evidence,
        draft_report=draft_report,
        final_report=final_report,
        pdf_build=pdf_build,
        indicator=Indicator.objects.filter(plan=plan, owner=owner).first()
        or Indicator.objects.filter(plan=plan).first(),
        api_token=api_token_create(user=User.objects.get(username="manager"), name="BI").token,
        own_risk=Risk.objects.filter(plan=plan, owner=owner).first(),
        other_risk=Risk.objects.filter(plan=plan).exclude(owner=owner).first(),
    )


def _groups(role: Role):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=role.value)
