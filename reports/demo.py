"""Demo Board meetings and reports for the demo plan (``improvement_board.demo``).

The monthly Improvement Board meetings from November 2019 to April 2020, and the
"Improvement Plan Progress Update" presented on 23 April 2020, whose narrative follows
the real report (``/work/shared/reference``), lightly edited. It is final, as the paper
the Board received; a draft Director's monthly report for the same meeting is there to
try editing. Fixed data: the same text and dates on every load.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from plans.models import Plan

from .models import BoardMeeting, BoardReport, PdfBuild
from .report_content import ReportError
from .services import final_pdf, pdf_build_run

LONDON = ZoneInfo("Europe/London")
# The demo plan's slug (improvement_board.demo loads the plan itself).
DEMO_PLAN_SLUG = "medway-improvement-plan"
BOARD_DATE = datetime.date(2020, 4, 23)
PREVIOUS_BOARD = datetime.date(2020, 3, 19)

MEETING_DATES = [
    datetime.date(2019, 11, 21),
    datetime.date(2019, 12, 19),
    datetime.date(2020, 1, 23),
    datetime.date(2020, 2, 20),
    PREVIOUS_BOARD,
    BOARD_DATE,
]

AUTHORS = (
    "Jean Imray, Assistant Director\nSue Brunton-Reed, Head of Special Projects and Improvement"
)
RUNNING_HEADER = "Medway Council Children's Services"

SUMMARY = """\
The purpose of this report is to give the Improvement Board a progress update on the \
actions in the Improvement Plan dated October 2019. The Director's Report has given the \
Board a monthly summary of activity in each section of the plan, but it was agreed that a \
more detailed report would be shared with the Board every six months. The report also \
suggests next steps for updating the Plan."""

INTRODUCTION = """\
The Improvement Plan of October 2019 was developed in response to the Ofsted inspection \
report published on 27 August 2019. The inspection found that services to help and \
protect children were inadequate.

The Plan was shared with the Improvement Board in October 2019 and submitted to Ofsted in \
November. The Director of Children and Adult Services has reported progress against the \
sections of the plan to the Board each month, in line with the Statutory Direction issued \
to Medway Council by the Secretary of State. The full plan has also been available to \
Board Members every month."""

PROGRESS = """\
The current plan was developed so that each recommendation in the Ofsted report was \
addressed. Many of the actions relate to processes put in place to support service \
improvement. Their timescales were set to show the pace of activity over the first six \
months. An interim Assistant Director with extensive experience of supporting \
authorities in intervention was in post by mid-October, after the plan had been drafted.

In response to the Ofsted findings, a peer review, the observations of the Children's \
Commissioner and feedback from staff, the Director and the new Assistant Director agreed \
that priority should go to **realigning the service**, as one of the key building blocks \
of longer-term, sustainable improvement: teams big enough to be sustainable, the right \
span of control for each team manager, stronger management oversight backed by a robust \
senior management structure, and a specialist focus so that urgent court work and work \
with children in care no longer compete.

Service redesign takes time: staff must be fully consulted, and children's cases must \
move to the right part of the new system while families keep a continuous service. Four \
months from early November to reposition 150 staff and reallocate 1,408 cases is \
arguably the fastest it could safely have been done. Staff numbers were modelled against \
target caseloads, every permanent member of staff had their first choice of team, \
additional investment was secured and the establishment has been aligned with the \
staffing budget.

As a result, caseloads have fallen and are less complex in their competing demands:

- in the assessment teams the largest caseload was 46 in March 2019; in March 2020 it \
was 34, with an average of 20;
- in the post-assessment teams the largest caseload was 37 in March 2019; in March 2020 \
it was 23, with an average of 19.3.

A small number of posts remain to be filled. With the Early Help offer strengthened, the \
Edge of Care Team in place and the Adolescent team developing, caseloads will fall \
further.

Two new services have been established: a **16 plus team** for young people moving to \
Leaving Care, focused on education, employment, training and accommodation; and an \
**Adolescent Service** for prevention and intervention with young people on the edge of \
care or facing exploitation, exclusion, criminality, mental health or serious substance \
misuse issues, working across Tiers 3 and 4 of the threshold matrix. We have also \
commissioned a specialist Edge of Care service, working with 41 young people at risk of \
family breakdown; ten of them are already in care, and the service is working with them \
and their families so that they can safely return home.

Alongside the realignment, Heads of Service have detailed project and service plans for \
all their areas. That work flows from the Improvement Plan, but the Plan does not show its \
detail, so much of it is "invisible" to the Board. Four examples follow.

(i) **Early Help development.** After monthly staff engagement events since November and \
the Essex diagnostic in January, the Early Help service is being redesigned to target \
help at Tier 3, as in the Essex model. New job descriptions are being evaluated, \
consultation dates were set and interviews are planned from 4 May 2020. The first \
practice development manager took up post on 16 April 2020, and recruitment is under way \
for an Early Help Hub within the front door, planned to start in early May, so that \
families who need targeted help get it without delay.
(ii) **Corporate Parenting.** A new Head of Corporate Parenting took up post in January \
2020 and the service launched in March, focused solely on children in care and care \
leavers. Permanence plans are moving faster, statutory visits were at 90% in timescale \
before Covid-19, and the Leaving Care service has more Personal Advisers. The Elaine \
Centre is now a dedicated centre for care leavers, and the council has committed to pay \
care leavers' council tax and to create a corporate "bank of mum and dad".
(iii) **Children in Need and Child Protection.** A robust process now tracks every child \
in the Public Law Outline. 74 children are subject to an Interim Care Order, compared \
with 44 a year ago, as a result of increased grip and management oversight. A solicitor \
is embedded as a case progression officer, and the Family Group Conference service has \
moved into Children's Social Work Services.
(iv) **Quality Assurance and Performance.** The QA Framework has been relaunched with a \
new audit tool. External auditors have carried out safety checks on cohorts of children \
on child protection plans and recently stepped down to CIN plans; over 400 cases have \
been audited since November 2019. A new QA Manager is in post, the Performance Dashboard \
now carries commentary, and Performance Clinics chaired by the Assistant Director go down \
to individual cases.

Every Head of Service has a service plan against which progress is measured; these are \
available to the Board on request."""

