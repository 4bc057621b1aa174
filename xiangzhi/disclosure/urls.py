from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.disclosure_list, name="list"),
    path("new/", views.disclosure_create, name="create"),
    path("calendar/", views.village_calendar, name="calendar"),
    path("compliance/", views.compliance_page, name="compliance"),
    path("catalogue/", views.catalogue_page, name="catalogue"),
    path("catalogue/add/", views.catalogue_add, name="catalogue_add"),
    path("catalogue/answer-days/", views.answer_days, name="answer_days"),
    path("catalogue/<int:pk>/", views.catalogue_edit, name="catalogue_edit"),
    path("questions/<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/", views.disclosure_detail, name="detail"),
    path("<int:pk>/edit/", views.disclosure_edit, name="edit"),
    path("<int:pk>/correct/", views.disclosure_correct, name="correct"),
    path("<int:pk>/ask/", views.ask, name="ask"),
    path("<int:pk>/<slug:step>/", views.disclosure_step, name="step"),
]
