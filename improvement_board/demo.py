"""Demo content: the Improvement Plan behind Medway Council's Board report of 23 April 2020.

The plan, its five sections and the outcome of its first six months are taken from the
real "Improvement Plan Progress Update" presented to Medway's Children's Improvement
Board on 23 April 2020 (``/work/shared/reference``). The report gives the section
titles and the Blue/Green/Amber/Red count per section; its narrative gives the work
behind them. Action wording, people other than the two report authors, and figures the
report does not give are invented but plausible.

Everything here is fixed data: the same content, dates and commentary on every load.
Monthly commentary is composed from each action's own notes (one short fact per month
where there is one), its reason for slippage and the rating it moves to.

DEMO ONLY: the demo users share a published password.
"""

import calendar
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from actions.models import Action, ActionUpdate, Evidence, Rating, SlippageReason
from actions.services import action_update_record
from improvement_board.roles import Role
from indicators.demo import indicators_demo_load
from plans.models import Organisation, Plan, Recommendation, Section
from reports.demo import (
    DEMO_PLAN_SLUG,
    ReportError,
    board_report_demo_final_pdf,
    board_reports_demo_load,
)

DEMO_PASSWORD = "improvement-demo"
PLAN_SLUG = DEMO_PLAN_SLUG
PLAN_START = datetime.date(2019, 10, 1)
BOARD_DATE = datetime.date(2020, 4, 23)
LONDON = ZoneInfo("Europe/London")


# --- People -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    job_title: str
    role: Role

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


DEMO_USERS = [
    # The two authors of the real report.
    DemoUser("manager", "Jean", "Imray", "Assistant Director", Role.PLAN_MANAGER),
    DemoUser(
        "improvement",
        "Sue",
        "Brunton-Reed",
        "Head of Special Projects and Improvement",
        Role.PLAN_MANAGER,
    ),
    # Invented heads of service.
    DemoUser("owner", "Rachel", "Danson", "Head of Children's Social Work", Role.ACTION_OWNER),
    DemoUser("priya", "Priya", "Raman", "Head of Early Help", Role.ACTION_OWNER),
    DemoUser("tom", "Tom", "Whitfield", "Head of Corporate Parenting", Role.ACTION_OWNER),
    DemoUser(
        "helen", "Helen", "Marsh", "Head of Quality Assurance and Performance", Role.ACTION_OWNER
    ),
    DemoUser("david", "David", "Osei", "Head of Workforce Development", Role.ACTION_OWNER),
    DemoUser("grace", "Grace", "Fenwick", "Principal Social Worker", Role.ACTION_OWNER),
    DemoUser(
        "amir",
        "Amir",
        "Hussain",
        "Head of Adolescent Services and Partnerships",
        Role.ACTION_OWNER,
    ),
    # Invented Board members.
    DemoUser(
        "board", "Margaret", "Hollis", "Independent Chair, Improvement Board", Role.BOARD_MEMBER
    ),
    DemoUser(
        "councillor",
        "Joanne",
        "Pike",
        "Lead Member for Children's Services",
        Role.BOARD_MEMBER,
    ),
]


# --- The plan -----------------------------------------------------------------------

PLAN = {
    "title": "Children's Services Improvement Plan",
    "slug": PLAN_SLUG,
    "organisation": "Medway Council",
    "inspection": "Ofsted inspection of local authority children's services (ILACS)",
    # Inspection fieldwork ended 19 July 2019; the report was published on 27 August 2019.
    "inspection_date": datetime.date(2019, 7, 19),
    "status": Plan.Status.ACTIVE,
    "start_date": PLAN_START,
    # Monthly updates land by the 23rd, in time for the Board's papers.
    "update_deadline_day": 23,
}

# (number, title, lead username): the five sections of the real plan, in its order.
SECTIONS = [
    (1, "Quality of Practice", "owner"),
    (2, "Capacity and capability of workforce", "david"),
    (3, "Effective Leadership and Management", "manager"),
    (4, "Quality Assurance and Performance Management", "helen"),
    (5, "Partnership working", "amir"),
]

# What the inspection said needs to improve (paraphrased in the style of an ILACS report).
RECOMMENDATIONS = [
    (
        "R1",
        "The quality and timeliness of assessments, so that they take account of children's "
        "histories, analyse risk and the child's lived experience, and lead to the right help.",
    ),
    (
        "R2",
        "The quality of children's plans, so that they are specific, measurable and focused on "
        "what needs to change for the child, and are reviewed robustly.",
    ),
    (
        "R3",
        "Management oversight and supervision at all levels, so that drift and delay for "
        "children are identified and acted on.",
    ),
    (
        "R4",
        "The consistent application of thresholds at the front door and access to early help, "
        "so that children and families receive the right help at the right time.",
    ),
    (
        "R5",
        "The use of the Public Law Outline pre-proceedings process, including effective "
        "tracking, so that children at risk of significant harm do not experience drift.",
    ),
    (
        "R6",
        "The response to children who go missing or are at risk of exploitation, including "
        "the timeliness and use of return home interviews.",
    ),
    (
        "R7",
        "Planning for children in care and care leavers, including timely permanence and "
        "pathway plans that are written with young people and address their needs.",
    ),
    (
        "R8",
        "The stability and capacity of the workforce, so that caseloads are manageable and "
        "children can build relationships with their social workers.",
    ),
    (
        "R9",
        "Quality assurance, so that audits are rigorous, moderated and lead to improvements "
        "in practice.",
    ),
    (
        "R10",
        "The accuracy and use of performance information by leaders and managers to "
        "understand the quality and impact of practice.",
    ),
    (
        "R11",
        "Strategic leadership and partnership working, so that senior leaders and partners "
        "have an accurate understanding of practice and act on it with urgency.",
    ),
]


# --- Actions ------------------------------------------------------------------------

# The seven monthly updates: October 2019 to April 2020.
MONTHS = [(2019, 10), (2019, 11), (2019, 12), (2020, 1), (2020, 2), (2020, 3), (2020, 4)]
MONTH_KEYS = ["oct", "nov", "dec", "jan", "feb", "mar", "apr"]
MARCH = 5  # index of March 2020: Covid-19 slippage counts from here

LETTERS = {"B": Rating.BLUE, "G": Rating.GREEN, "A": Rating.AMBER, "R": Rating.RED}


@dataclass(frozen=True)
class DemoAction:
    ref: str
    title: str
    lead: str
    recs: tuple[str, ...]
    # One letter per month, October to April: B(lue), G(reen), A(mber), R(ed).
    path: str
    description: str
    impact: str
    due: str  # "YYYY-MM": the original due date is the last day of that month
    notes: dict[str, str]
    partners: str = ""
    start: str = "2019-10"  # "YYYY-MM": the start date is the first day of that month
    # (reason, clause) for Amber/Red before Covid-19; the clause completes "Moved to Amber: ..."
    slip: tuple[SlippageReason, str] | None = None
    # Clause naming Covid-19, used for Amber/Red from March 2020 (reason: external event).
    covid: str = ""
    # Title of the evidence attached on completion (Blue actions only).
    evidence: str = ""


CAPACITY = SlippageReason.CAPACITY
PARTNER = SlippageReason.PARTNER
REPHASED = SlippageReason.REPHASED
OTHER = SlippageReason.OTHER

ESSEX = "Essex County Council (Partner in Practice)"

