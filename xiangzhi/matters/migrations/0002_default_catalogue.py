"""The region-wide 村级协商目录 (region "45"): 村民委员会组织法 Art. 24 and the amount threshold
(see xiangzhi/matters/defaults.py)."""

from django.db import migrations

from xiangzhi.matters import defaults


def seed(apps, schema_editor):
    defaults.install(apps.get_model("matters", "CatalogueItem"))


def unseed(apps, schema_editor):
    CatalogueItem = apps.get_model("matters", "CatalogueItem")
    names = [row[0] for row in defaults.default_rows()]
    CatalogueItem.objects.filter(region_code="45", replaces__isnull=True, name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("matters", "0001_catalogue_matters_steps_notices")]

    operations = [migrations.RunPython(seed, unseed)]
