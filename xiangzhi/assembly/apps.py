from django.apps import AppConfig


class AssemblyConfig(AppConfig):
    name = "xiangzhi.assembly"
    label = "assembly"
    verbose_name = "村民会议与议事规则"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from xiangzhi.core.modules import Module, register

        from .appointments import register_member_bars

        register_member_bars()

        register(Module("assembly", _("村民会议"), "assembly:index", "assembly.view", order=80))
        register(Module("assembly_rosters", _("组织名册"), "assembly:roster", "assembly.view", order=81))
        register(Module("assembly_rules", _("议事规则"), "assembly:rules", "assembly.view", order=82))
        register(Module("assembly_convening", _("提请召开会议"), "assembly:convening_list", "assembly.petition", order=83))
