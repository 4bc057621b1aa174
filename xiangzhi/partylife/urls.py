from django.urls import path

from . import views

app_name = "partylife"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("record/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/photos/", views.meeting_add_photos, name="meeting_add_photos"),
    path("meetings/<int:pk>/photos/<int:photo_id>/", views.meeting_photo, name="meeting_photo"),
    path("organisations/<int:pk>/", views.organisation_calendar, name="organisation_calendar"),
    path("gaps/", views.gaps, name="gaps"),
    path("schedule/", views.schedule, name="schedule"),
]
