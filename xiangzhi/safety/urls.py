from django.urls import path

from . import views

app_name = "safety"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("statistics/", views.statistics_entry, name="statistics"),
    path("statistics/import/", views.statistics_import, name="statistics_import"),
    path("statistics/<str:code>/<int:year>/", views.statistics_history, name="statistics_history"),
    path("definition/", views.definition, name="definition"),
    path("definition/criteria/", views.criteria, name="criteria"),
    path("democracy/", views.application_list, name="application_list"),
    path("democracy/apply/", views.application_create, name="application_create"),
    path("democracy/<int:pk>/", views.application_detail, name="application_detail"),
    path("democracy/<int:pk>/review/", views.application_review, name="application_review"),
    path("democracy/<int:pk>/grant/", views.application_grant, name="application_grant"),
    path("democracy/<int:pk>/revoke/", views.application_revoke, name="application_revoke"),
]