ISSUES = """\
There has been considerable progress in responding to the inspection, but several \
factors have delayed the progress we expected to make in the first six months:

(i) **Partner in Practice.** Essex are now confirmed as our Partner in Practice, but only \
after a false start with Ealing and Oxfordshire, who both withdrew for different \
reasons. Essex have already completed diagnostic work on Early Help and Assessment and \
will work with us over the coming year.
(ii) **Leadership Improvement Partner.** Bracknell Forest have also had delays, but the \
initial diagnostic, done with the Commissioner, Eleanor Brazil, identified priorities for \
strategic leadership development over the next four months, which need to be fully \
embedded in the plan.
(iii) **Covid-19.** Like all children's services, Medway has been substantially affected \
by the pandemic, which has shifted all our priorities. For example:
  a. the priority has been to identify risk and keep seeing and monitoring the children \
of greatest concern within the government's guidance; comprehensive operating procedures \
are in place;
  b. the multi-agency Early Help workshop planned with Essex for 23 April 2020 has been \
postponed;
  c. the planned revisit of the Leaving Care service by the National Implementation \
Adviser for Care Leavers has been postponed;
  d. building works at the Elaine Centre and the Sunlight Contact Centre have been \
delayed;
  e. the Ofsted monitoring visit planned for 18 and 19 March 2020 was postponed two days \
before inspectors were due, a real disappointment for staff who wanted to show the \
improvements in their recent work.

These restrictions may require some changes to actions, but the overall impact on \
service improvement must be maintained."""

FUTURE_REVISIONS = """\
Once the decision to realign was taken, the Plan should have been redrafted to reflect \
the sequential nature of Medway's improvement journey: some processes in the plan could \
not be delivered until the new structure was embedded and the staff group stabilised. \
Significant decisions have also changed some actions, including the adoption of **Signs \
of Safety** as the practice framework; training has begun, with a revised virtual \
programme because of Covid-19.

The Adolescent Service needs partner engagement so that its offer is integrated across \
health, education and the police, underpinned by a shared strategy for young people at \
risk of exploitation. The 16 plus and Leaving Care service needs a clearly stated \
whole-council and partnership approach. Several actions need an analysis of impact from \
the Strategic Safeguarding Partnership.

In summary, the Plan must be adapted to reflect the foundations laid and the progress \
made, engage partners fully, define the contribution of the corporate centre and restate \
the basic improvements in core practice that are still urgently required. Each lead will \
develop implementation plans with their partners and report any exception or slippage to \
the Board."""

NEXT_STEPS = """\
A permanent management team is now in post, with the realigned service in place and a \
new Assistant Director starting in May 2020. Our Partners in Practice, Essex and \
Bracknell Forest, have completed diagnostic work, and funding is available for the work \
to continue through 2020–21. Signs of Safety training has been commissioned and the new \
recording system, Mosaic, goes live in May 2020.

The first Ofsted monitoring visit did not take place in March and it is not yet clear \
when it will be rescheduled, but the impetus to improve practice remains. The Board has \
been refreshed, with a new Chair and new members.

This is therefore the right time to refresh and rewrite the Improvement Plan, drawing on \
the lessons of the first six months and the advice of Essex, Bracknell Forest and the \
Commissioner. The structure of the Plan remains relevant, but its actions need review to \
take the service forward over the next twelve months, keep the work already under way \
and set achievable timescales for sustainable improvement."""

RECOMMENDATIONS = """\
note the progress made in improving the quality and effectiveness of services in the \
first six months since the Plan was agreed;
acknowledge the key issues that have hindered progress;
agree the proposal to review, refresh and update the Plan;
place the revised Plan on the agenda for approval at the May Improvement Board."""

