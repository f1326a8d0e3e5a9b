from django.urls import path

from . import board_views, views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sections/<int:pk>/", views.section_detail, name="section"),
    path("all-actions/", views.all_actions, name="all_actions"),
    path("recommendations/", views.recommendations, name="recommendations"),
    # Board meetings, reports and their PDFs (board_views.py).
    path("board-reports/", board_views.report_list, name="report_list"),
    path("board-reports/meetings/add/", board_views.meeting_create, name="board_meeting_add"),
    path("board-reports/new/", board_views.report_create, name="board_report_add"),
    path("board-reports/<int:pk>/", board_views.report_detail, name="board_report"),
    path("board-reports/<int:pk>/edit/", board_views.report_edit, name="board_report_edit"),
    path(
        "board-reports/<int:pk>/finalise/",
        board_views.report_finalise,
        name="board_report_finalise",
    ),
    path("board-reports/<int:pk>/export/", board_views.report_export, name="board_report_export"),
    path("board-reports/<int:pk>/word/", board_views.report_word, name="board_report_word"),
    path("board-reports/<int:pk>/logo/", board_views.report_logo, name="board_report_logo"),
    path("board-reports/pdfs/<int:pk>/", board_views.pdf_build_detail, name="pdf_build"),
    path(
        "board-reports/pdfs/<int:pk>/download/",
        board_views.pdf_build_download,
        name="pdf_build_download",
    ),
]
