from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "xiangzhi.assessment"
    label = "assessment"
    verbose_name = "乡村振兴实绩考核"
