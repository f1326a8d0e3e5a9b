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
from reports.models import BoardReport, PdfBuild

ROLES = [
    "anonymous",
    "deactivated",
    "outsider",
    "board_member",
    "owner_on_own",
    "owner_on_other",
    "plan_manager",
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

    def action_for(self, role: str) -> Action:
        return self.other_action if role == "owner_on_other" else self.own_action


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
    return World(
        users={
            "anonymous": None,
            "deactivated": deactivated,
            "outsider": outsider,
            "board_member": User.objects.get(username="board"),
            "owner_on_own": owner,
            "owner_on_other": owner,
            "plan_manager": User.objects.get(username="manager"),
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
    )


def _groups(role: Role):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=role.value)
