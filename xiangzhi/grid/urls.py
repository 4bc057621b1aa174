from django.urls import include, path

app_name = "grid"
urlpatterns = [
    path("", include("xiangzhi.grid.events_urls")),
    path("", include("xiangzhi.grid.visits_urls")),
    path("config/", include("xiangzhi.grid.config_urls")),
]
