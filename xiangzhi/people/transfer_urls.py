from django.urls import path

from . import transfer_views

# Included under the "people" namespace at /people/transfers/.
urlpatterns = [
    path("", transfer_views.transfer_list, name="transfer_list"),
    path("new/", transfer_views.transfer_create, name="transfer_create"),
    path("new/villages/", transfer_views.village_options, name="transfer_village_options"),
    path("<int:pk>/", transfer_views.transfer_detail, name="transfer_detail"),
    path("<int:pk>/<slug:step>/", transfer_views.transfer_step, name="transfer_step"),
]
