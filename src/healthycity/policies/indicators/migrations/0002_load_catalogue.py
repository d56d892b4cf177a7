from django.db import migrations


def load(apps, schema_editor):
    from healthycity.policies.indicators.catalogue import sync_catalogue

    sync_catalogue(apps.get_model("indicators", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_catalogue_values_imports")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
