from django.urls import path

from . import catalogue_views, public_views, views

app_name = "matters"
urlpatterns = [
    path("", views.matter_list, name="list"),
    path("new/", views.matter_create, name="create"),
    path("supervision/", views.supervision, name="supervision"),
    path("catalogue/", catalogue_views.catalogue_page, name="catalogue"),
    path("catalogue/add/", catalogue_views.catalogue_add, name="catalogue_add"),
    path("catalogue/items/<int:pk>/", catalogue_views.catalogue_edit, name="catalogue_edit"),
    path("milestones/<int:pk>/", views.update_milestone, name="update_milestone"),
    path("public/<int:pk>/", public_views.public_matter, name="public"),
    path("<int:pk>/", views.matter_detail, name="detail"),
    path("<int:pk>/steps/<int:step>/", views.record_step, name="record_step"),
    path("<int:pk>/joint/", views.record_joint, name="record_joint"),
    path("<int:pk>/failed/", views.record_failed, name="record_failed"),
    path("<int:pk>/publish-resolution/", views.publish_resolution, name="publish_resolution"),
    path("<int:pk>/milestones/", views.add_milestone, name="add_milestone"),
    path("<int:pk>/implement/", views.implement, name="implement"),
    path("<int:pk>/publish-result/", views.publish_result, name="publish_result"),
]
