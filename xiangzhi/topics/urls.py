from django.urls import path

from . import views

app_name = "topics"
urlpatterns = [
    path("", views.topic_list, name="list"),
    path("new/", views.topic_raise, name="raise"),
    path("<int:pk>/", views.topic_detail, name="detail"),
    path("<int:pk>/answer/", views.topic_answer, name="answer"),
    path("<int:pk>/progress/", views.topic_progress, name="progress"),
    path("<int:pk>/rate/", views.topic_rate, name="rate"),
    path("<int:pk>/steps/<slug:step>/", views.topic_step, name="step"),
    path("<int:pk>/photos/<int:photo_id>/", views.topic_photo, name="photo"),
]
