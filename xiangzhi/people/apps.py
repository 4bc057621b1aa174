from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "xiangzhi.people"
    label = "people"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("people", _("户籍村民"), "people:households", "people.view", order=20))
        register(Module("people_import", _("批量导入"), "people:import", "people.import", order=25))
        register(Module("transfers", _("户籍迁移"), "people:transfer_list", "household.transfer.request", order=30))
        register(Module("organisations", _("村级组织"), "people:organisation_list", "org.view", order=40))
