from django.urls import path

from . import views

app_name = "partyrating"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("scheme/", views.scheme, name="scheme"),
    path("assess/<int:organisation>/<int:year>/", views.assess, name="assess"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evaluations/<int:pk>/evidence/<int:evidence>/", views.evidence_download, name="evidence_download"),
    path("evaluations/<int:pk>/submit/", views.evaluation_submit, name="evaluation_submit"),
    path("evaluations/<int:pk>/review/", views.evaluation_review, name="evaluation_review"),
    path("screening/", views.screening_page, name="screening"),
    path("screening/run/", views.screening_run, name="screening_run"),
    path("screening/flag/", views.screening_flag, name="screening_flag"),
    path("rectifications/new/<int:organisation>/<int:year>/", views.rectification_open, name="rectification_open"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path("rectifications/<int:pk>/tasks/", views.task_add, name="task_add"),
    path("rectifications/<int:pk>/tasks/<int:task>/done/", views.task_done, name="task_done"),
    path("rectifications/<int:pk>/tasks/<int:task>/evidence/", views.task_evidence, name="task_evidence"),
    path("rectifications/<int:pk>/close/", views.rectification_close, name="rectification_close"),
]
