from django.urls import path

from cooperation.calendars import views as calendars
from cooperation.campaigns import views as campaigns
from cooperation.meetings import views as meetings
from cooperation.rotation import views as rotation
from cooperation.symposiums import views as symposiums

app_name = "cooperation"

urlpatterns = [
    path("meetings/", calendars.meeting_list_view, name="meeting-list"),
    path("meetings/new/", meetings.meeting_form_view, name="meeting-create"),
    path("meetings/rotation/", rotation.rotation_view, name="rotation"),
    path("meetings/rotation/swap/", rotation.rotation_swap_view, name="rotation-swap"),
    path("meetings/feed/", calendars.feed_view, name="feed"),
    path("meetings/feed/renew/", calendars.feed_renew_view, name="feed-renew"),
    path("meetings/feed/<str:token>.ics", calendars.feed_ics, name="feed-ics"),
    path("meetings/<int:pk>/", meetings.meeting_detail_view, name="meeting-detail"),
    path("meetings/<int:pk>.ics", calendars.meeting_ics, name="meeting-ics"),
    path("meetings/<int:pk>/notice.pdf", meetings.notice_download, name="meeting-notice"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/documents/",
        meetings.agenda_document_view,
        name="agenda-document-attach",
    ),
    path(
        "meetings/<int:pk>/documents/<int:document_pk>/",
        meetings.agenda_document_download,
        name="agenda-document",
    ),
    path("meetings/<int:pk>/edit/", meetings.meeting_form_view, name="meeting-edit"),
    path("meetings/<int:pk>/publish/", meetings.meeting_publish_view, name="meeting-publish"),
    path("meetings/<int:pk>/signoff/", meetings.meeting_signoff_view, name="meeting-signoff"),
    path(
        "meetings/<int:pk>/draft-notice.pdf",
        meetings.notice_draft_download,
        name="meeting-draft-notice",
    ),
    path("meetings/<int:pk>/answer/", meetings.meeting_answer_view, name="meeting-answer"),
    path("meetings/<int:pk>/remind/", meetings.meeting_remind_view, name="meeting-remind"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes_view, name="meeting-minutes"),
    path(
        "meetings/<int:pk>/resolutions/",
        meetings.resolution_create_view,
        name="resolution-create",
    ),
    path("resolutions/<int:pk>/report/", meetings.resolution_report_view, name="resolution-report"),
    path("campaigns/", campaigns.campaign_list_view, name="campaign-list"),
    path("campaigns/new/", campaigns.campaign_form_view, name="campaign-create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail_view, name="campaign-detail"),
    path("campaigns/<int:pk>/report/", campaigns.campaign_report_view, name="campaign-report"),
    path("symposiums/", symposiums.symposium_list_view, name="symposium-list"),
    path("symposiums/new/", symposiums.symposium_form_view, name="symposium-create"),
    path("symposiums/<int:pk>/", symposiums.symposium_detail_view, name="symposium-detail"),
    path(
        "symposiums/<int:pk>/agreement/",
        symposiums.symposium_agreement_view,
        name="symposium-agreement",
    ),
    path(
        "symposiums/<int:pk>/follow-ups/",
        symposiums.symposium_follow_up_view,
        name="symposium-follow-up",
    ),
    path(
        "symposiums/<int:pk>/follow-ups/<int:item_pk>/done/",
        symposiums.symposium_follow_up_done_view,
        name="symposium-follow-up-done",
    ),
    path(
        "symposiums/<int:pk>/documents/",
        symposiums.symposium_attach_view,
        name="symposium-attach",
    ),
    path(
        "symposiums/<int:pk>/documents/<int:document_pk>/",
        symposiums.symposium_document_download,
        name="symposium-document",
    ),
]
