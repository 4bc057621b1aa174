from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("v/<str:code>/", views.village, name="village"),
    path("activities/", views.activities, name="activities"),
    path("sites/<int:pk>/photo/", views.site_photo, name="site_photo"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.ask, name="ask"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("hotline/import/", views.hotline_import, name="hotline_import"),
]