ACTIONS = [
    # 1. Quality of Practice -----------------------------------------------------------
    DemoAction(
        ref="1.01",
        title="Adopt Signs of Safety as the practice framework and train all social work staff",
        lead="grace",
        recs=("R1", "R2"),
        path="GGAAAAA",
        description=(
            "Agree one practice framework for assessment, planning and direct work across "
            "Children's Social Work Services, commission licensed training and embed it "
            "through practice leads in every team."
        ),
        impact=(
            "Social workers and partners share one language for danger and safety; family "
            "network meetings and safety plans are seen on children's files; audit finds "
            "analysis of harm and safety in most child protection cases."
        ),
        partners=f"{ESSEX}; licensed Signs of Safety trainers; Medway Safeguarding "
        "Children Partnership",
        due="2020-03",
        slip=(
            REPHASED,
            "training waited for the framework decision, which passed to the new senior "
            "management team",
        ),
        covid=(
            "face-to-face Signs of Safety training stopped under Covid-19 restrictions and a "
            "revised virtual programme has been set up"
        ),
        notes={
            "oct": "Options appraisal of practice frameworks started with the practice leads.",
            "nov": "Framework workshops held with team managers; staff asked for their "
            "preferred model.",
            "dec": "Framework options paper to go to the new DMT in January.",
            "jan": "DMT agreed Signs of Safety as our practice framework; training being procured.",
            "feb": "Licensed training commissioned; first team manager cohort booked for March.",
            "mar": "The first team manager cohort was trained before the restrictions.",
            "apr": "Three cohorts now on the virtual programme; a practice lead named in "
            "every team.",
        },
    ),
    DemoAction(
        ref="1.02",
        title="Improve the quality and timeliness of single assessments",
        lead="owner",
        recs=("R1",),
        path="AARAAAA",
        description=(
            "Reissue assessment practice standards: every assessment analyses history, risk "
            "and the child's lived experience, and management sign-off records why the "
            "outcome was chosen. Embed the findings of the Essex assessment diagnostic."
        ),
        impact=(
            "At least 75% of audited assessments graded good or better; 85% completed within "
            "45 working days; fewer assessments re-opened within 12 months."
        ),
        partners=ESSEX,
        due="2020-03",
        slip=(CAPACITY, "assessment teams carry caseloads of up to 46 until the realignment"),
        covid=(
            "the assessment workshops planned with Essex were paused for Covid-19 while every "
            "open case is risk-rated"
        ),
        notes={
            "oct": "Assessment practice standards reissued to all teams; 71% in timescale in "
            "September.",
            "nov": "Audit of 30 assessments found history and analysis weak in over half.",
            "dec": "Timeliness fell to 64% as cases moved between teams.",
            "jan": "Essex assessment diagnostic completed and shared with all assessment team "
            "managers.",
            "feb": "Final case transfers under way before the new teams go live in March.",
            "mar": "Assessment teams' maximum caseload now 34 (average 20); timeliness back to "
            "78%.",
            "apr": "External safety checks show clearer analysis of risk in recent assessments.",
        },
    ),
    DemoAction(
        ref="1.03",
        title="Establish an Early Help Hub within the front door",
        lead="priya",
        recs=("R4",),
        path="GGAAGGG",
        description=(
            "Place early help practitioners in the Single Point of Access so that families "
            "who would benefit from targeted help at Tier 3 get it without delay, and "
            "contacts are screened against thresholds consistently."
        ),
        impact=(
            "Fewer single assessments ending in no further action; fewer repeat contacts and "
            "re-referrals within 12 months; families offered early help within five working "
            "days of contact."
        ),
        partners="Kent Police; Medway Community Healthcare; schools; " + ESSEX,
        due="2020-05",
        slip=(
            CAPACITY,
            "recruitment to the Hub was held while posts were mapped in the service realignment",
        ),
        notes={
            "oct": "Hub model drafted with front door managers.",
            "nov": "Model tested with staff at the first Early Help engagement event.",
            "dec": "Hub posts now part of the realignment.",
            "jan": "Essex diagnostic recommends the Hub as the route into Tier 3 help.",
            "feb": "Posts approved and advertised.",
            "mar": "Interviews held remotely; Hub operating procedure drafted.",
            "apr": "Recruitment under way for the last posts; the new service is planned to "
            "start in early May.",
        },
    ),
    DemoAction(
        ref="1.04",
        title="Apply thresholds consistently at the front door and across all four tiers",
        lead="priya",
        recs=("R4",),
        path="GAAAGAA",
        description=(
            "Refresh the threshold document with the Safeguarding Partnership, train front "
            "door staff and partners in its use, and dip-sample contact decisions monthly."
        ),
        impact=(
            "Monthly dip samples show the right threshold decision in at least 90% of "
            "contacts; referral conversion and re-referral rates move towards statistical "
            "neighbours."
        ),
        partners="Medway Safeguarding Children Partnership; Kent Police; schools; health",
        due="2020-04",
        slip=(
            PARTNER,
            "partners asked for the threshold document to wait for the Early Help redesign",
        ),
        covid=(
            "the multi-agency workshop on 23 April to agree thresholds across all four tiers "
            "has been postponed because of Covid-19"
        ),
        notes={
            "oct": "Monthly dip sampling of front door decisions started with 40 contacts.",
            "nov": "Draft threshold document shared with the Partnership business group.",
            "dec": "Dip sample found 12% of contacts stepped up without a clear rationale.",
            "jan": "Draft to be aligned with the Essex Tier 3 model.",
            "feb": "Cross-service planning event agreed the approach; workshop with Essex "
            "booked for 23 April.",
            "mar": "Dip sampling continues weekly under the new operating procedures.",
            "apr": "Threshold briefings for front door staff held on Teams instead.",
        },
    ),
    DemoAction(
        ref="1.05",
        title="Hold timely multi-agency strategy discussions for every child at risk of harm",
        lead="owner",
        recs=("R1", "R3"),
        path="GGAGGGG",
        description=(
            "Strategy discussions include police, health and education, are held within one "
            "working day of the decision and record a clear rationale for section 47 "
            "enquiries."
        ),
        impact=(
            "95% of strategy discussions held within one working day with police and health "
            "present; audit finds a clear rationale for every section 47 decision."
        ),
        partners="Kent Police; Medway Community Healthcare; Medway NHS Foundation Trust; schools",
        due="2020-06",
        slip=(
            PARTNER,
            "health attendance at strategy discussions dropped to 60% while the named nurse "
            "post was vacant",
        ),
        notes={
            "oct": "Strategy discussion template agreed with Kent Police.",
            "nov": "92% held within one working day; health attendance tracked weekly.",
            "dec": "Kent Police attendance remains good at 98%.",
            "jan": "Named nurse in post; health attendance back up to 88%.",
            "feb": "Audit of 20 strategy discussions found a clear section 47 rationale in 17.",
            "mar": "Strategy discussions moved to Teams calls with no drop in attendance.",
        },
    ),
    DemoAction(
        ref="1.06",
        title="Strengthen management oversight at every key decision point",
        lead="owner",
        recs=("R3",),
        path="AARRAAA",
        description=(
            "Team managers record a management direction at allocation, at each review and "
            "before closure or step-down, giving the reason for the decision and the date of "
            "the next review."
        ),
        impact=(
            "Audit finds management oversight evident and effective in 80% of cases; external "
            "safety checks find fewer cases that have drifted."
        ),
        due="2020-03",
        slip=(
            CAPACITY,
            "team managers' spans of control are too wide until the realignment is complete",
        ),
        covid=(
            "team managers' time is taken up with daily Covid-19 risk reviews of every open case"
        ),
        notes={
            "oct": "Management oversight standard issued; compliance audited monthly.",
            "nov": "Audit found a management direction on 58% of cases.",
            "dec": "Several team managers covering two teams during the consultation.",
            "jan": "External safety checks found drift in CP cases without clear direction.",
            "feb": "From March no team manager will supervise more than seven workers.",
            "mar": "Recent casework shows clearer direction; staff had wanted to show this at "
            "the postponed monitoring visit.",
            "apr": "Direction recorded on 76% of cases audited in April.",
        },
    ),
    DemoAction(
        ref="1.07",
        title="Give every social worker regular, reflective supervision",
        lead="grace",
        recs=("R3", "R8"),
        path="GAARAAA",
        description=(
            "Refresh the supervision policy and template, set a minimum of monthly "
            "supervision (fortnightly for newly qualified staff) and report compliance "
            "monthly by team."
        ),
        impact=(
            "90% of social workers supervised within policy timescales; records show "
            "reflection on the child's experience and clear actions."
        ),
        due="2020-02",
        slip=(
            CAPACITY,
            "supervision was disrupted as staff and cases moved teams in the realignment",
        ),
        covid="supervision has moved online because of Covid-19 and recording has dipped",
        notes={
            "oct": "Supervision policy refreshed and reissued.",
            "nov": "Compliance 67%; reflective template piloted in two teams.",
            "dec": "Supervision cannot yet be reported reliably from the case system.",
            "jan": "Compliance fell to 54% during case transfers.",
            "feb": "New team managers have set supervision schedules for all staff.",
            "mar": "Compliance rose to 81% in early March.",
            "apr": "Remote supervision guidance issued to all managers.",
        },
    ),
    DemoAction(
        ref="1.08",
        title="Track every child in the Public Law Outline pre-proceedings process",
        lead="owner",
        recs=("R5",),
        path="AAGGBBB",
        description=(
            "One PLO tracker, reviewed weekly at the Legal Gateway Meeting with Legal "
            "Services, so that no child drifts in pre-proceedings and decisions to issue are "
            "made promptly."
        ),
        impact=(
            "No child in pre-proceedings beyond 16 weeks without a decision; interim care "
            "orders sought without delay where children need them."
        ),
        partners="Medway Legal Services; Cafcass",
        due="2020-01",
        slip=(
            CAPACITY,
            "PLO cases are tracked in separate spreadsheets by each team",
        ),
        evidence="PLO tracker and Legal Gateway Meeting terms of reference (February 2020)",
        notes={
            "oct": "Review of all children in pre-proceedings started; 31 children identified.",
            "nov": "Weekly Legal Gateway Meeting in place; single tracker being built.",
            "dec": "Single tracker live and every child in PLO reviewed.",
            "jan": "Three children with drift in pre-proceedings taken to court.",
            "feb": "A robust process to track and progress every child in PLO is in place.",
            "mar": "74 children are subject to an Interim Care Order, compared with 44 a year ago.",
            "apr": "Tracker still reviewed weekly, with court hearings now held remotely.",
        },
    ),
    DemoAction(
        ref="1.09",
        title="Embed a case progression solicitor in the children's social work teams",
        lead="owner",
        recs=("R5",),
        path="GGAAGGG",
        description=(
            "A solicitor embedded as a case progression officer within the operational "
            "teams, to support the quality and timeliness of court work and pre-proceedings "
            "letters."
        ),
        impact=(
            "Care proceedings completed closer to 26 weeks; fewer adjournments for missing "
            "evidence; letters before proceedings sent within 10 working days of the decision."
        ),
        partners="Medway Legal Services; Cafcass; HM Courts and Tribunals Service",
        due="2020-06",
        slip=(CAPACITY, "the first recruitment round for the solicitor post did not appoint"),
        notes={
            "oct": "Role agreed with Legal Services.",
            "nov": "Post advertised.",
            "dec": "Post re-advertised with a wider search.",
            "jan": "Second round shortlisted; interviews in February.",
            "feb": "Solicitor appointed and start date agreed.",
            "mar": "Solicitor in post and working alongside the court team.",
            "apr": "All letters before proceedings now checked by the solicitor.",
        },
    ),
    DemoAction(
        ref="1.10",
        title="Use Family Group Conferences before and within pre-proceedings",
        lead="owner",
        recs=("R5",),
        path="GGGAGGG",
        description=(
            "Move the Family Group Conference service into Children's Social Work Services "
            "and offer a conference to every family entering pre-proceedings, with one "
            "coordinator working only with the Adolescent Service."
        ),
        impact=(
            "A conference offered in every PLO case; more children safely cared for within "
            "their family network; fewer cases needing proceedings."
        ),
        partners="Family Group Conference service",
        due="2020-06",
        slip=(REPHASED, "the FGC service move was re-phased to fit the realignment timetable"),
        notes={
            "oct": "FGC referral route checked against the PLO tracker.",
            "nov": "DMT agreed to move the FGC service into CSWS.",
            "dec": "FGC offered in 40% of PLO cases.",
            "jan": "Transfer of the service moved to March to line up with the new structure.",
            "feb": "Staff consultation on the FGC transfer completed.",
            "mar": "FGC service now part of CSWS; one coordinator works only with the "
            "Adolescent Service.",
            "apr": "Conferences held by video call; offered in 65% of PLO cases.",
        },
    ),
    DemoAction(
        ref="1.11",
        title="Make every child in need and child protection plan specific and outcome-focused",
        lead="owner",
        recs=("R2",),
        path="AARRRRR",
        description=(
            "A new plan format with specific outcomes agreed with the family; core groups "
            "and CIN reviews test progress against each outcome."
        ),
        impact=(
            "80% of audited plans good or better; parents can say what needs to change and by "
            "when; fewer children subject to a second child protection plan."
        ),
        partners="Medway Safeguarding Children Partnership",
        due="2020-03",
        slip=(
            REPHASED,
            "the new plan format cannot be built in the current recording system",
        ),
        notes={
            "oct": "Plan quality audit found 19 of 40 plans inadequate.",
            "nov": "Draft plan format shared with team managers.",
            "dec": "The format will be built into Mosaic, which goes live in May 2020, instead.",
            "jan": "Interim guidance on writing outcomes issued to teams.",
            "feb": "Plan format configured in the Mosaic test system.",
            "mar": "Audit still finds plans that list services rather than outcomes for the child.",
            "apr": "Plan training included in the Mosaic go-live programme.",
        },
    ),
    DemoAction(
        ref="1.12",
        title="Prevent drift and premature closure when children step down from CP to CIN",
        lead="owner",
        recs=("R2", "R3"),
        path="GARRAAA",
        description=(
            "Step-down agreed at the review conference with a CIN plan in place; every "
            "stepped-down case reviewed by the team manager at six and twelve weeks before "
            "any closure."
        ),
        impact=(
            "Fewer children re-referred within 12 months of CIN closure; external safety "
            "checks find no child closed prematurely."
        ),
        partners="Child Protection Chairs; partner agencies in core groups",
        due="2020-02",
        slip=(
            CAPACITY,
            "CIN cases were the last to transfer in the realignment and reviews slipped",
        ),
        covid="six-week reviews are now held by phone because of Covid-19 and some are late",
        notes={
            "oct": "Step-down checklist agreed with the Child Protection Chairs.",
            "nov": "External safety checks on recently stepped-down cases started.",
            "dec": "Safety checks found premature closure after step-down in several cases.",
            "jan": "Every case closed after step-down since August re-checked; four re-opened.",
            "feb": "Six and twelve week manager reviews now tracked.",
            "mar": "Reviews held for all cases stepped down in February.",
            "apr": "Fourteen overdue reviews allocated to managers.",
        },
    ),
    DemoAction(
        ref="1.13",
        title="Visit children in care within timescales and more often where plans need it",
        lead="tom",
        recs=("R7",),
        path="GGAAGAG",
        description=(
            "Social workers visit children in care within statutory timescales, and more "
            "often where the plan needs it, recording the child's views and direct work at "
            "each visit."
        ),
        impact=(
            "95% of statutory visits in timescale; visit records show the child's words and "
            "feelings; children tell us they know their social worker."
        ),
        partners="Foster carers; residential providers; Independent Reviewing Officers",
        due="2020-09",
        slip=(CAPACITY, "visits slipped while children in care cases moved to new teams"),
        covid=(
            "visits moved to video calls under Covid-19 guidance, except where risk needs a "
            "home visit"
        ),
        notes={
            "oct": "82% of statutory visits in timescale.",
            "nov": "Weekly visit tracker sent to team managers.",
            "dec": "Visits in timescale fell to 76% during case transfers.",
            "jan": "Recovering: 85% in January.",
            "feb": "Statutory visits in timescale reached 90% in February.",
            "mar": "Every child in care risk-rated for face-to-face visits.",
            "apr": "Virtual visits now recorded in timescale at 91%; face-to-face visits "
            "continue for the children of greatest concern.",
        },
    ),
    DemoAction(
        ref="1.14",
        title="Accelerate permanence for children in long-term foster care",
        lead="tom",
        recs=("R7",),
        path="AAAGGGG",
        description=(
            "Review every child in long-term foster care at a permanence tracking panel, with "
            "long-term matches ratified at Fostering Panel."
        ),
        impact=(
            "Every child has a permanence plan by their second review; more long-term matches "
            "ratified; fewer placement moves."
        ),
        partners="Fostering Panel; Independent Reviewing Officers; " + ESSEX,
        due="2020-09",
        slip=(
            CAPACITY,
            "the permanence panel has no chair until the Corporate Parenting service is set up",
        ),
        notes={
            "oct": "96 children in long-term foster care without a ratified match identified.",
            "nov": "Permanence panel terms of reference drafted.",
            "dec": "Panel to start in the new Corporate Parenting service.",
            "jan": "Permanence panel started, chaired by the Head of Corporate Parenting.",
            "feb": "22 long-term matches ratified so far.",
            "mar": "Permanence plans accelerated for 31 children.",
            "apr": "Panel continues on Teams; Essex will support further improvement in fostering.",
        },
    ),
    DemoAction(
        ref="1.15",
        title="Improve the quality of care plans for children in care",
        lead="tom",
        recs=("R2", "R7"),
        path="AARAAAA",
        description=(
            "Care plans written to the child, updated after every review, with clear "
            "permanence and family time arrangements; IROs escalate plans that are not good "
            "enough."
        ),
        impact=(
            "80% of audited care plans good or better; IRO escalations resolved within 20 "
            "working days; children can say what their plan is."
        ),
        partners="Independent Reviewing Officers",
        due="2020-03",
        slip=(
            CAPACITY,
            "children in care teams have high agency turnover",
        ),
        covid="care plan training for the new teams was postponed because of Covid-19",
        notes={
            "oct": "Care plan template revised with the IROs.",
            "nov": "IRO escalations up to 26 a month.",
            "dec": "Audit graded 18 of 30 care plans as requires improvement or inadequate.",
            "jan": "New Corporate Parenting teams reviewing care plans case by case.",
            "feb": "IRO escalations down to 14 a month.",
            "mar": "Corporate Parenting service launched; recent reviews show better plans.",
            "apr": "Care plans now written to the child for every new entrant to care.",
        },
    ),
    DemoAction(
        ref="1.16",
        title="Write pathway plans with care leavers",
        lead="tom",
        recs=("R7",),
        path="GAAAAAA",
        description=(
            "Pathway plans written with young people by the 16 plus team and Leaving Care "
            "personal advisers, covering education, employment, training, accommodation and "
            "health."
        ),
        impact=(
            "Every eligible young person has an up-to-date pathway plan written with them; "
            "more care leavers in education, employment or training; all in suitable "
            "accommodation."
        ),
        partners="Young Lives; Medway Adult Education; Housing; Department for Work and Pensions",
        due="2020-06",
        slip=(
            REPHASED,
            "pathway plan work was re-phased until the 16 plus team is set up",
        ),
        covid=(
            "the National Implementation Adviser for Care Leavers' revisit, planned for early "
            "April, was postponed because of Covid-19"
        ),
        notes={
            "oct": "Pathway plan template reviewed with care leavers from Young Lives.",
            "nov": "Audit found plans up to date for 68% of young people.",
            "dec": "16 plus team agreed in the new structure.",
            "jan": "Pathway plan training for personal advisers booked.",
            "feb": "16 plus team in post; pathway plans up to date for 79%.",
            "mar": "The 16 plus team is now based at the Elaine Centre.",
            "apr": "Personal advisers keeping weekly contact by phone and video.",
        },
    ),
    DemoAction(
        ref="1.17",
        title="Respond well to children who go missing, with timely return home interviews",
        lead="amir",
        recs=("R6",),
        path="AAARAAA",
        description=(
            "Every missing episode followed by a return home interview within 72 hours, "
            "shared with Kent Police and used in the child's plan and in exploitation mapping."
        ),
        impact=(
            "85% of return home interviews offered within 72 hours; fewer repeat missing "
            "episodes; intelligence from interviews shared at the exploitation meeting."
        ),
        partners="Kent Police; commissioned return home interview provider; residential providers",
        due="2020-03",
        slip=(
            PARTNER,
            "the commissioned return home interview provider is short of staff",
        ),
        covid="return home interviews are by phone under Covid-19 guidance and take-up has dropped",
        notes={
            "oct": "58% of return home interviews within 72 hours in September.",
            "nov": "Daily missing notifications from Kent Police now go to the Adolescent team.",
            "dec": "Review of the provider contract started.",
            "jan": "Timeliness fell to 49%.",
            "feb": "Contract extended for six months while interviews move into the "
            "Adolescent Service.",
            "mar": "Timeliness up to 66% in February.",
            "apr": "Adolescent Service workers now complete interviews for children they know.",
        },
    ),
    DemoAction(
        ref="1.18",
        title="Agree a multi-agency strategy for children at risk of exploitation",
        lead="amir",
        recs=("R6", "R11"),
        path="AARRARR",
        description=(
            "With the Safeguarding Partnership, agree one strategy and pathway for criminal "
            "and sexual exploitation, with a multi-agency exploitation meeting mapping "
            "children, places and perpetrators."
        ),
        impact=(
            "Every child at risk of exploitation has a risk assessment and a multi-agency "
            "plan; fewer children missing from care; disruption activity recorded."
        ),
        partners="Kent Police; Medway Youth Offending Team; Medway Safeguarding Children "
        "Partnership; schools; health",
        due="2020-03",
        slip=(
            PARTNER,
            "partners have not yet agreed the strategy or who chairs the exploitation meeting",
        ),
        covid=(
            "the partnership event to sign off the strategy was cancelled because of Covid-19 "
            "and partners have redeployed staff"
        ),
        notes={
            "oct": "Draft strategy shared with the Safeguarding Partnership.",
            "nov": "Exploitation screening tool in use by the Adolescent team.",
            "dec": "Partnership asked for a revised draft covering criminal exploitation.",
            "jan": "Revised draft circulated.",
            "feb": "Draft now reflects the Child Safeguarding Practice Review Panel's national "
            "review.",
            "mar": "Adolescent Service mapping 57 young people at risk of exploitation.",
            "apr": "Strategy to be agreed as part of the refreshed plan.",
        },
    ),
    DemoAction(
        ref="1.19",
        title="Commission a specialist Edge of Care service",
        lead="amir",
        recs=("R6",),
        path="GGAGGGG",
        description=(
            "A bespoke Edge of Care service for young people at risk of family breakdown, "
            "including work to return home safely young people already in care."
        ),
        impact=(
            "Fewer adolescents entering care in an unplanned way; young people in the cohort "
            "stay safely at home or return home."
        ),
        partners="Commissioned Edge of Care provider; Partnership Commissioning; schools",
        due="2020-09",
        slip=(OTHER, "contract award slipped by a month over contract terms"),
        notes={
            "oct": "Service specification drafted with Partnership Commissioning.",
            "nov": "Procurement launched.",
            "dec": "Contract award moved to January.",
            "jan": "Provider appointed and referral criteria agreed.",
            "feb": "Service working with its first 25 young people.",
            "mar": "Working with 41 young people at risk of family breakdown, ten of them "
            "already in care.",
            "apr": "Work with families continuing remotely; return home plans reviewed for "
            "the ten young people in care.",
        },
    ),
    DemoAction(
        ref="1.20",
        title="Improve assessments and plans for disabled children",
        lead="owner",
        recs=("R1", "R2"),
        path="ARRRRRR",
        description=(
            "Bring practice in the Children with Disabilities Service into line with the rest "
            "of CSWS: assessments that consider safeguarding as well as need, plans that are "
            "reviewed, and transition planning from age 14."
        ),
        impact=(
            "Audit finds safeguarding risks identified in disabled children's assessments; "
            "every young person aged 14 or over has a transition plan."
        ),
        partners=ESSEX + "; SEND service; health; adult social care",
        due="2020-03",
        slip=(
            PARTNER,
            "the review depends on Partner in Practice support that is not yet in place",
        ),
        notes={
            "oct": "Baseline audit of 20 disabled children's cases planned.",
            "nov": "Audit delayed; the team manager post is vacant.",
            "dec": "Work waiting for a Partner in Practice to be confirmed.",
            "jan": "Essex will include the Children with Disabilities Service in its 2020-21 "
            "programme.",
            "feb": "Interim team manager appointed.",
            "mar": "Scope of the Essex support agreed.",
            "apr": "Baseline audit rescheduled for June.",
        },
    ),
    DemoAction(
        ref="1.21",
        title="Record the child's voice and lived experience in assessments, plans and visits",
        lead="grace",
        recs=("R1",),
        path="GGAAAAA",
        description=(
            "Practice guidance and tools for direct work, so that every assessment and plan "
            "says what life is like for the child, in their own words where possible."
        ),
        impact=(
            "Audit finds the child's voice clearly recorded in 80% of files; children in care "
            "say they feel listened to."
        ),
        partners="Children in Care Council; Young Lives",
        due="2020-04",
        slip=(CAPACITY, "direct work sessions were cancelled as cases moved teams"),
        covid=(
            "the direct work toolkit was being rolled out in face-to-face practice sessions, "
            "which stopped for Covid-19"
        ),
        notes={
            "oct": "Direct work toolkit gathered from practitioners.",
            "nov": "Toolkit launched at the practice forum.",
            "dec": "Audit found the child's voice recorded in 52% of files.",
            "jan": "Practice sessions rescheduled for February.",
            "feb": "Three practice sessions held with the new teams.",
            "mar": "Children in Care Council helped rewrite the visit record.",
            "apr": "Ideas for direct work over video shared with all teams.",
        },
    ),
    DemoAction(
        ref="1.22",
        title="Provide good family time for children in care at the Sunlight Contact Centre",
        lead="tom",
        recs=("R7",),
        path="GGAAGRR",
        description=(
            "Refurbish the Sunlight Contact Centre so that it is fit for purpose, and review "
            "contact arrangements so that family time is planned around the child."
        ),
        impact=(
            "Children and birth families describe contact as a good experience; arrangements "
            "reviewed at every care review; fewer cancelled sessions."
        ),
        partners="Medway Council property services; contact supervisors",
        due="2020-06",
        slip=(OTHER, "the refurbishment needed a full building survey before it could be costed"),
        covid=(
            "refurbishment works at the Sunlight Contact Centre have stopped under Covid-19 "
            "restrictions"
        ),
        notes={
            "oct": "Review of contact arrangements started.",
            "nov": "Building condition survey requested.",
            "dec": "Survey found the building needs more than redecoration.",
            "jan": "Costed options prepared for CMT.",
            "feb": "CMT agreed a complete refurbishment of the Sunlight Contact Centre.",
            "mar": "Contractors had not started on site before the lockdown.",
            "apr": "Most family time now by video; works to be re-planned when restrictions lift.",
        },
    ),
    # 2. Capacity and capability of workforce ------------------------------------------
    DemoAction(
        ref="2.01",
        title="Realign Children's Social Work Services into sustainable teams",
        lead="manager",
        recs=("R3", "R8"),
        path="GAAAGBB",
        description=(
            "Redesign the service so that teams are big enough to be sustainable, every team "
            "manager has the right span of control, and court work and work with children in "
            "care each have a specialist focus."
        ),
        impact=(
            "Every child's case in the right team; no team manager supervises more than seven "
            "social workers; caseloads at modelled target levels."
        ),
        partners="HR; trade unions; Finance",
        due="2020-01",
        slip=(
            REPHASED,
            "the timetable was extended so that every case moves safely and staff are fully "
            "consulted",
        ),
        evidence="Service realignment close-down report (March 2020)",
        notes={
            "oct": "Director and AD agreed realignment as the priority; design work started.",
            "nov": "Staff consultation launched in early November.",
            "dec": "Staff preferences collected; every permanent member of staff has their "
            "first choice.",
            "jan": "1,408 cases mapped to the new teams; transfer meetings booked.",
            "feb": "Case transfers on schedule for the new structure to go live in early March.",
            "mar": "150 staff repositioned and 1,408 cases reallocated in four months.",
            "apr": "New structure settled; a small number of posts still to recruit to.",
        },
    ),
    DemoAction(
        ref="2.02",
        title="Reduce social work caseloads to target levels",
        lead="owner",
        recs=("R8",),
        path="ARRAAGG",
        description=(
            "Model staffing against target caseloads for each type of team, and use the "
            "realignment, the Early Help offer and the Edge of Care and Adolescent services "
            "to bring caseloads down."
        ),
        impact=(
            "Average caseloads of 18 or fewer in every team and no social worker above 25; "
            "social workers have time for direct work."
        ),
        partners="Finance; HR",
        due="2020-09",
        slip=(CAPACITY, "vacancies and rising demand keep caseloads above target"),
        notes={
            "oct": "Highest caseload in the assessment teams is 44; target caseloads being "
            "modelled.",
            "nov": "One assessment worker now holds 46 cases.",
            "dec": "Additional investment agreed to fund the modelled establishment.",
            "jan": "Caseloads still high while cases transfer.",
            "feb": "Agency cover agreed for hotspots until the new teams go live.",
            "mar": "In March the assessment teams' maximum was 34 (average 20) and the "
            "post-assessment teams' 23 (average 19.3).",
            "apr": "Further reduction expected as Early Help, Edge of Care and the "
            "Adolescent team take on work.",
        },
    ),
    DemoAction(
        ref="2.03",
        title="Recruit and retain permanent social workers",
        lead="david",
        recs=("R8",),
        path="AARRAAA",
        description=(
            "A recruitment and retention strategy with a refreshed market supplement, a "
            "Medway social work brand and an exit interview for every leaver."
        ),
        impact=(
            "Permanent social workers fill at least 75% of the establishment; annual turnover "
            "below 15%."
        ),
        partners="HR; Communications",
        due="2020-03",
        slip=(
            CAPACITY,
            "recruitment is on hold while the establishment is remodelled for the realignment",
        ),
        covid=(
            "recruitment events planned for April were cancelled because of Covid-19 and "
            "interviews moved online"
        ),
        notes={
            "oct": "Exit interviews show workload as the main reason for leaving.",
            "nov": "Campaign brief agreed with Communications.",
            "dec": "Campaign paused until the new establishment is agreed.",
            "jan": "Market supplement proposal with HR.",
            "feb": "Campaign launched for 14 permanent posts.",
            "mar": "Eight offers made; permanent staff now 68% of the establishment.",
            "apr": "Three more offers made after online interviews.",
        },
    ),
    DemoAction(
        ref="2.04",
        title="Put a permanent senior management team in place",
        lead="manager",
        recs=("R8", "R11"),
        path="AAAGGGB",
        description=(
            "Recruit permanently to the Assistant Director and Head of Service posts in the "
            "new structure, ending reliance on interim leaders."
        ),
        impact=(
            "Stable leadership: every Head of Service post filled permanently and a permanent "
            "Assistant Director in post."
        ),
        partners="HR; Corporate Management Team",
        due="2020-03",
        slip=(CAPACITY, "senior posts can only be advertised once the new structure is agreed"),
        evidence="Senior management structure and appointments (April 2020)",
        notes={
            "oct": "Interim AD in post from mid-October.",
            "nov": "New Head of Service roles drafted as part of the realignment.",
            "dec": "Senior posts to be advertised in January.",
            "jan": "Head of Corporate Parenting appointed from within the service; in post "
            "from January.",
            "feb": "Interviews held for the remaining Head of Service posts.",
            "mar": "All Head of Service posts filled; permanent AD appointed.",
            "apr": "Permanent management team now in post, with the new AD starting in May.",
        },
    ),
    DemoAction(
        ref="2.05",
        title="Align the establishment with the staffing budget",
        lead="improvement",
        recs=("R8",),
        path="AAAGGGG",
        description=(
            "Model the staff needed against target caseloads, secure the additional "
            "investment and align the establishment with the budget so that every post is "
            "funded."
        ),
        impact=(
            "Every post in the structure funded; no unfunded agency posts; no unplanned overspend."
        ),
        partners="Finance; HR; Corporate Management Team",
        due="2020-06",
        slip=(OTHER, "the growth bid can only be settled in the council's budget round"),
        notes={
            "oct": "Establishment reconciled with payroll; 23 posts found without a budget.",
            "nov": "Growth bid prepared for 2020-21.",
            "dec": "Finance reconciling agency spend against vacant posts.",
            "jan": "Additional investment agreed for 2020-21.",
            "feb": "Budget for the new establishment approved at Full Council.",
            "mar": "Establishment and budget aligned for the new structure.",
            "apr": "Monthly establishment control meeting in place with Finance.",
        },
    ),
    DemoAction(
        ref="2.06",
        title="Deliver a workforce development programme based on a training needs analysis",
        lead="david",
        recs=("R8",),
        path="GGAAGAA",
        description=(
            "A training needs analysis across all teams and a 2020-21 learning programme "
            "covering assessment, planning, the practice framework and recording in Mosaic."
        ),
        impact=(
            "Every social worker has a personal development plan; 90% attendance at core "
            "training; better practice seen in audit."
        ),
        partners="Medway Safeguarding Children Partnership learning team; " + ESSEX,
        due="2020-04",
        slip=(
            REPHASED,
            "the training needs analysis was re-phased to follow the new team structure",
        ),
        covid="classroom training has stopped for Covid-19 and core courses are moving online",
        notes={
            "oct": "Training needs analysis survey issued.",
            "nov": "62% of staff responded to the survey.",
            "dec": "Analysis to be repeated for the new teams.",
            "jan": "Programme outline drafted.",
            "feb": "2020-21 programme agreed, including Signs of Safety and Mosaic.",
            "mar": "Outline training plan in place but dates rescheduled.",
            "apr": "First online sessions on recording in Mosaic booked for May.",
        },
    ),
    DemoAction(
        ref="2.07",
        title="Support newly qualified social workers through the ASYE programme",
        lead="grace",
        recs=("R8",),
        path="GGGAGGG",
        description=(
            "Protected caseloads, fortnightly supervision and a learning programme for newly "
            "qualified social workers in their Assessed and Supported Year in Employment."
        ),
        impact=(
            "Every ASYE social worker has a protected caseload; 90% complete the year "
            "successfully and stay with Medway."
        ),
        partners="Canterbury Christ Church University; Skills for Care",
        due="2020-09",
        slip=(CAPACITY, "protected caseloads could not be kept in two teams during transfers"),
        notes={
            "oct": "Fourteen social workers in the current ASYE cohort.",
            "nov": "ASYE assessor training refreshed.",
            "dec": "Monthly learning sets running.",
            "feb": "Protected caseloads restored in the new teams.",
            "mar": "ASYE learning sets moved online.",
            "apr": "Six ASYEs due to complete in the summer, all on track.",
        },
    ),
    DemoAction(
        ref="2.08",
        title="Develop team managers' skills in management oversight and leadership",
        lead="david",
        recs=("R3",),
        path="GAARRRR",
        description=(
            "A development programme for team managers and practice managers on management "
            "oversight, supervision and leading practice, drawing on our Leadership "
            "Improvement Partner."
        ),
        impact=(
            "Every team manager completes the programme; audit finds effective management "
            "oversight in 80% of cases."
        ),
        partners="Bracknell Forest Council (Leadership Improvement Partner)",
        due="2020-03",
        slip=(PARTNER, "the programme depends on Bracknell Forest, whose work has been delayed"),
        covid="the first face-to-face module could not go ahead because of Covid-19",
        notes={
            "oct": "Outline programme agreed.",
            "nov": "Scoping meeting with Bracknell Forest postponed.",
            "dec": "Team managers' time taken up by the realignment.",
            "jan": "Bracknell Forest diagnostic with the Commissioner started.",
            "feb": "Programme still not commissioned.",
            "mar": "New team managers now in post and need the programme more than ever.",
            "apr": "Content being redesigned for online delivery.",
        },
    ),
    DemoAction(
        ref="2.09",
        title="Appoint a practice development manager for Early Help",
        lead="priya",
        recs=("R4", "R8"),
        path="GAAAAGG",
        description=(
            "Create the first practice development manager post in Early Help, equivalent to "
            "the Essex practice development lead, to support staff to work with families at "
            "Tier 3."
        ),
        impact=(
            "Early Help staff coached to work with families with higher levels of need; audit "
            "finds consistent, good quality early help assessments."
        ),
        partners=ESSEX,
        due="2020-06",
        slip=(REPHASED, "the post was held until the Early Help redesign confirmed the role"),
        notes={
            "oct": "Role profile drafted, based on the Essex practice development lead.",
            "nov": "Role included in the Early Help redesign.",
            "dec": "Post waiting for job evaluation.",
            "jan": "Essex diagnostic confirmed the post as key to the redesign.",
            "feb": "Post advertised.",
            "mar": "Successful candidate appointed.",
            "apr": "Practice development manager took up post on 16 April; outline training "
            "plan in place.",
        },
    ),
    DemoAction(
        ref="2.10",
        title="Expand the Leaving Care service with additional personal advisers",
        lead="tom",
        recs=("R7", "R8"),
        path="AAGGBBB",
        description=(
            "Fund and recruit additional Leaving Care personal adviser posts so that "
            "caseloads allow regular contact and support for every care leaver up to 25."
        ),
        impact=(
            "Personal adviser caseloads of 20 or fewer; every care leaver in touch with their "
            "adviser at least every eight weeks."
        ),
        partners="Young Lives; Finance",
        due="2020-01",
        slip=(CAPACITY, "funding for the extra posts is not yet confirmed"),
        evidence="Leaving Care personal adviser caseload report (February 2020)",
        notes={
            "oct": "Personal adviser caseloads average 28.",
            "nov": "Business case for four extra posts submitted.",
            "dec": "Funding agreed and recruitment started.",
            "jan": "Three of the four posts offered.",
            "feb": "All additional personal adviser posts filled; caseloads now average 19.",
            "mar": "Advisers in touch with every care leaver weekly during lockdown.",
            "apr": "Food and data top-ups arranged for care leavers who need them.",
        },
    ),
    DemoAction(
        ref="2.11",
        title="Run a social work health check and act on what staff tell us",
        lead="david",
        recs=("R8",),
        path="GARRRRR",
        description=(
            "An annual health check survey of social workers, with results reported to the "
            "Board and an action plan agreed with staff."
        ),
        impact=(
            "Response rate above 60%; staff report manageable workloads and good "
            "supervision; fewer leavers citing workload."
        ),
        partners="Trade unions; Principal Social Worker",
        due="2020-01",
        slip=(
            REPHASED,
            "the survey was deferred so that it did not run alongside the realignment consultation",
        ),
        covid=(
            "the rescheduled survey was put on hold as staff moved to Covid-19 working arrangements"
        ),
        notes={
            "oct": "Survey questions agreed with the Principal Social Worker.",
            "nov": "Survey launch moved to January.",
            "dec": "Survey on hold during the consultation.",
            "jan": "Survey deferred again until the new structure is live.",
            "feb": "Survey rescheduled for April.",
            "mar": "Staff feedback gathered through weekly check-in calls instead.",
            "apr": "To be carried into the refreshed plan.",
        },
    ),
    DemoAction(
        ref="2.12",
        title="Reduce reliance on agency social workers",
        lead="david",
        recs=("R8",),
        path="ARRRRRR",
        description=(
            "Convert agency posts to permanent as recruitment succeeds, with a monthly agency "
            "review and a cap on agency numbers in each team."
        ),
        impact=(
            "Agency social workers below 25% of the workforce by March 2020 and below 20% by "
            "March 2021."
        ),
        partners="HR; agency framework provider",
        due="2020-03",
        slip=(
            CAPACITY,
            "agency cover is needed to keep caseloads down through the realignment",
        ),
        notes={
            "oct": "Agency social workers are 38% of the workforce.",
            "nov": "Agency rate rose to 41% to cover transfer work.",
            "dec": "Monthly agency review meeting started.",
            "jan": "Agency rate 40%.",
            "feb": "Agency cover extended until the new teams settle.",
            "mar": "Agency rate down to 36%.",
            "apr": "Agency staff kept on through Covid-19 for continuity for families.",
        },
    ),
    # 3. Effective Leadership and Management -------------------------------------------
    DemoAction(
        ref="3.01",
        title="Run the Improvement Board in line with the Statutory Direction",
        lead="improvement",
        recs=("R11",),
        path="GGGGGBB",
        description=(
            "An independently chaired Improvement Board meeting monthly, receiving the "
            "Director's monthly report and a six-monthly progress update, with the full plan "
            "available to members every month."
        ),
        impact=(
            "The Board holds the council and partners to account; minutes show challenge and "
            "follow-up of exceptions."
        ),
        partners="Department for Education; Commissioner for Children's Services; Medway "
        "Safeguarding Children Partnership",
        due="2020-03",
        evidence="Improvement Board terms of reference (March 2020)",
        notes={
            "oct": "Plan shared with the Improvement Board in October.",
            "nov": "Plan submitted to Ofsted.",
            "dec": "Director's monthly report to the Board in place.",
            "jan": "Board membership being refreshed.",
            "feb": "New independent chair appointed.",
            "mar": "Board refreshed with a new chair and new members; terms of reference agreed.",
            "apr": "Six-monthly progress update prepared for the Board on 23 April.",
        },
    ),
    DemoAction(
        ref="3.02",
        title="Strengthen strategic leadership with our Leadership Improvement Partner",
        lead="manager",
        recs=("R11",),
        path="GARAAAA",
        description=(
            "Bracknell Forest to work alongside the senior leadership team on the priorities "
            "for strategic leadership development identified in a diagnostic with the "
            "Commissioner."
        ),
        impact=(
            "Leaders share an accurate understanding of practice; the diagnostic's priorities "
            "are delivered and embedded in the plan."
        ),
        partners="Bracknell Forest Council (Leadership Improvement Partner); Commissioner for "
        "Children's Services",
        due="2020-03",
        slip=(PARTNER, "Bracknell Forest's work started later than planned"),
        covid="leadership sessions planned for April were postponed because of Covid-19",
        notes={
            "oct": "Bracknell Forest agreed as our Leadership Improvement Partner.",
            "nov": "Scoping meeting postponed twice.",
            "dec": "Work not yet started.",
            "jan": "Initial diagnostic with the Commissioner, Eleanor Brazil, under way.",
            "feb": "Diagnostic identified priorities for strategic leadership development "
            "over the next four months.",
            "mar": "Priorities to be written into the refreshed plan.",
            "apr": "Funding in place for the work to continue through 2020-21.",
        },
    ),
    DemoAction(
        ref="3.03",
        title="Keep a service plan for every service area, aligned to the Improvement Plan",
        lead="manager",
        recs=("R10", "R11"),
        path="GAAAAGG",
        description=(
            "Each Head of Service keeps a service or project plan setting out the detailed "
            "work behind their Improvement Plan actions, with progress measured monthly."
        ),
        impact=(
            "The Board can see the detailed work behind any action on request; no "
            "improvement work sits outside a plan."
        ),
        due="2020-06",
        slip=(REPHASED, "service plans had to wait for the new service structure"),
        notes={
            "oct": "Service plan template issued to Heads of Service.",
            "nov": "Plans paused while services are redesigned.",
            "dec": "Draft plans in for three of six services.",
            "jan": "Plans being rewritten for the realigned services.",
            "feb": "Every Head of Service has a service plan in draft.",
            "mar": "Plans reviewed by the AD; progress measured monthly.",
            "apr": "Service plans available to the Board on request.",
        },
    ),
    DemoAction(
        ref="3.04",
        title="Strengthen corporate parenting across the council",
        lead="tom",
        recs=("R7", "R11"),
        path="GGAAGGG",
        description=(
            "A refreshed Corporate Parenting Board and a new Corporate Parenting service "
            "focused solely on children in care and care leavers, shaped by young people."
        ),
        impact=(
            "Every directorate contributes to the offer for children in care; care leavers "
            "say the council supports them."
        ),
        partners="Corporate Management Team; Children in Care Council; Young Lives; elected "
        "members",
        due="2020-06",
        slip=(
            CAPACITY,
            "the Corporate Parenting Board lost its officer support during the realignment",
        ),
        notes={
            "oct": "Corporate Parenting Board terms of reference reviewed.",
            "nov": "Young people planning a 'reverse takeover' day with CMT.",
            "dec": "December Corporate Parenting Board cancelled.",
            "jan": "Corporate Parenting service agreed and officer support restored.",
            "feb": "Reverse takeover day held with care leavers and Young Lives.",
            "mar": "Corporate Parenting service launched.",
            "apr": "CMT exploring how the wider council can mentor care leavers.",
        },
    ),
    DemoAction(
        ref="3.05",
        title="Help elected members understand and challenge practice",
        lead="improvement",
        recs=("R11",),
        path="GGGGGAG",
        description=(
            "Regular briefings for the Lead Member, a member development session on the "
            "Ofsted findings and regular reports to Overview and Scrutiny."
        ),
        impact="Members can describe the improvement priorities; scrutiny shows challenge "
        "and follow-up.",
        partners="Lead Member for Children's Services; Children and Young People Overview and "
        "Scrutiny Committee",
        due="2020-06",
        covid="the member development session on 26 March was cancelled because of Covid-19",
        notes={
            "oct": "Lead Member briefed weekly by the Director.",
            "nov": "Member development session planned for March.",
            "dec": "Overview and Scrutiny received the plan.",
            "jan": "Performance Dashboard now shared with the Lead Member monthly.",
            "feb": "Scrutiny visit to the front door arranged.",
            "mar": "Lead Member briefings moved online.",
            "apr": "Member session rebooked online for May.",
        },
    ),
    DemoAction(
        ref="3.06",
        title="Replace the case recording system with Mosaic",
        lead="improvement",
        recs=("R10",),
        path="GGAAGGG",
        description=(
            "Implement Mosaic as the children's social care recording system, with forms "
            "built around the practice framework, data migrated and every member of staff "
            "trained."
        ),
        impact=(
            "Less time spent recording; managers see each child's plan and history in one "
            "place; accurate performance data."
        ),
        partners="ICT; Mosaic supplier",
        due="2020-05",
        slip=(CAPACITY, "data migration testing fell behind when two ICT analysts left"),
        notes={
            "oct": "Mosaic project board established.",
            "nov": "Form design workshops held with practitioners.",
            "dec": "Second data migration test failed on case notes.",
            "jan": "Additional ICT capacity agreed; migration test being rerun.",
            "feb": "Data migration test passed.",
            "mar": "Training moved online; go-live date held.",
            "apr": "Mosaic go-live confirmed for May 2020.",
        },
    ),
    DemoAction(
        ref="3.07",
        title="Senior leaders see practice for themselves",
        lead="manager",
        recs=("R3", "R11"),
        path="GAARRRR",
        description=(
            "Practice weeks, case file reviews and observations of practice by the AD and "
            "Heads of Service, with findings reported to DMT."
        ),
        impact=(
            "Senior leaders know the quality of practice first-hand; themes feed the plan and "
            "workforce development."
        ),
        due="2020-02",
        slip=(CAPACITY, "senior leaders' time has gone into the realignment"),
        covid="practice observations cannot take place in person because of Covid-19",
        notes={
            "oct": "Schedule of practice weeks drafted.",
            "nov": "First practice week postponed.",
            "dec": "No practice weeks held yet.",
            "jan": "Case file reviews by Heads of Service in two teams only.",
            "feb": "Practice week rescheduled for March.",
            "mar": "The March practice week was cancelled.",
            "apr": "Virtual case file reviews to be tried with the new AD from May.",
        },
    ),
    DemoAction(
        ref="3.08",
        title="Keep the self-evaluation current and prepare for Ofsted monitoring visits",
        lead="improvement",
        recs=("R10", "R11"),
        path="GGGAGGG",
        description=(
            "An up-to-date self-evaluation of practice, shared with Ofsted before each "
            "monitoring visit, with evidence of improvement drawn from audit and performance "
            "data."
        ),
        impact=(
            "Our self-evaluation matches what inspectors find; monitoring visits see progress "
            "in assessments and management oversight."
        ),
        partners="Ofsted; Department for Education",
        due="2020-06",
        slip=(CAPACITY, "the self-evaluation update was delayed by the realignment workload"),
        notes={
            "oct": "Self-evaluation update started.",
            "nov": "Self-evaluation shared with the Ofsted link inspector.",
            "dec": "Self-evaluation refreshed with the latest audit findings.",
            "feb": "First monitoring visit confirmed for 18 and 19 March.",
            "mar": "Monitoring visit postponed for Covid-19 two days before inspectors were "
            "due; staff had wanted to show inspectors their recent work.",
            "apr": "No new date yet; self-evaluation kept current for when it is rescheduled.",
        },
    ),
    DemoAction(
        ref="3.09",
        title="Refresh the placement sufficiency strategy",
        lead="improvement",
        recs=("R7",),
        path="AARRRRR",
        description=(
            "A sufficiency strategy for 2020-23 setting out the placements children need, "
            "including more local foster carers and supported accommodation for care leavers."
        ),
        impact=(
            "More children placed within 20 miles of home; fewer children in high-cost or "
            "unregistered placements."
        ),
        partners="Partnership Commissioning; Kent and Medway commissioners; " + ESSEX,
        due="2020-03",
        slip=(CAPACITY, "commissioning capacity has gone into the Edge of Care procurement"),
        notes={
            "oct": "Needs analysis started.",
            "nov": "Data on children placed outside Medway collated.",
            "dec": "Draft held behind the Edge of Care procurement.",
            "jan": "Net loss of six fostering households in the year.",
            "feb": "Essex to support the Fostering Service in 2020-21.",
            "mar": "Strategy drafting now planned for the summer.",
            "apr": "To be carried into the refreshed plan.",
        },
    ),
    # 4. Quality Assurance and Performance Management ----------------------------------
    DemoAction(
        ref="4.01",
        title="Revise and relaunch the Quality Assurance Framework",
        lead="helen",
        recs=("R9",),
        path="AAAGGBB",
        description=(
            "A revised QA Framework, developed with every service area, setting out audit "
            "schedules, moderation and how learning from audit changes practice."
        ),
        impact=(
            "Bi-monthly audits completed across every service; findings lead to actions that "
            "are followed through."
        ),
        partners="Independent Reviewing Officers; Child Protection Chairs",
        due="2019-12",
        slip=(CAPACITY, "the framework is delayed while the QA Manager post is vacant"),
        evidence="Revised QA Framework (March 2020)",
        notes={
            "oct": "Review of the current framework started.",
            "nov": "Service areas consulted on the new framework.",
            "dec": "Draft framework written.",
            "jan": "Framework agreed by DMT.",
            "feb": "Launch briefings held with team managers.",
            "mar": "QA Framework revised and relaunched.",
            "apr": "Bi-monthly audit round running under the new framework.",
        },
    ),
    DemoAction(
        ref="4.02",
        title="Introduce a new case audit tool",
        lead="helen",
        recs=("R9",),
        path="AAGGGBB",
        description=(
            "One audit tool for every service area, grading practice on the Ofsted scale and "
            "recording actions for the worker and manager."
        ),
        impact=(
            "Consistent audit grading; every audit's actions followed through within 20 "
            "working days."
        ),
        due="2020-01",
        slip=(OTHER, "agreeing one tool across all service areas is taking longer than planned"),
        evidence="Case audit tool and guidance (March 2020)",
        notes={
            "oct": "Audit tools from Essex and two other councils compared.",
            "nov": "Draft tool piloted with eight auditors.",
            "dec": "Shorter tool agreed after the pilot.",
            "jan": "Tool consulted on across every service area.",
            "feb": "Audit tool guidance written.",
            "mar": "New audit tool launched with the QA Framework.",
            "apr": "Tool used for the April audit round.",
        },
    ),
    DemoAction(
        ref="4.03",
        title="Commission external safety checks on priority groups of children",
        lead="helen",
        recs=("R9", "R1"),
        path="GGGGBBB",
        description=(
            "External auditors carry out safety checks on children subject to CP plans and "
            "those recently stepped down to CIN, review Priority Risk Assessments and coach "
            "workers on what they find."
        ),
        impact=(
            "Assurance that children are safe and have appropriate plans; where practice is "
            "not good enough, actions agreed with managers and followed through."
        ),
        partners="Commissioned external auditors",
        due="2020-02",
        evidence="External safety checks: findings and actions (February 2020)",
        notes={
            "oct": "External auditors commissioned to start in November.",
            "nov": "Safety checks started on children subject to CP plans.",
            "dec": "Checks extended to children recently stepped down to CIN.",
            "jan": "Themes so far: drift towards PLO and premature closure after step-down.",
            "feb": "Safety checks on both groups completed, with actions agreed and followed "
            "through with managers.",
            "mar": "Auditors now reviewing Priority Risk Assessments and coaching workers.",
            "apr": "Over 400 cases audited through these processes since November 2019.",
        },
    ),
    DemoAction(
        ref="4.04",
        title="Run themed audits of assessments ending in no further action and re-referrals",
        lead="helen",
        recs=("R9", "R4"),
        path="AAAGBBB",
        description=(
            "Themed audits of assessments ending in no further action and of re-referrals "
            "within 12 months, with findings fed back to the front door and assessment teams."
        ),
        impact=(
            "Fewer assessments ending in no further action where help was needed; a lower "
            "re-referral rate."
        ),
        partners="Medway Safeguarding Children Partnership",
        due="2019-12",
        slip=(CAPACITY, "auditor time is committed to the external safety checks"),
        evidence="Themed audit report: no further action and re-referrals (February 2020)",
        notes={
            "oct": "Sample of 50 assessments ending in no further action drawn.",
            "nov": "Audit started but auditors diverted.",
            "dec": "Half the sample audited.",
            "jan": "Re-referral audit completed.",
            "feb": "Both themed audits reported to DMT with actions for the front door.",
            "mar": "Findings have shaped the Early Help Hub model.",
            "apr": "Repeat audit booked for July to test impact.",
        },
    ),
    DemoAction(
        ref="4.05",
        title="Appoint a Quality Assurance Manager",
        lead="helen",
        recs=("R9",),
        path="ARAGGGB",
        description=(
            "Recruit a permanent QA Manager to lead the audit programme, moderation and "
            "learning from audit."
        ),
        impact="Audit programme delivered to schedule; more consistent audit grading.",
        partners="HR",
        due="2019-12",
        slip=(CAPACITY, "the post has been vacant since the summer"),
        evidence="QA Manager appointment and auditor support programme (April 2020)",
        notes={
            "oct": "Post advertised.",
            "nov": "No appointment from the first round.",
            "dec": "Post re-advertised at a revised grade.",
            "jan": "Four candidates shortlisted.",
            "feb": "QA Manager appointed.",
            "mar": "QA Manager started; auditor support programme being designed.",
            "apr": "Support programme and coaching for auditors launched for the next round.",
        },
    ),
    DemoAction(
        ref="4.06",
        title="Moderate audits and coach auditors so that grading is consistent",
        lead="helen",
        recs=("R9",),
        path="AAAAGGG",
        description=(
            "Moderation of a sample from every audit round and coaching for auditors, so that "
            "grading is consistent and challenging."
        ),
        impact="Moderators agree with the auditor's grade in at least 85% of audits.",
        partners=ESSEX,
        due="2020-06",
        slip=(CAPACITY, "there is no moderation capacity until the QA Manager is in post"),
        notes={
            "oct": "Moderation raised or lowered the grade in 40% of audits sampled.",
            "nov": "Moderation panel membership agreed.",
            "dec": "November round only partly moderated.",
            "jan": "Heads of Service to moderate two audits each per round.",
            "feb": "Moderation rota in place.",
            "mar": "QA Manager leading moderation; grades agreed in 72% of audits.",
            "apr": "Coaching in the next round aims to lift agreement above 85%.",
        },
    ),
    DemoAction(
        ref="4.07",
        title="Produce a monthly Performance Dashboard with commentary",
        lead="helen",
        recs=("R10",),
        path="GAAGBBB",
        description=(
            "Revise the Performance Dashboard to include commentary for each area of "
            "activity, produced monthly and shared with the Lead Member and the Improvement "
            "Board."
        ),
        impact=(
            "The Board and the Lead Member understand what the numbers mean and challenge "
            "them; data accuracy above 95%."
        ),
        partners="Business Intelligence team",
        due="2019-12",
        slip=(
            CAPACITY,
            "Business Intelligence capacity went into modelling caseloads for the realignment",
        ),
        evidence="Performance Dashboard with commentary (February 2020)",
        notes={
            "oct": "Dashboard indicators reviewed with the Board.",
            "nov": "Commentary drafted; data quality issues found in timeliness measures.",
            "dec": "December dashboard issued without commentary.",
            "jan": "First dashboard with commentary shared with the Lead Member.",
            "feb": "Dashboard now produced monthly, with commentary for each area, and "
            "shared with the Board.",
            "mar": "Covid-19 indicators added to the dashboard.",
            "apr": "Dashboard continues monthly.",
        },
    ),
    DemoAction(
        ref="4.08",
        title="Hold Performance Clinics for each service area, chaired by the AD",
        lead="manager",
        recs=("R10", "R3"),
        path="AAGGGGG",
        description=(
            "Performance Clinics where team managers explain their performance, the pressures "
            "on their service and the barriers to improvement, down to individual cases."
        ),
        impact=(
            "Managers own their performance data; issues raised at one clinic are resolved by "
            "the next."
        ),
        partners="Business Intelligence team",
        due="2020-06",
        slip=(
            OTHER,
            "clinics for most services need team-level data from the revised dashboard",
        ),
        notes={
            "oct": "Clinic format agreed.",
            "nov": "First clinic held, for the front door.",
            "dec": "Clinics now running for each service area.",
            "jan": "Clinics now go down to individual case level.",
            "feb": "Team managers bring their own analysis of staffing and complexity.",
            "mar": "Clinics continuing on Teams.",
            "apr": "Clinics to be reset with the new AD in May.",
        },
    ),
    DemoAction(
        ref="4.09",
        title="Rebuild performance reporting in Mosaic",
        lead="helen",
        recs=("R10",),
        path="GGGGGAA",
        description=(
            "Build the statutory returns and dashboard reports in Mosaic so that performance "
            "reporting carries on without a gap after go-live."
        ),
        impact="No gap in performance reporting after Mosaic goes live; data quality kept.",
        partners="ICT; Mosaic supplier",
        due="2020-05",
        covid=(
            "the supplier's report-writing team was stood down for two weeks because of Covid-19"
        ),
        notes={
            "oct": "Report specifications agreed.",
            "nov": "Report build started.",
            "dec": "Statutory return reports built.",
            "jan": "Dashboard reports in test.",
            "feb": "Test reports reconcile with the current system's figures.",
            "mar": "Not all dashboard reports will be ready for go-live.",
            "apr": "Interim reporting from the old system agreed until June.",
        },
    ),
    # 5. Partnership working -----------------------------------------------------------
    DemoAction(
        ref="5.01",
        title="Secure a Partner in Practice",
        lead="manager",
        recs=("R11",),
        path="GARGGBB",
        description=(
            "Agree a Partner in Practice with the Department for Education to support "
            "improvement in early help, assessment and services for children in care."
        ),
        impact="A funded programme of support for 2020-21 with clear deliverables.",
        partners="Department for Education; Essex County Council",
        due="2019-12",
        slip=(PARTNER, "we still have no Partner in Practice in place"),
        evidence="Partner in Practice agreement with Essex (March 2020)",
        notes={
            "oct": "Ealing proposed by the DfE as our Partner in Practice.",
            "nov": "Ealing withdrew; the DfE approached Oxfordshire.",
            "dec": "Oxfordshire also withdrew.",
            "jan": "Essex confirmed as Partner in Practice and completed an Early Help diagnostic.",
            "feb": "Essex assessment diagnostic completed.",
            "mar": "Programme and funding agreed with Essex for 2020-21.",
            "apr": "Detailed programme for fostering, disabled children and assessment being "
            "negotiated.",
        },
    ),
    DemoAction(
        ref="5.02",
        title="Redesign Early Help to target help at Tier 3",
        lead="priya",
        recs=("R4",),
        path="GGGAGAA",
        description=(
            "With Essex, redesign Early Help to deliver targeted help at Tier 3 for families "
            "with higher needs, with new job descriptions and full staff consultation."
        ),
        impact=(
            "More families helped at Tier 3 without a statutory assessment; fewer contacts "
            "stepping up to social care."
        ),
        partners=ESSEX + "; trade unions; HR",
        due="2020-06",
        slip=(REPHASED, "the redesign waited for the Essex diagnostic in January"),
        covid="staff consultation due to start on 30 March was re-phased because of Covid-19",
        notes={
            "oct": "Monthly Early Help staff engagement events planned from November.",
            "nov": "First staff engagement event held.",
            "dec": "Redesign options drafted.",
            "jan": "Essex diagnostic of Early Help completed; the redesign will follow the "
            "Essex model.",
            "feb": "New job descriptions going to job evaluation; consultation with staff and "
            "unions set for 30 March.",
            "mar": "Dates for one-to-ones, and interviews from 4 May, are in the diary.",
            "apr": "Deciding how best to consult staff remotely.",
        },
    ),
    DemoAction(
        ref="5.03",
        title="Agree a multi-agency Early Help Strategy with partners",
        lead="priya",
        recs=("R4", "R11"),
        path="GAAAGRR",
        description=(
            "Revisit the Early Help Strategy with the Safeguarding Partnership: introduce the "
            "targeted approach, clarify thresholds across all four tiers and set up "
            "multi-agency task and finish groups."
        ),
        impact=(
            "Partners deliver early help to agreed thresholds; more early help assessments "
            "led by schools and health."
        ),
        partners="Medway Safeguarding Children Partnership; schools; health; Kent Police; "
        "voluntary sector",
        due="2020-04",
        slip=(REPHASED, "the strategy is being held until the Early Help redesign is settled"),
        covid=(
            "the half-day multi-agency workshop with Essex on 23 April was postponed because "
            "of Covid-19"
        ),
        notes={
            "oct": "Partners agreed the strategy needs to be revisited.",
            "nov": "Strategy refresh paused.",
            "jan": "Essex diagnostic shared with partners.",
            "feb": "Cross-service planning event held; Essex to facilitate a multi-agency "
            "workshop on 23 April.",
            "mar": "No new date can be set yet.",
            "apr": "Workshop to be rearranged online when partners' pressures ease.",
        },
    ),
    DemoAction(
        ref="5.04",
        title="Safeguarding Partnership scrutiny of the impact of the plan",
        lead="amir",
        recs=("R11",),
        path="GAAGGGG",
        description=(
            "The Medway Safeguarding Children Partnership analyses the impact of the plan's "
            "multi-agency actions and agrees the focus of the independent scrutineer."
        ),
        impact=(
            "Partners report on impact every quarter; the independent scrutineer tests the "
            "plan's multi-agency actions."
        ),
        partners="Medway Safeguarding Children Partnership; independent scrutineer; Kent "
        "Police; NHS Medway CCG",
        due="2020-09",
        slip=(PARTNER, "Partnership subgroup meetings were cancelled and mapping slipped"),
        notes={
            "oct": "Plan presented to the Partnership executive.",
            "nov": "Multi-agency actions being mapped to Partnership subgroups.",
            "jan": "Quarterly impact report format agreed.",
            "feb": "First quarterly impact report received.",
            "mar": "Independent scrutineer's areas of focus being agreed.",
            "apr": "Partnership now meeting virtually.",
        },
    ),
    DemoAction(
        ref="5.05",
        title="Join the Regional Adoption Agency",
        lead="tom",
        recs=("R7",),
        path="GGGBBBB",
        description=(
            "Agree the arrangements for Medway's adoption service to join the Regional "
            "Adoption Agency with neighbouring councils."
        ),
        impact="Children matched with adopters sooner, from a wider pool of adopters.",
        partners="Kent County Council; London Borough of Bexley",
        due="2020-01",
        evidence="Cabinet decision: Regional Adoption Agency (January 2020)",
        notes={
            "oct": "Business case completed.",
            "nov": "Staff briefings on the transfer held.",
            "dec": "Cabinet report prepared for January.",
            "jan": "Arrangements formally signed off by Cabinet.",
            "feb": "The agency is beginning to operate across the region.",
            "mar": "Adoption panels running virtually.",
            "apr": "Formal launch of the new agency planned for the autumn.",
        },
    ),
    DemoAction(
        ref="5.06",
        title="Build the Adolescent Service with health, education and the police",
        lead="amir",
        recs=("R6", "R11"),
        path="AAAGGGG",
        description=(
            "An Adolescent Service working across Tiers 3 and 4 with young people on the edge "
            "of care or facing exploitation, school exclusion, criminality, mental health or "
            "substance misuse issues, with one offer integrated across partners."
        ),
        impact=(
            "Young people get one joined-up offer; fewer adolescents entering care or custody; "
            "fewer exclusions."
        ),
        partners="Kent Police; Medway Youth Offending Team; schools; child and adolescent "
        "mental health services; substance misuse service",
        due="2020-09",
        slip=(REPHASED, "the Adolescent Service is being designed as part of the realignment"),
        notes={
            "oct": "Service model drafted.",
            "nov": "Model agreed in the realignment design.",
            "dec": "Partners consulted on the offer.",
            "jan": "Service manager appointed; staff confirmed from the realignment.",
            "feb": "Service already working with young people.",
            "mar": "CMT agreed to extend the Elaine Centre to house the service.",
            "apr": "Health and education partners now join weekly allocation meetings.",
        },
    ),
    DemoAction(
        ref="5.07",
        title="Agree a whole-council offer for care leavers",
        lead="tom",
        recs=("R7",),
        path="GGGGGGB",
        description=(
            "A council-wide offer for care leavers, shaped by them, including exemption from "
            "council tax and financial advice and support."
        ),
        impact="Care leavers avoid debt; more are in education, employment or training.",
        partners="Corporate Management Team; Revenues and Benefits; Young Lives; Children in "
        "Care Council",
        due="2020-04",
        evidence="CMT decision: council tax and financial support for care leavers (April 2020)",
        notes={
            "oct": "Local offer for care leavers reviewed with Young Lives.",
            "nov": "Council tax exemption proposal drafted.",
            "dec": "Care leavers' views gathered for the reverse takeover day.",
            "jan": "Finance modelling the council tax exemption.",
            "feb": "Reverse takeover day held with care leavers.",
            "mar": "CMT committed to paying council tax for care leavers.",
            "apr": "A corporate 'bank of mum and dad' agreed, giving financial advice and "
            "interest-free loans.",
        },
    ),
    DemoAction(
        ref="5.08",
        title="Develop the Elaine Centre for care leavers and young people",
        lead="tom",
        recs=("R7", "R6"),
        path="GGGGGAA",
        description=(
            "Develop the Elaine Centre as a dedicated centre for care leavers and the 16 plus "
            "team, then extend it to house the Adolescent Service."
        ),
        impact=(
            "Care leavers use the centre for support and practical help; young people reach "
            "services in one place."
        ),
        partners="Medway Council property services; Young Lives",
        due="2020-07",
        covid=(
            "building works to extend the Elaine Centre have been delayed by Covid-19 restrictions"
        ),
        notes={
            "oct": "Building adaptations specified.",
            "nov": "Kitchen and shower room works started.",
            "dec": "Washing and drying machines installed.",
            "jan": "16 plus team moving in.",
            "feb": "Centre open to care leavers.",
            "mar": "CMT agreed the extension for the Adolescent Service.",
            "apr": "Centre open by appointment for essential support.",
        },
    ),
    DemoAction(
        ref="5.09",
        title="Complete health assessments for children in care on time",
        lead="amir",
        recs=("R7", "R11"),
        path="AARAGGG",
        description=(
            "Initial and review health assessments completed within timescales with health "
            "partners, and health plans reviewed at each care review."
        ),
        impact=(
            "90% of initial health assessments within 20 working days; 95% of review health "
            "assessments on time."
        ),
        partners="NHS Medway CCG; Medway Community Healthcare; designated doctor and nurse "
        "for children in care",
        due="2020-03",
        slip=(PARTNER, "there are too few paediatric clinic slots for initial assessments"),
        notes={
            "oct": "48% of initial health assessments in timescale.",
            "nov": "Late requests from social workers cause half of the delays.",
            "dec": "Timeliness fell to 41%.",
            "jan": "CCG funded extra clinic slots; requests now sent the same day.",
            "feb": "Timeliness rose to 76%.",
            "mar": "Health assessments continuing by video.",
            "apr": "84% of initial health assessments in timescale in March.",
        },
    ),
    DemoAction(
        ref="5.10",
        title="Tell schools about domestic abuse incidents the next school day",
        lead="priya",
        recs=("R4", "R11"),
        path="GGGGGGG",
        description=(
            "Operation Encompass: every domestic abuse incident attended by police where a "
            "child lives is notified to the child's school by the next school day, and "
            "triaged at the front door."
        ),
        impact=(
            "Schools can support children the next morning; every notification triaged within "
            "24 hours."
        ),
        partners="Kent Police; schools; domestic abuse services",
        due="2020-07",
        notes={
            "oct": "Operation Encompass protocol agreed with Kent Police.",
            "nov": "Key adults trained in 60 schools.",
            "dec": "Notifications going to every primary school.",
            "jan": "Secondary schools joined.",
            "feb": "Triage of notifications moved into the front door.",
            "mar": "Notifications continue to schools open for vulnerable children.",
            "apr": "Notifications also sent to Early Help workers while schools are closed.",
        },
    ),
]