MONTHLY_SUMMARY = """\
April's updates show the first completions from the realigned service and the first \
effects of Covid-19. Where Covid-19 has stopped face-to-face work, leads have said so \
and given revised dates; the exceptions below list them."""


def demo_best_seen_as_at(plan: Plan, day: datetime.date) -> datetime.date | None:
    """The day the demo plan is best seen as at, when the page shows it at a later day.

    Its history ends with the Board of 23 April 2020, so as at any later day every
    unfinished action looks overdue and in need of an update.
    """
    return BOARD_DATE if plan.slug == DEMO_PLAN_SLUG and day > BOARD_DATE else None


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def board_reports_demo_load(plan: Plan, *, stdout=None) -> bool:
    """Add the demo's Board meetings and reports if they are missing. True if it added any."""
    manager = get_user_model().objects.filter(username="manager").first()
    if manager is None:
        return False
    added = 0
    meetings = {}
    for day in MEETING_DATES:
        meetings[day], created = BoardMeeting.objects.get_or_create(
            plan=plan, date=day, defaults={"title": "Improvement Board"}
        )
        added += created
    board = meetings[BOARD_DATE]
    if not BoardReport.objects.filter(meeting=board, kind=BoardReport.Kind.PROGRESS).exists():
        BoardReport.objects.create(
            meeting=board,
            kind=BoardReport.Kind.PROGRESS,
            title="Improvement Plan Progress Update",
            as_at=BOARD_DATE,
            period_start=PREVIOUS_BOARD,
            authors=AUTHORS,
            running_header=RUNNING_HEADER,
            include_appendix=True,
            status=BoardReport.Status.FINAL,
            summary=SUMMARY,
            introduction=INTRODUCTION,
            progress=PROGRESS,
            issues=ISSUES,
            future_revisions=FUTURE_REVISIONS,
            next_steps=NEXT_STEPS,
            recommendations=RECOMMENDATIONS,
            created_by=manager,
            created_at=_at(datetime.date(2020, 4, 6), 9),
            updated_at=_at(datetime.date(2020, 4, 15), 17),
            finalised_by=manager,
            # Made final (and its PDF built) the morning of the meeting: its figures are
            # as at that day, so no earlier build could hold them.
            finalised_at=_at(BOARD_DATE, 8),
        )
        added += 1
    if not BoardReport.objects.filter(meeting=board, kind=BoardReport.Kind.MONTHLY).exists():
        BoardReport.objects.create(
            meeting=board,
            kind=BoardReport.Kind.MONTHLY,
            title="Director's monthly report",
            as_at=BOARD_DATE,
            period_start=PREVIOUS_BOARD,
            authors=AUTHORS.splitlines()[0],
            running_header=RUNNING_HEADER,
            include_appendix=False,
            summary=MONTHLY_SUMMARY,
            created_by=manager,
            created_at=_at(datetime.date(2020, 4, 20), 9),
            updated_at=_at(datetime.date(2020, 4, 20), 9),
        )
        added += 1
    if added and stdout is not None:
        stdout.write(
            f"Board papers: {len(MEETING_DATES)} Board meetings, the final progress update "
            f"of {BOARD_DATE:%-d %B %Y} and a draft Director's monthly report."
        )
    return bool(added)


def board_report_demo_final_pdf(plan: Plan, *, stdout=None) -> PdfBuild | None:
    """Build and keep the final progress update's PDF, as it was when the report was made
    final, if it has none yet: the demo arrives as it would be in real use. A demo whose
    final PDF is there already is left alone (the PDF of a final report never changes).
    Raises ReportError if the build fails."""
    report = (
        BoardReport.objects.filter(
            meeting__plan=plan,
            meeting__date=BOARD_DATE,
            kind=BoardReport.Kind.PROGRESS,
            status=BoardReport.Status.FINAL,
        )
        .select_related("finalised_by")
        .first()
    )
    if report is None or report.finalised_by is None or final_pdf(report) is not None:
        return None
    build = PdfBuild(
        report=report,
        requested_by=report.finalised_by,
        requested_at=report.finalised_at,
        of_final_report=True,
    )
    build.full_clean()
    build.save()
    build = pdf_build_run(build_id=build.pk)
    if build.status != PdfBuild.Status.SUCCEEDED:
        raise ReportError(f"The demo's final PDF could not be built: {build.error}")
    # Dated as the paper was: built as it was made final.
    started = report.finalised_at
    finished = started + datetime.timedelta(seconds=build.render_seconds or 0)
    PdfBuild.objects.filter(pk=build.pk).update(started_at=started, finished_at=finished)
    build.refresh_from_db()
    if stdout is not None:
        stdout.write(
            f"Built the final PDF of the progress update of {BOARD_DATE:%-d %B %Y}: "
            f"{build.page_count} pages."
        )
    return build
