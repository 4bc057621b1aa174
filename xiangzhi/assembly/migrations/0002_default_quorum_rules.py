"""The platform-wide default quorum and outcome rules (county null), from defaults.py."""

from django.db import migrations


def seed(apps, schema_editor):
    from xiangzhi.assembly.defaults import DEFAULT_RULES, rule_fields

    QuorumRule = apps.get_model("assembly", "QuorumRule")
    for body in DEFAULT_RULES:
        fields = rule_fields(body)
        QuorumRule.objects.update_or_create(county=None, body=body, defaults=fields)


def unseed(apps, schema_editor):
    apps.get_model("assembly", "QuorumRule").objects.filter(county=None).delete()


class Migration(migrations.Migration):
    dependencies = [("assembly", "0001_meetings_rosters_rules")]

    operations = [migrations.RunPython(seed, unseed)]
