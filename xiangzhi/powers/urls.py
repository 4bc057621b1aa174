from django.urls import path

from . import case_views, public_views, views

app_name = "powers"
urlpatterns = [
    path("", views.index, name="index"),
    path("adopt/", views.adopt, name="adopt"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/new-version/", views.list_new_version, name="list_new_version"),
    path("lists/<int:pk>/activate/", views.list_activate, name="list_activate"),
    path("lists/<int:pk>/discard/", views.list_discard, name="list_discard"),
    path("lists/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:pk>/steps/new/", views.step_create, name="step_create"),
    path("steps/<int:pk>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:pk>/delete/", views.step_delete, name="step_delete"),
    path("cases/", case_views.case_list, name="case_list"),
    path("cases/overdue/", case_views.overdue, name="overdue"),
    path("cases/new/", case_views.case_create, name="case_create"),
    path("cases/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:pk>/<slug:step>/", case_views.case_step, name="case_step"),
    path("public/lists/<int:pk>/", public_views.public_list, name="public_list"),
    path("public/items/<int:pk>/", public_views.public_item, name="public_item"),
    path("public/cases/<int:pk>/", public_views.public_case, name="public_case"),
]
