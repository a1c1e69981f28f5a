from django.db import migrations

GROUPS = ["Grant committee", "Board"]


def create_groups(apps, schema_editor):
    group = apps.get_model("auth", "Group")
    for name in GROUPS:
        group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_roles")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
