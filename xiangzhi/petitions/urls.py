from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="petition_list"),
    path("new/", views.petition_register, name="petition_register"),
    path("<int:pk>/", views.petition_detail, name="petition_detail"),
    path("<int:pk>/steps/<str:step>/", views.petition_step, name="petition_step"),
    path("special/", views.special_list, name="special_list"),
    path("special/<int:pk>/", views.special_detail, name="special_detail"),
    path("certificates/", views.certificates, name="certificates"),
    path("centres/", views.centres, name="centres"),
]
