from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("", views.index, name="index"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/report/", views.report, name="report"),
    path("r/<int:pk>/", views.rating_detail, name="rating"),
    path("r/<int:pk>/appraise/", views.appraise, name="appraise"),
    path("r/<int:pk>/steps/<slug:name>/", views.step, name="step"),
    path("r/<int:pk>/objections/", views.object_to, name="object"),
    path("objections/<int:pk>/answer/", views.answer, name="answer"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/vote/", views.vote, name="vote"),
]
urlpatterns += [
    path("cycles/new/", views.open_cycle, name="open_cycle"),
    path("rounds/new/", views.create_round, name="create_round"),
    path("rounds/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("rounds/<int:pk>/<slug:name>/", views.round_step, name="round_step"),
    path("nominations/<int:pk>/review/", views.review, name="review"),
]
