"""The project's URLs plus the bare view the resident list is compared with."""

from django.urls import path

from xiangzhi.urls import urlpatterns as project_urlpatterns

from .bare import bare_rows

urlpatterns = [path("bench/bare/", bare_rows, name="bench_bare"), *project_urlpatterns]
