from django.urls import path

from . import views

app_name = "mediation"
urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("new/", views.dispute_intake, name="intake"),
    path("<int:pk>/", views.dispute_detail, name="detail"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/steps/<str:name>/", views.step, name="step"),
    path("<int:pk>/agreement/print/", views.agreement_document, name="agreement_print"),
]
