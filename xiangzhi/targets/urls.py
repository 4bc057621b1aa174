from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.home, name="home"),
    path("<str:code>/", views.unit, name="unit"),
    path("<str:code>/report/", views.report, name="report"),
    path("<str:code>/<str:key>/", views.target, name="target"),
]
