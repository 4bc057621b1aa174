from django.urls import path

from . import views

app_name = "pilots"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="edit"),
    path("cases/<int:pk>/delete/", views.case_delete, name="delete"),
    path("cases/<int:pk>/files/", views.case_file_add, name="file_add"),
    path("cases/<int:pk>/files/<int:file_pk>/remove/", views.case_file_remove, name="file_remove"),
    path("cases/<int:pk>/submit/", views.case_submit, name="submit"),
    path("cases/<int:pk>/publish/", views.case_publish, name="publish"),
    path("cases/<int:pk>/return/", views.case_return, name="return"),
    path("cases/<int:pk>/withdraw/", views.case_withdraw, name="withdraw"),
    path("coverage/", views.coverage, name="coverage"),
    path("showcase/", views.showcase, name="showcase"),
    path("showcase/<int:pk>/", views.showcase_case, name="showcase_case"),
    path("files/<int:pk>/", views.case_file, name="file"),
]
