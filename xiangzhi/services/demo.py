"""Demo data of the services module, through the real actions: the demo villager's 出具证明,
completed by the village with its result document and a 5-star rating; a 高龄津贴 application a
village cadre made as 代办员 for another villager, forwarded to the township; a 临时救助
application for which the village asked once for missing materials.
Idempotent: a second call writes nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from xiangzhi.accounts.models import Role
from xiangzhi.people.models import Resident

from . import actions, catalogue
from .models import Application

PDF = b"%PDF-1.4\n% demo material\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _uploads(item):
    return {material.pk: SimpleUploadedFile(f"demo-{material.pk}.pdf", PDF, content_type="application/pdf")
            for material in item.materials.filter(required=True)}


def _item(village_code, name):
    return catalogue.catalogue_for_village(village_code).active().filter(name=name).first()


def seed_demo(places, user_for):
    village = places["village"]
    counts = {"service_applications": 0, "service_results": 0, "service_ratings": 0, "service_notices": 0}
    villager = user_for(Role.VILLAGER)
    cadre = user_for(Role.VILLAGE_CADRE)
    certificate = _item(village.code, "出具证明")
    if villager.resident_id and certificate and not Application.objects.filter(
            applicant_id=villager.resident_id, item=certificate).exists():
        app = actions.apply(villager, certificate, note="用于子女入学", uploads=_uploads(certificate))
        actions.take_step(cadre, app, "complete")
        actions.rate(villager, app, score=5, comment="办理很快,不用跑腿。")
        counts.update(service_applications=1, service_results=1, service_ratings=1)
    others = Resident.objects.within(village.code).present().exclude(pk=villager.resident_id).order_by("id")
    pension = _item(village.code, "高龄津贴申请")
    elder = others.first()
    if elder and pension and not Application.objects.filter(applicant=elder, item=pension).exists():
        app = actions.apply(cadre, pension, resident=elder, note="老人行动不便,由代办员代办。", uploads=_uploads(pension))
        actions.take_step(cadre, app, "forward", comment="经核实,年龄及户籍情况属实。")
        counts["service_applications"] += 1
    relief = _item(village.code, "临时救助申请")
    needy = others[1:2].first() if others.count() > 1 else None
    if needy and relief and not Application.objects.filter(applicant=needy, item=relief).exists():
        app = actions.apply(cadre, relief, resident=needy, note="家中失火,急需生活救助。", uploads=_uploads(relief))
        optional = list(relief.materials.filter(required=False).values_list("pk", flat=True))
        wanted = optional or list(relief.materials.values_list("pk", flat=True)[:1])
        actions.take_step(cadre, app, "request_materials", materials=wanted, comment="请补交医疗费用票据或事故证明。")
        counts["service_applications"] += 1
        counts["service_notices"] = 1
    return counts
