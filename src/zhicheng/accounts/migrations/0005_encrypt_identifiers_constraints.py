"""ID numbers and mobiles encrypted at rest (3/3): uniqueness moves to the digests."""

from django.db import migrations, models

import zhicheng.core.encryption


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_encrypt_identifiers_data'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='mobile_digest',
            field=zhicheng.core.encryption.LookupDigestField(error_messages={'unique': '该手机号码已注册'}, source='mobile', unique=True),
        ),
        migrations.AlterField(
            model_name='verificationcode',
            name='mobile_digest',
            field=zhicheng.core.encryption.LookupDigestField(db_index=True, source='mobile'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(condition=models.Q(('id_number_digest__isnull', False)), fields=('id_type', 'id_number_digest'), name='unique_id_document', violation_error_message='该证件号码已注册'),
        ),
    ]
