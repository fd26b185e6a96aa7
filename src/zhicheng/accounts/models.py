"""Real-name user accounts and SMS verification codes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.core.encryption import (
    DigestQuerySet,
    DigestSyncMixin,
    EncryptedCharField,
    LookupDigestField,
)
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


class UserQuerySet(DigestQuerySet):
    def by_mobile(self, mobile: str) -> UserQuerySet:
        """Users with this mobile (at most one), found by its keyed hash."""
        return self.filter(mobile_digest=User.mobile_digest_of(mobile))

    def by_id_number(self, number: str, id_type: str | None = None) -> UserQuerySet:
        """Users with this document number (of any type unless id_type is given)."""
        found = self.filter(id_number_digest=User.id_number_digest_of(number))
        return found.filter(id_type=id_type) if id_type else found


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(mobile_digest=User.mobile_digest_of(username or ""))

    def create_user(self, mobile: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(mobile=mobile, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, mobile: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("name", _("管理员"))
        return self.create_user(mobile, password, **extra)


class User(DigestSyncMixin, AbstractBaseUser, PermissionsMixin):
    """A real person. Office-created operator accounts may lack an ID until they add one.

    `id_number` and `mobile` are stored encrypted (core.encryption); look people up with
    `User.objects.by_mobile()` / `by_id_number()`, which use the keyed-hash columns.
    """

    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=6, choices=Sex.choices, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=30, choices=IdType.choices, blank=True)
    # NULL, not "", so that office-created accounts without an ID stay out of the unique index.
    id_number = EncryptedCharField(
        "证件号码", max_length=32, null=True, blank=True)
    id_number_digest = LookupDigestField(source="id_number", null=True, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    mobile = EncryptedCharField(_("手机号码"), max_length=11)
    mobile_digest = LookupDigestField(source="mobile", unique=True,
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
            models.UniqueConstraint(fields=["id_type", "id_number_digest"],
                                    condition=Q(id_number_digest__isnull=False),
                                    name="unique_id_document",
                                    violation_error_message=_("该证件号码已注册")),
        ]

    @staticmethod
    def mobile_digest_of(mobile: str) -> str:
        return User._meta.get_field("mobile").lookup_digest(mobile)  # type: ignore[attr-defined]

    @staticmethod
    def id_number_digest_of(number: str) -> str:
        return User._meta.get_field("id_number").lookup_digest(number)  # type: ignore[attr-defined]

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
    CHANGE_MOBILE = "change_mobile", _("更换手机号码")


class VerificationCodeQuerySet(DigestQuerySet):
    def for_mobile(self, mobile: str) -> VerificationCodeQuerySet:
        return self.filter(mobile_digest=VerificationCode._meta.get_field("mobile")
                           .lookup_digest(mobile))  # type: ignore[attr-defined]


class VerificationCode(DigestSyncMixin, models.Model):
    mobile = EncryptedCharField(max_length=11)
    mobile_digest = LookupDigestField(source="mobile", db_index=True)
    purpose = models.CharField(max_length=20, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = VerificationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.mobile[:3]}****{self.mobile[-4:]}"


class LoginFailure(models.Model):
    """One failed sign-in, counted per account (or unknown identifier) and per address.

    `identifier_hash` is a keyed hash naming the account when one matched, otherwise the
    identifier typed, so an unknown identifier is locked exactly like an account.
    """

    identifier_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = _("登录失败记录")
        indexes = [models.Index(fields=["identifier_hash", "at"]),
                   models.Index(fields=["ip", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.ip or ''}"
