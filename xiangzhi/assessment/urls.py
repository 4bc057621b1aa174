from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/vetoes/", views.veto_record, name="veto_record"),
    path("schemes/<int:pk>/compute/", views.scheme_compute, name="scheme_compute"),
    path("schemes/<int:pk>/publish/", views.scheme_publish, name="scheme_publish"),
    path("schemes/<int:pk>/revise/", views.scheme_revise, name="scheme_revise"),
    path("vetoes/<int:pk>/withdraw/", views.veto_withdraw, name="veto_withdraw"),
    path("results/<int:pk>/", views.result_detail, name="result_detail"),
]
