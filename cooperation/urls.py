from django.urls import path

from cooperation import campaign_views, views

app_name = "cooperation"

urlpatterns = [
    path("meetings/", views.meeting_list_view, name="meeting-list"),
    path("meetings/new/", views.meeting_form_view, name="meeting-create"),
    path("meetings/rotation/", views.rotation_view, name="rotation"),
    path("meetings/rotation/swap/", views.rotation_swap_view, name="rotation-swap"),
    path("meetings/feed/", views.feed_view, name="feed"),
    path("meetings/feed/renew/", views.feed_renew_view, name="feed-renew"),
    path("meetings/feed/<str:token>.ics", views.feed_ics, name="feed-ics"),
    path("meetings/<int:pk>/", views.meeting_detail_view, name="meeting-detail"),
    path("meetings/<int:pk>.ics", views.meeting_ics, name="meeting-ics"),
    path("meetings/<int:pk>/notice.pdf", views.notice_download, name="meeting-notice"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/documents/",
        views.agenda_document_view,
        name="agenda-document-attach",
    ),
    path(
        "meetings/<int:pk>/documents/<int:document_pk>/",
        views.agenda_document_download,
        name="agenda-document",
    ),
    path("meetings/<int:pk>/edit/", views.meeting_form_view, name="meeting-edit"),
    path("meetings/<int:pk>/publish/", views.meeting_publish_view, name="meeting-publish"),
    path("meetings/<int:pk>/answer/", views.meeting_answer_view, name="meeting-answer"),
    path("meetings/<int:pk>/remind/", views.meeting_remind_view, name="meeting-remind"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes_view, name="meeting-minutes"),
    path("meetings/<int:pk>/resolutions/", views.resolution_create_view, name="resolution-create"),
    path("resolutions/<int:pk>/report/", views.resolution_report_view, name="resolution-report"),
    path("campaigns/", campaign_views.campaign_list_view, name="campaign-list"),
    path("campaigns/new/", campaign_views.campaign_form_view, name="campaign-create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail_view, name="campaign-detail"),
    path("campaigns/<int:pk>/report/", campaign_views.campaign_report_view, name="campaign-report"),
    path("symposiums/", views.symposium_list_view, name="symposium-list"),
    path("symposiums/new/", views.symposium_form_view, name="symposium-create"),
    path("symposiums/<int:pk>/", views.symposium_detail_view, name="symposium-detail"),
    path(
        "symposiums/<int:pk>/agreement/",
        views.symposium_agreement_view,
        name="symposium-agreement",
    ),
    path(
        "symposiums/<int:pk>/follow-ups/",
        views.symposium_follow_up_view,
        name="symposium-follow-up",
    ),
    path(
        "symposiums/<int:pk>/follow-ups/<int:item_pk>/done/",
        views.symposium_follow_up_done_view,
        name="symposium-follow-up-done",
    ),
    path("symposiums/<int:pk>/documents/", views.symposium_attach_view, name="symposium-attach"),
    path(
        "symposiums/<int:pk>/documents/<int:document_pk>/",
        views.symposium_document_download,
        name="symposium-document",
    ),
]
