from django.urls import path

from . import views

app_name = "vetting"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/township/", views.candidate_township, name="candidate_township"),
    path("candidates/<int:pk>/result/", views.candidate_result, name="candidate_result"),
    path("filings/", views.filing_list, name="filing_list"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("removals/", views.removal_list, name="removal_list"),
    path("removals/<int:pk>/", views.removal_detail, name="removal_detail"),
    path("appoint/", views.appoint, name="appoint"),
]
