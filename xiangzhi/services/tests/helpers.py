import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from xiangzhi.people import citizen_id
from xiangzhi.services.models import ServiceItem

A1 = "450321100200"
B1 = "450321101200"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="hukou.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def resident(name="韦国强", region="450321100200001", serial=11, user=None):
    from xiangzhi.people.models import Household, Resident

    home = Household.objects.create(region_id=region, number=f"H-{serial}", address=f"{name}家 1 号")
    number = citizen_id.make("450321", datetime.date(1975, 4, 2), serial, "male")
    person = Resident.objects.create(
        household=home, region_id=region, name=name, relation="head", gender="male",
        birth_date=datetime.date(1975, 4, 2), id_number=number, id_number_index=citizen_id.index(number),
    )
    if user is not None:
        user.resident = person
        user.save(update_fields=["resident"])
    return person


def item(name):
    return ServiceItem.objects.get(region_code="45", name=name)


def uploads_for(service_item, maker=pdf):
    return {material.pk: maker(f"{material.pk}.pdf") for material in service_item.materials.filter(required=True)}
