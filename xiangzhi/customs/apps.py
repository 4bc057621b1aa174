from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomsConfig(AppConfig):
    name = "xiangzhi.customs"
    label = "customs"
    verbose_name = "移风易俗与志愿服务"

    def ready(self):
        from xiangzhi.core.modules import Module, register
        from xiangzhi.portal.sections import Section
        from xiangzhi.portal.sections import register as register_section

        from .queries import portal_context

        register(Module("customs_coverage", _("一约四会"), "customs:coverage", "customs.view", order=115))
        register(Module("customs_declarations", _("红白事"), "customs:declaration_list", "customs.view", order=116))
        register(Module("customs_declare", _("红白事申报"), "customs:declaration_create", "customs.declare", order=116))
        register(Module("customs_volunteer", _("志愿服务"), "customs:activity_list", "volunteer.view", order=117))
        register(Module("customs_volunteer_join", _("志愿服务报名"), "customs:activity_list", "volunteer.join", order=117))
        register(Module("customs_culture", _("文化活动与遗产"), "customs:culture", "culture.view", order=118))
        register_section(Section(
            key="customs", title=_("文明乡风"), order=80, template="customs/portal_section.html",
            context=portal_context,
        ))
