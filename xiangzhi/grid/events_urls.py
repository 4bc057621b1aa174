from django.urls import path

from . import event_views

# Included under the "grid" namespace at /grid/.
urlpatterns = [
    path("events/", event_views.event_list, name="event_list"),
    path("events/report/", event_views.event_report, name="event_report"),
    path("events/report/households/", event_views.event_household_options, name="event_household_options"),
    path("events/<int:pk>/", event_views.event_detail, name="event_detail"),
    path("events/<int:pk>/steps/<slug:step>/", event_views.event_step, name="event_step"),
    path("events/<int:pk>/comments/", event_views.event_comment, name="event_comment"),
    path("events/<int:pk>/photos/", event_views.event_add_photos, name="event_add_photos"),
    path("events/<int:pk>/photos/<int:photo_id>/", event_views.event_photo, name="event_photo"),
]
