from django.urls import path

from . import organisation_views as views

# Included under the "people" namespace at /people/organisations/.
urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/residents/", views.resident_options, name="organisation_resident_options"),
    path("<int:pk>/members/", views.add_member, name="organisation_add_member"),
    path("<int:pk>/members/<int:membership_id>/end/", views.end_membership, name="organisation_end_membership"),
    path("<int:pk>/dissolve/", views.dissolve, name="organisation_dissolve"),
]
