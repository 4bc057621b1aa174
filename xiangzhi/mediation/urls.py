from django.urls import path

from . import committee_views, views

app_name = "mediation"
urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("new/", views.dispute_intake, name="intake"),
    path("<int:pk>/", views.dispute_detail, name="detail"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/steps/<str:name>/", views.step, name="step"),
    path("<int:pk>/agreement/print/", views.agreement_document, name="agreement_print"),
    path("committees/", committee_views.committee_list, name="committees"),
    path("committees/new/", committee_views.committee_create, name="committee_create"),
    path("committees/<int:pk>/", committee_views.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/members/", committee_views.committee_add_member, name="committee_add_member"),
    path("committees/<int:pk>/members/removal/", committee_views.committee_remove_member,
         name="committee_remove_member"),
    path("committees/<int:pk>/renewal/", committee_views.committee_renew, name="committee_renew"),
]
