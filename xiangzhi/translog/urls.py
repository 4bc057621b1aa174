from django.urls import path

from . import views

app_name = "translog"
urlpatterns = [
    path("", views.index, name="index"),
    path("entries/<int:index>/", views.entry, name="entry"),
    path("entries/<int:index>/bundle.json", views.entry_bundle, name="entry_bundle"),
]
