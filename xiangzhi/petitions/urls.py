from django.urls import path

from . import centre_views, enforcement_views, special_views, views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="petition_list"),
    path("new/", views.petition_register, name="petition_register"),
    path("<int:pk>/", views.petition_detail, name="petition_detail"),
    path("<int:pk>/steps/<str:step>/", views.petition_step, name="petition_step"),
    path("special/", special_views.special_list, name="special_list"),
    path("special/new/", special_views.special_register, name="special_register"),
    path("special/access/", special_views.registry_access, name="registry_access"),
    path("special/<int:pk>/", special_views.special_detail, name="special_detail"),
    path("certificates/", enforcement_views.certificates, name="certificates"),
    path("officers/new/", enforcement_views.officer_add, name="officer_add"),
    path("officers/<int:pk>/", enforcement_views.officer_detail, name="officer_detail"),
    path("officers/<int:pk>/<str:step>/", enforcement_views.officer_step, name="officer_step"),
    path("centres/", centre_views.centres, name="centres"),
    path("centres/new/", centre_views.centre_register, name="centre_register"),
    path("centres/<int:pk>/standardisation/", centre_views.centre_standardisation, name="centre_standardisation"),
]
