"""The address a message goes to (a mobile or e-mail) is stored encrypted."""

from django.db import migrations

import zhicheng.core.encryption


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='message',
            name='address',
            field=zhicheng.core.encryption.EncryptedCharField(blank=True, help_text='手机号码或电子邮箱，入队时复制', max_length=254, verbose_name='地址'),
        ),
    ]
