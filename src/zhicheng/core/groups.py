"""The admin group committee offices are put in, kept in step after every migrate."""

from __future__ import annotations

from typing import Any

OFFICE_GROUP = "评委会办公室（基础数据）"
OFFICE_PERMISSIONS = [
    ("orgs", "view_organisation"), ("orgs", "change_organisation"),
    ("orgs", "view_rolegrant"),
    ("plans", "view_plan"), ("plans", "add_plan"), ("plans", "change_plan"),
    ("workcalendar", "view_dayoverride"), ("workcalendar", "add_dayoverride"),
    ("workcalendar", "change_dayoverride"), ("workcalendar", "delete_dayoverride"),
    ("workcalendar", "view_coveredyear"), ("workcalendar", "add_coveredyear"),
]


def ensure_office_group(**kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=OFFICE_GROUP)
    perms = [Permission.objects.filter(content_type__app_label=app, codename=code).first()
             for app, code in OFFICE_PERMISSIONS]
    group.permissions.set([p for p in perms if p is not None])
