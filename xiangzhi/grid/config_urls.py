from django.urls import path

from . import config_views

# Included under the "grid" namespace at /grid/config/.
urlpatterns = [
    path("", config_views.categories, name="config"),
    path("categories/add/", config_views.category_add, name="config_category_add"),
    path("categories/<int:pk>/", config_views.category_update, name="config_category_update"),
    path("matrix/", config_views.matrix, name="config_matrix"),
    path("matrix/<int:pk>/remove/", config_views.rule_remove, name="config_rule_remove"),
    path("deadlines/", config_views.deadlines, name="config_deadlines"),
    path("deadlines/<int:pk>/remove/", config_views.deadline_remove, name="config_deadline_remove"),
    path("calendar/", config_views.calendar, name="config_calendar"),
    path("calendar/<int:pk>/remove/", config_views.calendar_remove, name="config_calendar_remove"),
]
