from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "zhicheng.certificates"
    label = "certificates"
    verbose_name = "电子证书"
    default_auto_field = "django.db.models.BigAutoField"
