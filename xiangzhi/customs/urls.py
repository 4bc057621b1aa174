from django.urls import path

from . import views

app_name = "customs"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("statistics/", views.statistics, name="statistics"),
    path("standards/", views.standards, name="standards"),
    path("declarations/", views.declaration_list, name="declaration_list"),
    path("declarations/new/", views.declaration_create, name="declaration_create"),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration_detail"),
    path("volunteer/", views.activity_list, name="activity_list"),
    path("volunteer/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("volunteer/<int:pk>/signup/", views.activity_sign_up, name="activity_sign_up"),
    path("volunteer/signups/<int:pk>/verify/", views.signup_verify, name="signup_verify"),
    path("culture/", views.culture, name="culture"),
]
