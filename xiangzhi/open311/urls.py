from django.urls import re_path

from . import views

app_name = "open311"

# Each resource ends in ".<format>"; a service code or request id runs up to the last dot.
FORMAT = r"\.(?P<fmt>[^./]+)$"

urlpatterns = [
    re_path(r"^$", views.root, name="root"),
    re_path(r"^discovery" + FORMAT, views.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, views.services, name="services"),
    re_path(r"^services/(?P<service_code>[^/]+)" + FORMAT, views.service_definition, name="service_definition"),
    re_path(r"^requests" + FORMAT, views.service_requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]+)" + FORMAT, views.service_request, name="request"),
    re_path(r"^tokens/(?P<token>[^/]+)" + FORMAT, views.token, name="token"),
    re_path(r"^(?P<path>.+)$", views.not_found),
]
