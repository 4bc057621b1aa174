from django.db import migrations

TEN_STARS = (
    "爱党爱国", "勤劳致富", "诚实守信", "团结友善", "孝老爱亲",
    "遵规守法", "绿色环保", "优生优育", "卫生健康", "科教文体",
)


def add_ten_stars(apps, schema_editor):
    Criterion = apps.get_model("ratings", "Criterion")
    for order, name in enumerate(TEN_STARS, start=1):
        Criterion.objects.get_or_create(county=None, name=name, defaults={"order": order, "max_stars": 1})


def remove_ten_stars(apps, schema_editor):
    apps.get_model("ratings", "Criterion").objects.filter(county=None, name__in=TEN_STARS).delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_ratings_and_selections")]
    operations = [migrations.RunPython(add_ten_stars, remove_ten_stars)]
