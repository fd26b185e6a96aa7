"""Submitted applications keep only the masked ID number in their snapshot; the number itself
stays on the account, encrypted."""

from django.db import migrations

from zhicheng.identity.idnumber import mask


def mask_snapshots(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    for app in Application.objects.only("pk", "snapshot").iterator():
        person = (app.snapshot or {}).get("person") or {}
        number = person.get("id_number")
        if number and "*" not in number:
            person["id_number"] = mask(number)
            Application.objects.filter(pk=app.pk).update(snapshot=app.snapshot)


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0002_application_acceptance_no_application_reached_and_more'),
    ]

    operations = [
        migrations.RunPython(mask_snapshots, migrations.RunPython.noop, elidable=False),
    ]