# --- Building the history -----------------------------------------------------------


def _month_start(value: str) -> datetime.date:
    year, month = (int(part) for part in value.split("-"))
    return datetime.date(year, month, 1)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _months_after(day: datetime.date, months: int) -> datetime.date:
    """The last day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return _month_end(index // 12, index % 12 + 1)


def _original_due(spec: DemoAction) -> datetime.date:
    return _months_after(_month_start(spec.due), 0)


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _effective_date(month: int, position: int) -> datetime.date:
    """A working day between the 20th and 23rd of the month, spread across the actions."""
    year, number = MONTHS[month]
    days = [
        datetime.date(year, number, day)
        for day in range(20, 24)
        if datetime.date(year, number, day).weekday() < 5
    ]
    return days[position % len(days)]


GREEN_NOTES = [
    "On track against the plan timescale.",
    "Progressing as planned; nothing to escalate.",
    "On track; no change to the timescale.",
    "Work continuing to plan.",
]
DUE_AT_RISK = datetime.timedelta(days=183)
STILL = {
    Rating.AMBER: ["Still some slippage: {}.", "Remains Amber: {}.", "Slippage continues: {}."],
    Rating.RED: [
        "Still not progressed as planned: {}.",
        "Remains Red: {}.",
        "No real progress yet: {}.",
    ],
}
STILL_SHORT = {Rating.AMBER: ["Still Amber.", "Remains Amber."], Rating.RED: ["Still Red."]}
STILL_SHORT_COVID = {
    Rating.AMBER: [
        "Still Amber while Covid-19 restrictions last.",
        "Remains Amber because of Covid-19.",
    ],
    Rating.RED: ["Still Red while Covid-19 restrictions last.", "Remains Red because of Covid-19."],
}
STILL_COMPLETE = ["Complete.", "Remains complete.", "Complete; impact being monitored."]


@dataclass
class _Entry:
    """One monthly update, worked out before anything is written."""

    effective_date: datetime.date
    rating: Rating
    commentary: str
    slippage_reason: str = ""
    revised_due_date: datetime.date | None = None


def action_history(spec: DemoAction, position: int) -> list[_Entry]:
    """The seven monthly updates for one action, October 2019 to April 2020."""
    original_due = _original_due(spec)
    revised: datetime.date | None = None
    covid_applied = False
    last_reason = ""
    fact_stated_at = -10
    previous: Rating | None = None
    entries = []
    for month, letter in enumerate(spec.path):
        rating = LETTERS[letter]
        effective = _effective_date(month, position)
        note = spec.notes.get(MONTH_KEYS[month], "")
        parts: list[str] = []
        entry = _Entry(effective_date=effective, rating=rating, commentary="")

        if rating == Rating.BLUE:
            if previous != Rating.BLUE:
                parts += ["Completed.", note, f"Evidence: {spec.evidence}."]
            else:
                parts += [STILL_COMPLETE[month % len(STILL_COMPLETE)], note]
        elif rating == Rating.GREEN:
            if previous in (Rating.AMBER, Rating.RED):
                parts.append("Back on track.")
            parts.append(note or GREEN_NOTES[(month + position) % len(GREEN_NOTES)])
        else:
            if month >= MARCH and spec.covid:
                reason, fact = SlippageReason.EXTERNAL, spec.covid
            elif spec.slip:
                reason, fact = spec.slip
            else:  # pragma: no cover - _check_content() reports this first
                raise ValueError(f"{spec.ref}: {rating.label} in month {month} needs a reason")

            # Revised due date: later than the original, never moved earlier, pushed out
            # three months more the first time Covid-19 is the reason. Slippage more than
            # six months before the due date is absorbed: the date stands.
            at_risk = revised is not None or original_due - effective < DUE_AT_RISK
            if reason == SlippageReason.EXTERNAL and not covid_applied:
                base = max(d for d in (revised, original_due, effective) if d)
                candidate = _months_after(base, 3)
                covid_applied = True
            elif revised is None:
                candidate = _months_after(original_due, 3) if at_risk else None
            else:
                candidate = revised
            if candidate is not None and candidate <= effective:
                candidate = _months_after(effective, 3)
            changed_date = candidate is not None and candidate != revised
            if candidate is not None:
                revised = max(revised or candidate, candidate)

            colour = rating.colour
            if previous is None:
                opening = f"{colour} at baseline: {fact}."
            elif previous == Rating.GREEN:
                opening = f"Moved to {colour}: {fact}."
            elif previous == Rating.AMBER and rating == Rating.RED:
                opening = f"Now Red: {fact}."
            elif previous == Rating.RED and rating == Rating.AMBER:
                opening = f"Improved to Amber but still behind: {fact}."
            elif reason != last_reason:
                opening = f"Still {colour}, and now {fact}."
            elif note and month - fact_stated_at < 2:
                covid = reason == SlippageReason.EXTERNAL
                pool = (STILL_SHORT_COVID if covid else STILL_SHORT)[rating]
                opening = pool[(month + position) % len(pool)]
            else:
                pool = STILL[rating]
                opening = pool[(month + position) % len(pool)].format(fact)
            if fact in opening:
                fact_stated_at = month
            parts += [opening, note]
            if changed_date:
                parts.append(f"Revised due date {_long_date(revised)}.")
            entry.slippage_reason = reason
            entry.revised_due_date = revised
            last_reason = reason

        entry.commentary = " ".join(part for part in parts if part)
        entries.append(entry)
        previous = rating
    return entries


def _check_content() -> None:
    """Fail loudly if the demo data contradicts itself (cheap; runs on every load)."""
    problems = []
    sections = {str(number) for number, _title, _lead in SECTIONS}
    refs = {ref for ref, _text in RECOMMENDATIONS}
    usernames = {user.username for user in DEMO_USERS}
    seen = set()
    for spec in ACTIONS:
        if spec.ref in seen:
            problems.append(f"{spec.ref} appears twice")
        seen.add(spec.ref)
        if spec.ref.split(".")[0] not in sections:
            problems.append(f"{spec.ref} has no section")
        if len(spec.path) != len(MONTHS) or set(spec.path) - set(LETTERS):
            problems.append(f"{spec.ref} needs one of B/G/A/R for each of {len(MONTHS)} months")
        if not spec.recs or set(spec.recs) - refs:
            problems.append(f"{spec.ref} must answer known recommendations")
        if spec.lead not in usernames:
            problems.append(f"{spec.ref} is led by an unknown user")
        if set(spec.notes) - set(MONTH_KEYS):
            problems.append(f"{spec.ref} has notes for unknown months")
        if "B" in spec.path:
            if set(spec.path[spec.path.index("B") :]) != {"B"}:
                problems.append(f"{spec.ref} goes Blue and back")
            if not spec.evidence:
                problems.append(f"{spec.ref} is completed without evidence")
        for month, letter in enumerate(spec.path):
            if letter in "AR" and not spec.slip and not (month >= MARCH and spec.covid):
                problems.append(f"{spec.ref} has no reason for slipping in {MONTH_KEYS[month]}")
    if unused := refs - {rec for spec in ACTIONS for rec in spec.recs}:
        problems.append(f"recommendations without actions: {sorted(unused)}")
    if problems:
        raise ValueError("The demo content is inconsistent: " + "; ".join(problems))


# --- Loading ------------------------------------------------------------------------


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _recorded_at(day: datetime.date, position: int) -> datetime.datetime:
    minutes = (position * 37) % 420
    return datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON) + (
        datetime.timedelta(minutes=minutes)
    )


def demo_users() -> dict:
    """Get or create the demo users, each in their role group. Returns them by username."""
    User = get_user_model()
    users = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": spec.email,
                "job_title": spec.job_title,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        group, _ = Group.objects.get_or_create(name=spec.role.value)
        user.groups.add(group)
        users[spec.username] = user
    return users


class DemoPaperError(Exception):
    """The demo's final Board paper could not be built."""


