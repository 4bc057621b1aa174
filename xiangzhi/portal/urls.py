from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("<str:code>/", views.region_page, name="region"),
    path("<str:code>/d/<int:pk>/", views.disclosure_page, name="disclosure"),
    path("<str:code>/d/<int:pk>/print/", views.print_page, name="print"),
]
