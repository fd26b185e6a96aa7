"""Encrypt the addresses of messages written before (plain SQL; already encrypted rows are
left alone)."""

from django.db import migrations

from zhicheng.core.encryption import PREFIX, encrypt


def encrypt_rows(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table = quote(apps.get_model("notifications", "Message")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, address FROM {table}")  # noqa: S608
        rows = [(pk, a) for pk, a in cursor.fetchall() if a is not None and not a.startswith(PREFIX)]
    with connection.cursor() as cursor:
        for pk, address in rows:
            cursor.execute(f"UPDATE {table} SET address = %s WHERE id = %s",  # noqa: S608
                           [encrypt(address, "notifications.message.address"), pk])


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_encrypt_address'),
    ]

    operations = [
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
    ]
