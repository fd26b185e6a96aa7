"""Real-name user accounts and SMS verification codes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.identity import idnumber


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class IdType(models.TextChoices):
    RESIDENT_ID = idnumber.RESIDENT_ID, _("居民身份证")
    PASSPORT = idnumber.PASSPORT, _("护照")
    HK_MACAO_PERMIT = idnumber.HK_MACAO_PERMIT, _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = idnumber.TAIWAN_PERMIT, _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT_ID = idnumber.FOREIGN_PERMANENT_ID, _("外国人永久居留身份证")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, mobile: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(mobile=mobile, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, mobile: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("name", _("管理员"))
        return self.create_user(mobile, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A real person. Office-created operator accounts may lack an ID until they add one."""

    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=6, choices=Sex.choices, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=30, choices=IdType.choices, blank=True)
    # NULL, not "", so that office-created accounts without an ID stay out of the unique index.
    id_number = models.CharField(  # noqa: DJ001
        "证件号码", max_length=32, null=True, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    mobile = models.CharField(_("手机号码"), max_length=11, unique=True,
                              error_messages={"unique": "该手机号码已注册"})
    email = models.EmailField(_("电子邮箱"), blank=True)
    employer = models.ForeignKey("orgs.Organisation", verbose_name=_("工作单位"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="staff")
    is_active = models.BooleanField(_("有效"), default=True)
    is_staff = models.BooleanField(_("可登录管理后台"), default=False)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "mobile"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number"],
                                    condition=Q(id_number__isnull=False),
                                    name="unique_id_document"),
        ]

    def __str__(self) -> str:
        return self.name or self.mobile

    @property
    def masked_id(self) -> str:
        return idnumber.mask(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return idnumber.mask_mobile(self.mobile)

    def audit_data(self) -> dict[str, Any]:
        return {"name": self.name, "sex": self.sex, "id_type": self.id_type,
                "id_number": self.id_number, "mobile": self.mobile, "email": self.email,
                "employer": self.employer_id}


class CodePurpose(models.TextChoices):
    REGISTER = "register", _("注册")
    RESET = "reset", _("找回密码")


class VerificationCode(models.Model):
    mobile = models.CharField(max_length=11, db_index=True)
    purpose = models.CharField(max_length=20, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.mobile[:3]}****{self.mobile[-4:]}"
