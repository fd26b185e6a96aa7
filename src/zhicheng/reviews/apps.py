from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "zhicheng.reviews"
    verbose_name = "审核与受理"
    default_auto_field = "django.db.models.BigAutoField"