def demo_final_paper_build(plan: Plan, *, stdout=None) -> None:
    """Build the final Board paper's PDF of a loaded demo, if it has none yet. Run outside
    the data's transaction, as a PDF build runs in real use."""
    try:
        board_report_demo_final_pdf(plan, stdout=stdout)
    except ReportError as error:
        raise DemoPaperError(str(error)) from error


def demo_load(*, stdout=None) -> Plan:
    """Load the demo plan with its history; if it is already there, change nothing."""
    _check_content()
    with transaction.atomic():
        existing = Plan.objects.filter(slug=PLAN_SLUG).first()
        if existing is not None:
            # A demo loaded before plans had indicators or Board papers gets them now; else
            # nothing changes.
            added_indicators = indicators_demo_load(existing, stdout=stdout)
            added_board_papers = board_reports_demo_load(existing, stdout=stdout)
            if not (added_indicators or added_board_papers):
                _say(
                    stdout,
                    f"The demo is already loaded: plan '{existing.slug}'. Its data is unchanged.",
                )
            return existing

        users = demo_users()
        organisation, _ = Organisation.objects.get_or_create(
            name=PLAN["organisation"], defaults={"slug": slugify(PLAN["organisation"])}
        )
        plan = Plan(**(PLAN | {"organisation": organisation}))
        plan.full_clean()
        plan.save()
        plan.members.set(users.values())

        sections = {}
        for number, title, lead in SECTIONS:
            sections[str(number)] = Section.objects.create(
                plan=plan, number=number, title=title, lead=users[lead]
            )
        recommendations = {
            reference: Recommendation.objects.create(plan=plan, reference=reference, text=text)
            for reference, text in RECOMMENDATIONS
        }

        n_updates = n_evidence = n_signed_off = 0
        for position, spec in enumerate(ACTIONS):
            lead = users[spec.lead]
            # Nobody signs off their own completion.
            signer = users["manager"] if spec.lead != "manager" else users["improvement"]
            original_due = _original_due(spec)
            action = Action(
                plan=plan,
                section=sections[spec.ref.split(".")[0]],
                reference=spec.ref,
                title=spec.title,
                description=spec.description,
                success_measures=spec.impact,
                lead=lead,
                partners=spec.partners,
                added_on=PLAN_START,
                start_date=_month_start(spec.start),
                original_due_date=original_due,
                current_due_date=original_due,
            )
            action.full_clean()
            action.save()
            action.recommendations.set([recommendations[ref] for ref in spec.recs])

            evidence_added = False
            for entry in action_history(spec, position):
                # The lead proposes completion; it counts once a plan manager signs it off.
                completing = entry.rating == Rating.BLUE and not evidence_added
                if completing:
                    # Attached the morning the completion is reported, before the update.
                    day = entry.effective_date
                    Evidence.objects.create(
                        action=action,
                        title=spec.evidence,
                        url=f"https://example.org/evidence/{slugify(spec.evidence)}",
                        added_by=lead,
                        added_at=datetime.datetime(
                            day.year, day.month, day.day, 8, 30, tzinfo=LONDON
                        ),
                    )
                    n_evidence += 1
                    evidence_added = True
                action_update_record(
                    action=action,
                    author=lead,
                    effective_date=entry.effective_date,
                    rating=entry.rating,
                    commentary=entry.commentary,
                    revised_due_date=entry.revised_due_date,
                    slippage_reason=entry.slippage_reason,
                    kind=(
                        ActionUpdate.Kind.COMPLETION_PROPOSED
                        if completing
                        else ActionUpdate.Kind.PROGRESS
                    ),
                    recorded_at=_recorded_at(entry.effective_date, position),
                )
                n_updates += 1
                if completing:
                    # Signed off the afternoon of the same day, so every month-end count
                    # (and the Board's table of 23 April 2020) is what the report shows.
                    day = entry.effective_date
                    action_update_record(
                        action=action,
                        author=signer,
                        effective_date=day,
                        rating=Rating.BLUE,
                        commentary=f"Completion signed off against the evidence: {spec.evidence}.",
                        kind=ActionUpdate.Kind.SIGNED_OFF,
                        recorded_at=datetime.datetime(
                            day.year, day.month, day.day, 16, 30, tzinfo=LONDON
                        ),
                    )
                    n_signed_off += 1

        _say(
            stdout,
            f"Loaded '{plan.title}' ({plan.organisation}): {len(sections)} sections, "
            f"{len(recommendations)} recommendations, {len(ACTIONS)} actions, "
            f"{n_updates} updates, {n_evidence} evidence links, "
            f"{n_signed_off} completions signed off.",
        )
        indicators_demo_load(plan, stdout=stdout)
        board_reports_demo_load(plan, stdout=stdout)
        return plan
