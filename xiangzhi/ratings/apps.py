from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "xiangzhi.ratings"
    label = "ratings"
    verbose_name = "评星评选"

    def ready(self):
        from xiangzhi.core.modules import Module, register
        from xiangzhi.portal.sections import Section
        from xiangzhi.portal.sections import register as register_section

        from .public import notice_context

        register(Module("ratings", _("评星评选"), "ratings:index", "rating.view", order=110))
        register(Module("ratings_villager", _("评星与评选"), "ratings:index", "rating.self_report", order=111))
        register_section(Section(
            key="ratings", title=_("评星公示"), order=70, template="ratings/portal_section.html",
            context=notice_context,
        ))
