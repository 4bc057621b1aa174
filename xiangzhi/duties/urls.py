from django.urls import path

from . import views

app_name = "duties"
urlpatterns = [
    path("", views.task_list, name="index"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
    path("assign/", views.assign, name="assign"),
    path("lists/", views.catalogue, name="catalogue"),
    path("admissions/", views.admission_list, name="admission_list"),
    path("admissions/new/", views.admission_new, name="admission_new"),
    path("admissions/<int:pk>/", views.admission_detail, name="admission_detail"),
    path("admissions/<int:pk>/<slug:decision>/", views.admission_review, name="admission_review"),
    path("burden/", views.burden, name="burden"),
]
