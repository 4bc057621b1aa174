from django.urls import path

from . import views

app_name = "children"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("directors/<str:code>/", views.directors, name="directors"),
    path("directors/end/<int:pk>/", views.director_end, name="director_end"),
    path("v/<str:code>/", views.village, name="village"),
    path("v/<str:code>/open/", views.open_case, name="open_case"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/update/", views.case_update, name="case_update"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/visits/", views.visit_add, name="visit_add"),
]
