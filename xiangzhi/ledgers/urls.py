from django.urls import path

from . import views

app_name = "ledgers"
urlpatterns = [
    path("", views.home, name="home"),
    path("<str:code>/", views.unit, name="unit"),
    path("<str:code>/<str:key>.xlsx", views.download, name="download"),
]
