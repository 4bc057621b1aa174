from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "xiangzhi.points"
    label = "points"
    verbose_name = "积分制"

    def ready(self):
        from xiangzhi.core.modules import Module, register
        from xiangzhi.portal.sections import Section
        from xiangzhi.portal.sections import register as register_section

        from .publication import portal_context

        register(Module("points_mine", _("我家积分"), "points:mine", "points.own", order=100))
        register(Module("points_proposals", _("积分评议"), "points:proposal_list", "points.view", order=101))
        register(Module("points_entries", _("积分台账"), "points:entry_list", "points.view", order=102))
        register(Module("points_rules", _("积分细则"), "points:rule_list", "points.view", order=103))
        register(Module("points_appeals", _("积分申诉"), "points:appeal_list", "points.view", order=104))
        register_section(Section(
            key="points", title=_("积分公示"), order=60, template="points/portal_section.html",
            context=portal_context,
        ))
