"""ID numbers and mobiles encrypted at rest (2/3): encrypt the rows written before.

Reads and writes the columns with plain SQL (the model fields would try to decrypt the plain
values). Rows already encrypted are left alone, so running it twice does no harm. Needs
ZHICHENG_FIELD_KEY (demo and test settings have a development key).
"""

from django.db import migrations

from zhicheng.core.encryption import PREFIX, digest, encrypt

COLUMNS = {
    "User": ("mobile", "id_number"),
    "VerificationCode": ("mobile",),
}


def encrypt_rows(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for model_name, columns in COLUMNS.items():
        model = apps.get_model("accounts", model_name)
        table = quote(model._meta.db_table)
        context = f"accounts.{model_name.lower()}."
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {', '.join(quote(c) for c in columns)} FROM {table}")  # noqa: S608
            rows = cursor.fetchall()
        for pk, *values in rows:
            sets, params = [], []
            for column, value in zip(columns, values, strict=True):
                if value is None or value.startswith(PREFIX):
                    continue
                sets += [f"{quote(column)} = %s", f"{quote(column + '_digest')} = %s"]
                params += [encrypt(value, context + column), digest(value, context + column)]
            if sets:
                with connection.cursor() as cursor:
                    cursor.execute(f"UPDATE {table} SET {', '.join(sets)} WHERE id = %s",  # noqa: S608
                                   [*params, pk])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_encrypt_identifiers_schema'),
    ]

    operations = [
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
    ]
