from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridConfig(AppConfig):
    name = "xiangzhi.grid"
    label = "grid"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        from . import config_cache

        config_cache.connect_signals()

        register(Module("grid_my_work", _("我的工作"), "grid:my_work", "grid.visit.log", order=49))
        register(Module("grid_events", _("网格事件"), "grid:event_list", "grid.event.view", order=50))
        register(Module("grid_report", _("上报事件"), "grid:event_report", "grid.event.report", order=51))
        register(Module("grid_board", _("调度台"), "grid:board", "grid.event.dispatch", order=52))
        register(Module("grid_county", _("事件总览"), "grid:county", "grid.overview", order=52))
        register(Module("grid_visits", _("走访"), "grid:visit_list", "grid.visit.log", order=53))
        register(Module("grid_coverage", _("网格覆盖"), "grid:coverage", "grid.coverage.view", order=54))
        register(Module("grid_config", _("职责与时限"), "grid:config", "grid.config", order=55))
