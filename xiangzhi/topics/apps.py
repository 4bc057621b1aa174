from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "xiangzhi.topics"
    label = "topics"
    verbose_name = "说议办评"

    def ready(self):
        from xiangzhi.core.modules import Module, register
        from xiangzhi.portal.sections import Section
        from xiangzhi.portal.sections import register as register_section

        from .queries import portal_context

        register(Module("topics", _("说议办评"), "topics:list", "topic.view", order=92))
        register(Module("topics_mine", _("我要说事"), "topics:list", "topic.raise", order=93))
        register_section(Section(
            key="topics", title=_("说议办评"), order=50, template="topics/portal_section.html",
            context=portal_context,
        ))
