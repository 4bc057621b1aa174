from django.db import migrations, models


class Migration(migrations.Migration):
    """The children index led by (indicator, period): a first build's inserts land in one stretch of it."""

    dependencies = [
        ('targets', '0003_value_key_indicator_first'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='indicatorvalue',
            name='targets_value_children',
        ),
        migrations.AddIndex(
            model_name='indicatorvalue',
            index=models.Index(fields=['indicator', 'period', 'parent_code'], name='targets_value_children'),
        ),
    ]
