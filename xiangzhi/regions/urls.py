from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("designations/", views.designations, name="designations"),
    path("designations/<int:pk>/revoke/", views.revoke, name="revoke_designation"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/subunits/", views.add_subunit, name="add_subunit"),
    path("<str:code>/rename/", views.rename, name="rename"),
]
