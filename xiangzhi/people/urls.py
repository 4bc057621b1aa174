from django.urls import include, path

from . import views

app_name = "people"
urlpatterns = [
    path("transfers/", include("xiangzhi.people.transfer_urls")),
    path("organisations/", include("xiangzhi.people.organisation_urls")),
]
