from django.urls import path

from . import board_views, visit_views

# Included under the "grid" namespace at /grid/.
urlpatterns = [
    path("my-work/", board_views.my_work, name="my_work"),
    path("board/", board_views.board, name="board"),
    path("county/", board_views.county, name="county"),
    path("coverage/", board_views.coverage_overview, name="coverage"),
    path("coverage/<str:code>/", board_views.coverage_village, name="coverage_village"),
    path("coverage/<str:code>/assign/", board_views.coverage_assign, name="coverage_assign"),
    path("visits/", visit_views.visit_list, name="visit_list"),
    path("visits/new/", visit_views.visit_create, name="visit_create"),
]
