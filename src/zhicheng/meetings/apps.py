from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "zhicheng.meetings"
    verbose_name = "评审会议与结果"
    default_auto_field = "django.db.models.BigAutoField"
