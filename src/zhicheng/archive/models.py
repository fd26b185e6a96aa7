"""The personal archive (个人业绩档案): one model per section, all owned by one person.

Files are stored under MEDIA_ROOT with names of ours and served only through
`archive:file`, which checks who may see them.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.core.uploads import safe_suffix

FOREIGN_OR_OLD_BEFORE = date(2001, 1, 1)  # 2001年以前的学历须附认证报告


def archive_path(instance: models.Model, filename: str) -> str:
    # Our name; the extension is the one the form proved by content (core.uploads)
    owner = instance.owner_id  # type: ignore[attr-defined]
    return f"archive/{owner}/{uuid.uuid4().hex}{safe_suffix(filename)}"


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("待单位核实")
    VERIFIED = "verified", _("单位已核实")
    REJECTED = "rejected", _("单位退回")


class Entry(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+", verbose_name=_("本人"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}（{self.pk}）"

    def audit_data(self) -> dict[str, Any]:
        data = {}
        for f in self._meta.concrete_fields:
            if f.name in ("owner", "created_at", "updated_at"):
                continue
            value = getattr(self, f.attname)
            data[f.name] = value.name if hasattr(value, "name") and f.get_internal_type() == (
                "FileField") else value
        return data


class Verifiable(Entry):
    """Sections the employer unit must verify before an application may use them."""

    verification = models.CharField(_("核实状态"), max_length=20, choices=Verification.choices,
                                    default=Verification.UNVERIFIED, editable=False)
    verified_by = models.ForeignKey("orgs.Organisation", null=True, blank=True, editable=False,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    verification_note = models.CharField(_("核实意见"), max_length=500, blank=True,
                                         editable=False)

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED


class EduLevel(models.TextChoices):
    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    ASSOCIATE = "associate", _("大学专科")
    SECONDARY = "secondary_vocational", _("中专（中职）")


class Education(Entry):
    level = models.CharField(_("学历"), max_length=30, choices=EduLevel.choices)
    field = models.CharField(_("学科门类"), max_length=30, choices=[
        ("science_engineering", _("理工类")), ("other", _("其他"))])
    major = models.CharField(_("所学专业"), max_length=100)
    related = models.BooleanField(_("与申报专业相关"), null=True, blank=True)
    school = models.CharField(_("毕业院校"), max_length=100)
    mode = models.CharField(_("学习形式"), max_length=20, choices=[
        ("full_time", _("全日制")), ("part_time", _("非全日制"))])
    awarded = models.DateField(_("毕业（取得）时间"))
    foreign = models.BooleanField(_("境外学历"), default=False)
    certificate = models.FileField(_("学历证书"), upload_to=archive_path, blank=True)
    certification_report = models.FileField(
        _("学历认证报告"), upload_to=archive_path, blank=True,
        help_text=_("2001年以前取得的学历或境外学历须上传学信网或留服中心认证报告"))

    class Meta:
        verbose_name = verbose_name_plural = _("学历")
        ordering = ["-awarded"]

    def needs_certification(self) -> bool:
        return self.foreign or (self.awarded is not None and self.awarded < FOREIGN_OR_OLD_BEFORE)


class WorkPeriod(Entry):
    start = models.DateField(_("开始时间"))
    end = models.DateField(_("结束时间"), null=True, blank=True, help_text=_("至今请留空"))
    employer = models.CharField(_("工作单位"), max_length=200)
    post = models.CharField(_("岗位（职务）"), max_length=100)
    technical = models.BooleanField(_("专业技术工作"),
                                    help_text=_("行政、后勤等非专业技术岗位请选“否”"))
    related = models.BooleanField(_("与申报专业对口"), null=True, blank=True)
    gap_reason = models.CharField(_("与上一段经历之间空档的原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("工作经历")
        ordering = ["start"]


class InterruptionReason(models.TextChoices):
    STUDY = "full_time_study", _("脱产学习")
    SICK = "long_sick_leave", _("长期病假")
    AWAITING = "awaiting_post", _("待岗")
    OFF_POST = "off_post", _("离岗")
    UNEMPLOYED = "unemployed", _("失业")


class Interruption(Entry):
    start = models.DateField(_("开始时间"))
    end = models.DateField(_("结束时间"))
    reason = models.CharField(_("原因"), max_length=30, choices=InterruptionReason.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("中断专业技术工作")
        ordering = ["start"]


class TitleHeld(Verifiable):
    level = models.CharField(_("级别"), max_length=20, choices=[
        ("assistant", _("助理级（初级）")), ("intermediate", _("中级")), ("senior", _("高级"))])
    series = models.CharField(_("系列"), max_length=30, default="engineering", choices=[
        ("engineering", _("工程系列")), ("other", _("其他系列"))])
    name = models.CharField(_("职称名称"), max_length=100)
    obtained = models.DateField(_("取得时间"))
    issuer = models.CharField(_("评审（认定）机构"), max_length=200)
    other_region = models.BooleanField(_("外省（市）取得"), default=False)
    certificate = models.FileField(_("职称证书"), upload_to=archive_path, blank=True)
    approval_document = models.FileField(
        _("评审表或批准文件"), upload_to=archive_path, blank=True,
        help_text=_("外省（市）取得的职称须上传评审表或批准文件"))

    class Meta:
        verbose_name = verbose_name_plural = _("专业技术职称")
        ordering = ["-obtained"]


class SkillCertificate(Entry):
    level = models.CharField(_("等级"), max_length=30, choices=[
        ("senior_worker", _("高级工")), ("technician", _("技师")),
        ("senior_technician", _("高级技师"))])
    occupation = models.CharField(_("职业（工种）"), max_length=100)
    obtained = models.DateField(_("取得时间"))
    certificate = models.FileField(_("证书"), upload_to=archive_path, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("职业技能等级证书")
        ordering = ["-obtained"]


class Award(Entry):
    name = models.CharField(_("名称"), max_length=200)
    honour_kind = models.CharField(_("荣誉类别（可直接申报的荣誉）"), max_length=40, blank=True,
                                   choices=[
        ("provincial_technical_expert", _("浙江省技术能手")),
        ("provincial_class1_top5", _("省级一类竞赛前5名")),
        ("provincial_class2_top3", _("省级二类竞赛前3名")),
        ("excellent_skill_talent", _("省“百千万”优秀技能人才")),
        ("skill_master_studio_lead", _("省级技能大师工作室领办人")),
        ("provincial_chief_technician", _("省首席技师")),
        ("national_technical_expert", _("全国技术能手")),
        ("worldskills_excellence", _("世界技能大赛优胜奖")),
        ("national_class1_top5", _("国家级一类竞赛前5名")),
        ("national_class2_top3", _("国家级二类竞赛前3名")),
        ("top_skill_talent", _("拔尖技能人才"))])
    level = models.CharField(_("级别"), max_length=20, choices=[
        ("district", _("区（县）级")), ("city", _("市级")), ("provincial", _("省级")),
        ("national", _("国家级"))])
    rank = models.CharField(_("等次与排名"), max_length=50, blank=True,
                            help_text=_("例如：二等奖，排名第3"))
    year = models.PositiveIntegerField(_("年度"))
    specialty_related = models.BooleanField(_("与申报专业相关"), default=True)
    certificate = models.FileField(_("证书"), upload_to=archive_path, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("荣誉与奖项")
        ordering = ["-year"]


class Patent(Entry):
    kind = models.CharField(_("类别"), max_length=20, choices=[
        ("invention", _("发明专利")), ("utility", _("实用新型专利")),
        ("design", _("外观设计专利"))])
    title = models.CharField(_("名称"), max_length=200)
    number = models.CharField(_("专利号"), max_length=50)
    rank = models.PositiveSmallIntegerField(_("发明人排名"))
    granted = models.DateField(_("授权日期"))
    certificate = models.FileField(_("专利证书"), upload_to=archive_path, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("专利")
        ordering = ["-granted"]


class CeCategory(models.TextChoices):
    PUBLIC = "public", _("公需科目")
    PROFESSIONAL = "professional", _("专业科目")


class CeRecord(Entry):
    year = models.PositiveIntegerField(_("年度"))
    category = models.CharField(_("类别"), max_length=20, choices=CeCategory.choices)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1,
                                help_text=_("参加学术会议、讲座半天计4学时"))
    provider = models.CharField(_("施教机构"), max_length=200, blank=True)
    course = models.CharField(_("课程（项目）名称"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("继续教育学时")
        ordering = ["-year", "category"]


class AppraisalResult(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("合格（称职）")
    BASIC = "basically_competent", _("基本合格（基本称职）")
    INCOMPETENT = "incompetent", _("不合格（不称职）")


class Appraisal(Entry):
    year = models.PositiveIntegerField(_("年度"))
    result = models.CharField(_("考核结果"), max_length=30, choices=AppraisalResult.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("年度考核")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["owner", "year"],
                                               name="one_appraisal_per_year",
                                               violation_error_message=_("该年度已有考核结果"))]


class Role(models.TextChoices):
    SOLE = "sole", _("独立完成")
    LEAD = "lead", _("主持")
    MAIN = "main", _("主要参加者")
    GENERAL = "general", _("一般参加者")


class Achievement(Verifiable):
    name = models.CharField(_("项目名称"), max_length=200)
    sponsor = models.CharField(_("立项单位"), max_length=200)
    start = models.DateField(_("开始时间"))
    end = models.DateField(_("完成时间"), null=True, blank=True)
    role = models.CharField(_("本人角色"), max_length=20, choices=Role.choices)
    award = models.CharField(_("获奖情况"), max_length=200, blank=True)
    award_rank = models.CharField(_("获奖等次与排名"), max_length=50, blank=True)
    description = models.TextField(_("项目内容及本人作用"), max_length=2000)
    proof = models.FileField(_("证明材料（PDF）"), upload_to=archive_path, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("业绩成果（项目）")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.name


class OutputKind(models.TextChoices):
    PAPER = "paper", _("论文")
    BOOK = "book", _("著作")
    SUMMARY = "technical_summary", _("技术总结（报告）")


class Output(Entry):
    kind = models.CharField(_("类别"), max_length=30, choices=OutputKind.choices)
    title = models.CharField(_("题目"), max_length=200,
                             help_text=_("技术总结题目一般为《关于……的技术总结报告》"))
    file = models.FileField(_("全文（DOC/DOCX）"), upload_to=archive_path, blank=True)
    chars = models.PositiveIntegerField(_("字数"))
    authors = models.PositiveSmallIntegerField(_("作者人数"), default=1)
    rank = models.PositiveSmallIntegerField(_("本人排名"), default=1)
    published = models.BooleanField(_("已发表（出版）"), default=False)
    journal = models.CharField(_("期刊（出版社）"), max_length=200, blank=True)
    issue = models.CharField(_("刊期、刊号或书号"), max_length=100, blank=True)
    written = models.DateField(_("撰写（发表）时间"))
    achievement = models.ForeignKey(Achievement, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="outputs",
                                    verbose_name=_("对应业绩"))

    class Meta:
        verbose_name = verbose_name_plural = _("论文、著作与技术总结")
        ordering = ["-written"]

    def __str__(self) -> str:
        return self.title
