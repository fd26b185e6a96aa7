"""ID numbers and mobiles encrypted at rest (1/3): wider columns, digest columns, lock-out."""

import django.utils.timezone
from django.db import migrations, models

import zhicheng.core.encryption


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='user',
            name='unique_id_document',
        ),
        migrations.AlterField(
            model_name='user',
            name='id_number',
            field=zhicheng.core.encryption.EncryptedCharField(blank=True, max_length=32, null=True, verbose_name='证件号码'),
        ),
        migrations.AlterField(
            model_name='user',
            name='mobile',
            field=zhicheng.core.encryption.EncryptedCharField(max_length=11, verbose_name='手机号码'),
        ),
        migrations.AddField(
            model_name='user',
            name='id_number_digest',
            field=zhicheng.core.encryption.LookupDigestField(blank=True, null=True, source='id_number'),
        ),
        migrations.AddField(
            model_name='user',
            name='mobile_digest',
            field=zhicheng.core.encryption.LookupDigestField(null=True, source='mobile'),
        ),
        migrations.AlterField(
            model_name='verificationcode',
            name='mobile',
            field=zhicheng.core.encryption.EncryptedCharField(max_length=11),
        ),
        migrations.AddField(
            model_name='verificationcode',
            name='mobile_digest',
            field=zhicheng.core.encryption.LookupDigestField(null=True, source='mobile'),
        ),
        migrations.AlterField(
            model_name='verificationcode',
            name='purpose',
            field=models.CharField(choices=[('register', '注册'), ('reset', '找回密码'), ('change_mobile', '更换手机号码')], max_length=20),
        ),
        migrations.CreateModel(
            name='LoginFailure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('identifier_hash', models.CharField(max_length=64)),
                ('ip', models.GenericIPAddressField(blank=True, null=True)),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': '登录失败记录',
                'verbose_name_plural': '登录失败记录',
                'indexes': [models.Index(fields=['identifier_hash', 'at'], name='accounts_lo_identif_32a319_idx'), models.Index(fields=['ip', 'at'], name='accounts_lo_ip_35b6cf_idx')],
            },
        ),
    ]
