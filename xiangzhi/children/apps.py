from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "xiangzhi.children"
    label = "children"
    verbose_name = "儿童关爱"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("children_coverage", _("儿童主任配备"), "children:coverage", "children.coverage", order=84))
        register(Module("children_care", _("儿童关爱档案"), "children:cases", "children.care", order=84))
        register(Module("children_guardian", _("孩子的关爱档案"), "children:cases", "children.guardian", order=89))
