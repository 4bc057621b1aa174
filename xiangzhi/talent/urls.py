from django.urls import path

from . import views

app_name = "talent"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("v/<str:code>/", views.village, name="village"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/logs/", views.assignment_log, name="assignment_log"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("mine/", views.mine, name="mine"),
    path("target/", views.pool_target, name="pool_target"),
]
