from django.urls import path

from . import charter_views, recall_views, views

app_name = "elections"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/voters/", views.voters, name="voters"),
    path("<int:pk>/candidates/", views.add_candidate, name="add_candidate"),
    path("<int:pk>/count/", views.record_round, name="record_round"),
    path("<int:pk>/objections/", views.lodge_objection, name="lodge_objection"),
    path("objections/<int:pk>/answer/", views.answer_objection, name="answer_objection"),
    path("objections/overdue/", views.overdue, name="overdue"),
    path("recalls/", recall_views.recall_list, name="recall_list"),
    path("recalls/new/", recall_views.recall_create, name="recall_create"),
    path("recalls/<int:pk>/", recall_views.recall_detail, name="recall_detail"),
    path("recalls/<int:pk>/sign/", recall_views.recall_sign, name="recall_sign"),
    path("recalls/<int:pk>/initiate/", recall_views.recall_initiate, name="recall_initiate"),
    path("recalls/<int:pk>/vote/", recall_views.recall_vote, name="recall_vote"),
    path("petitions/", recall_views.recall_petitions, name="petitions"),
    path("petitions/<int:pk>/sign/", recall_views.recall_self_sign, name="self_sign"),
    path("appraisals/new/", recall_views.appraisal_create, name="appraisal_create"),
    path("appraisals/<int:pk>/", recall_views.appraisal_detail, name="appraisal_detail"),
    path("charters/", charter_views.charter_list, name="charter_list"),
    path("charters/new/", charter_views.charter_create, name="charter_create"),
    path("charters/<int:pk>/", charter_views.charter_detail, name="charter_detail"),
    path("charters/<int:pk>/edit/", charter_views.charter_edit, name="charter_edit"),
    path("charters/<int:pk>/adopt/", charter_views.charter_adopt, name="charter_adopt"),
    path("charters/<int:pk>/file/", charter_views.charter_file, name="charter_file"),
    path("charters/<int:pk>/review/", charter_views.charter_review, name="charter_review"),
    path("charters/<int:pk>/new-version/", charter_views.charter_new_version, name="charter_new_version"),
    path("public/charters/<int:pk>/", charter_views.public_charter, name="public_charter"),
]
