from django.urls import path

from . import views

app_name = "socialorgs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/deregister/", views.organisation_deregister, name="deregister"),
    path("<int:pk>/activities/", views.activity_create, name="activity_create"),
    path("activities/", views.activity_list, name="activities"),
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/step/", views.project_step, name="project_step"),
    path("projects/<int:pk>/acceptance/", views.project_accept, name="project_accept"),
    path("stations/", views.stations, name="stations"),
    path("stations/new/", views.station_create, name="station_create"),
    path("stations/<int:pk>/", views.station_detail, name="station"),
    path("stations/<int:pk>/edit/", views.station_edit, name="station_edit"),
    path("stations/<int:pk>/close/", views.station_close, name="station_close"),
]
