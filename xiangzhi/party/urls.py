from django.urls import path

from . import views

app_name = "party"
urlpatterns = [
    path("", views.organisation_tree, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/dissolve/", views.organisation_dissolve, name="organisation_dissolve"),
    path("members/", views.member_list, name="member_list"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/transfer/", views.member_transfer, name="member_transfer"),
    path("members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("links/", views.coverage, name="coverage"),
    path("links/<str:code>/", views.coverage_village, name="coverage_village"),
    path("links/<str:code>/new/", views.link_create, name="link_create"),
    path("links/end/<int:pk>/", views.link_end, name="link_end"),
]
