from django.urls import path

from plans.addresses import moved_object_page, moved_plan_page

from . import assurance_views, board_access, board_views, oversight_views, views

app_name = "reports"
PLAN = "plans/<slug:plan_slug>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("oversight/", oversight_views.oversight, name="oversight"),
    path(PLAN, views.dashboard, name="dashboard"),
    path(PLAN + "sections/<int:pk>/", views.section_detail, name="section"),
    path(PLAN + "actions/", views.all_actions, name="all_actions"),
    path(PLAN + "recommendations/", views.recommendations, name="recommendations"),
    # External assurance: events and their findings (assurance_views.py).
    path(PLAN + "assurance/", assurance_views.calendar, name="assurance"),
    path(PLAN + "assurance/new/", assurance_views.event_new, name="assurance_event_new"),
    path(PLAN + "assurance/<int:pk>/", assurance_views.event_detail, name="assurance_event"),
    path(
        PLAN + "assurance/<int:pk>/edit/",
        assurance_views.event_edit,
        name="assurance_event_edit",
    ),
    path(
        PLAN + "assurance/<int:pk>/findings/new/",
        assurance_views.finding_new,
        name="assurance_finding_new",
    ),
    path(
        PLAN + "assurance/findings/<int:pk>/edit/",
        assurance_views.finding_edit,
        name="assurance_finding_edit",
    ),
    # Board meetings, reports and their PDFs (board_views.py).
    path(PLAN + "board-reports/", board_views.report_list, name="report_list"),
    path(
        PLAN + "board-reports/meetings/add/",
        board_views.meeting_create,
        name="board_meeting_add",
    ),
    path(PLAN + "board-reports/new/", board_views.report_create, name="board_report_add"),
    path(PLAN + "board-reports/<int:pk>/", board_views.report_detail, name="board_report"),
    path(PLAN + "board-reports/<int:pk>/edit/", board_views.report_edit, name="board_report_edit"),
    path(
        PLAN + "board-reports/<int:pk>/finalise/",
        board_views.report_finalise,
        name="board_report_finalise",
    ),
    path(
        PLAN + "board-reports/<int:pk>/export/",
        board_views.report_export,
        name="board_report_export",
    ),
    path(PLAN + "board-reports/<int:pk>/word/", board_views.report_word, name="board_report_word"),
    path(PLAN + "board-reports/<int:pk>/logo/", board_views.report_logo, name="board_report_logo"),
    path(PLAN + "board-reports/pdfs/<int:pk>/", board_views.pdf_build_detail, name="pdf_build"),
    path(
        PLAN + "board-reports/pdfs/<int:pk>/download/",
        board_views.pdf_build_download,
        name="pdf_build_download",
    ),
    # Old addresses (plans/addresses.py).
    path("all-actions/", moved_plan_page("reports:all_actions"), name="old_all_actions"),
    path(
        "recommendations/", moved_plan_page("reports:recommendations"), name="old_recommendations"
    ),
    path("board-reports/", moved_plan_page("reports:report_list"), name="old_report_list"),
    path(
        "board-reports/new/",
        moved_plan_page("reports:board_report_add"),
        name="old_board_report_add",
    ),
    path(
        "board-reports/meetings/add/",
        moved_plan_page("reports:board_meeting_add"),
        name="old_board_meeting_add",
    ),
    path(
        "sections/<int:pk>/",
        moved_object_page("reports:section", views.plan_slug_of_section),
        name="old_section",
    ),
    path(
        "board-reports/<int:pk>/",
        moved_object_page("reports:board_report", board_access.plan_slug_of_report),
        name="old_board_report",
    ),
    path(
        "board-reports/pdfs/<int:pk>/",
        moved_object_page("reports:pdf_build", board_access.plan_slug_of_build),
        name="old_pdf_build",
    ),
]
