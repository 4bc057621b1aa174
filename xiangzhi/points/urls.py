from django.urls import path

from . import views

app_name = "points"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("mine/entries/<int:entry_id>/appeal/", views.appeal_create, name="appeal_create"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("proposals/<int:pk>/photo/", views.proposal_photo, name="proposal_photo"),
    path("ledger/", views.entry_list, name="entry_list"),
    path("ledger/households/<int:household_id>/", views.household_points, name="household"),
    path("ledger/entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/", views.rule_detail, name="rule_detail"),
    path("rules/<int:pk>/items/", views.rule_item_add, name="rule_item_add"),
    path("rules/<int:pk>/items/<int:item_id>/remove/", views.rule_item_remove, name="rule_item_remove"),
    path("rules/<int:pk>/adopt/", views.rule_adopt, name="rule_adopt"),
    path("appeals/", views.appeal_list, name="appeal_list"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal_detail"),
]
