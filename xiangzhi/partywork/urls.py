from django.urls import path

from . import views

app_name = "partywork"
urlpatterns = [
    path("", views.board, name="board"),
    path("mine/", views.mine, name="mine"),
    path("rules/", views.rules, name="rules"),
    path("quarter-review/", views.quarter_review, name="quarter_review"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/duties/", views.duty_assign, name="duty_assign"),
    path("members/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path("members/<int:pk>/violations/", views.violation_record, name="violation_record"),
    path("members/<int:pk>/appeals/", views.appeal_file, name="appeal_file"),
    path("members/<int:pk>/pioneer/", views.pioneer_evaluate, name="pioneer_evaluate"),
    path("duties/<int:pk>/remove/", views.duty_remove, name="duty_remove"),
    path("commitments/<int:pk>/review/", views.commitment_review, name="commitment_review"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
]
