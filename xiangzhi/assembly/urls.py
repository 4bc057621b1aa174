from django.urls import path

from . import views

app_name = "assembly"
urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/sign-in/", views.sign_in, name="sign_in"),
    path("meetings/<int:pk>/counts/", views.counts, name="counts"),
    path("meetings/<int:pk>/vote/", views.vote, name="vote"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/motions/", views.motion_open, name="motion_open"),
    path("motions/<int:pk>/ballots/", views.motion_ballots, name="motion_ballots"),
    path("motions/<int:pk>/close/", views.motion_close, name="motion_close"),
    path("rosters/", views.roster, name="roster"),
    path("rules/", views.rules, name="rules"),
    path("convening/", views.convening_list, name="convening_list"),
    path("convening/<int:pk>/", views.convening_detail, name="convening"),
]
