from django.urls import path

from . import catalogue_views, views

app_name = "services"
urlpatterns = [
    path("", catalogue_views.item_list, name="item_list"),
    path("items/new/", catalogue_views.item_new, name="item_new"),
    path("items/<int:pk>/", catalogue_views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", catalogue_views.item_edit, name="item_edit"),
    path("items/<int:pk>/adjust/", catalogue_views.item_adjust, name="item_adjust"),
    path("items/<int:pk>/apply/", views.apply, name="apply"),
    path("materials/<int:pk>/template/", catalogue_views.material_template, name="material_template"),
    path("mine/", views.mine, name="mine"),
    path("office/", views.office, name="office"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/step/<str:name>/", views.step, name="step"),
    path("applications/<int:pk>/rate/", views.rate, name="rate"),
    path("applications/<int:pk>/result/", views.result_download, name="result"),
    path("applications/<int:pk>/files/<int:file_pk>/", views.file_download, name="file"),
    path("applications/<int:pk>/bookings/", views.booking_new, name="booking_new"),
    path("applications/<int:pk>/bookings/<int:booking_pk>/<str:outcome>/", views.booking_close,
         name="booking_close"),
    path("slots/", views.slot_publish, name="slot_publish"),
    path("verify/", views.verify, name="verify"),
]
