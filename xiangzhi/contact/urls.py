from django.urls import path

from . import views, whistle_views

app_name = "contact"
urlpatterns = [
    path("", views.home, name="home"),
    path("assignments/", views.assignment_list, name="assignments"),
    path("assignments/new/", views.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("problems/", views.problem_list, name="problems"),
    path("problems/<int:pk>/solve/", views.problem_solve, name="problem_solve"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/unvisited/", views.unvisited, name="unvisited"),
    path("whistles/", whistle_views.board, name="whistles"),
    path("whistles/new/", whistle_views.whistle_create, name="whistle_create"),
    path("whistles/<int:pk>/", whistle_views.whistle_detail, name="whistle_detail"),
    path("whistles/<int:pk>/calls/<int:call_pk>/report/", whistle_views.call_report, name="call_report"),
    path("whistles/<int:pk>/calls/<int:call_pk>/act/", whistle_views.call_act, name="call_act"),
    path("whistles/<int:pk>/close/", whistle_views.whistle_close, name="whistle_close"),
]
