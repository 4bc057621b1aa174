"""The region-wide 公开目录 (region "45") every county starts from: 村民委员会组织法 Art. 30
and the village party organisations' 党务公开 items (see xiangzhi/disclosure/defaults.py)."""

from django.db import migrations

from xiangzhi.disclosure import defaults


def seed(apps, schema_editor):
    defaults.install(apps.get_model("disclosure", "CatalogueItem"))


def unseed(apps, schema_editor):
    CatalogueItem = apps.get_model("disclosure", "CatalogueItem")
    names = [name for _category, name, *_rest in defaults.DEFAULT_ITEMS]
    CatalogueItem.objects.filter(region_code="45", replaces__isnull=True, name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_disclosures")]

    operations = [migrations.RunPython(seed, unseed)]
