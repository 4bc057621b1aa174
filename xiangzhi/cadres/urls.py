from django.urls import path

from . import views

app_name = "cadres"
urlpatterns = [
    path("", views.trainings, name="trainings"),
    path("trainings/new/", views.training_new, name="training_new"),
    path("trainings/<int:pk>/", views.training_detail, name="training_detail"),
    path("trainings/<int:pk>/attendance/", views.training_attendance, name="training_attendance"),
    path("coverage/", views.coverage, name="coverage"),
    path("pay/", views.pay, name="pay"),
    path("pay/standards/", views.pay_standards, name="pay_standards"),
    path("pay/calculate/", views.pay_calculate, name="pay_calculate"),
    path("pay/<int:pk>/", views.calculation_detail, name="calculation"),
    path("mine/", views.mine, name="mine"),
]
