from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "zhicheng.workcalendar"
    label = "workcalendar"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (drops the cached calendar when a row changes)
