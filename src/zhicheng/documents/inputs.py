"""What the documents are made from: plain frozen dataclasses, built by the caller.

Dates may be given as `date`/`datetime` (printed as 2024-06-30 / 2024-06-30 10:31) or as
already formatted strings, which are printed as given. Nothing here is masked or validated
beyond what a document needs: the caller masks the ID number and checks lengths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

DateLike = date | str
Hours = int | float | Decimal

PUBLIC = "公需科目"
PROFESSIONAL = "专业科目"
ROLES = ("独立完成", "主持", "主要参加者", "一般参加者")
RESULTS = ("优秀", "合格", "基本合格", "不合格")


@dataclass(frozen=True)
class Person:
    """基本信息。`id_number` is printed exactly as given (the caller masks it)."""

    name: str  # 姓名
    gender: str  # 性别
    birth_date: DateLike  # 出生日期
    id_number: str  # 证件号码
    employer: str  # 工作单位
    specialty: str  # 申报专业
    level: str  # 申报级别


@dataclass(frozen=True)
class Education:
    """学历 row."""

    degree: str  # 学历
    major: str  # 专业
    school: str  # 学校
    graduated: DateLike  # 毕业时间
    mode: str  # 学习形式，如 全日制 / 非全日制


@dataclass(frozen=True)
class WorkExperience:
    """工作经历 row; `period` is free text such as "2015-07 至 2019-06"."""

    period: str  # 起止时间
    employer: str  # 单位
    post: str  # 岗位
    professional: bool  # 是否专业技术工作


@dataclass(frozen=True)
class Qualification:
    """专业技术职务 / 职业资格 row."""

    name: str  # 名称，如 助理工程师
    level: str  # 级别，如 初级
    obtained: DateLike  # 取得时间
    issuer: str  # 评审或发证机构
    number: str = ""  # 证书编号


@dataclass(frozen=True)
class ContinuingEducation:
    """One 继续教育 record; `category` is 公需科目 or 专业科目."""

    year: int  # 年度
    category: str  # 类别
    hours: Hours  # 学时
    provider: str = ""  # 施教机构
    course: str = ""  # 课程


@dataclass(frozen=True)
class Appraisal:
    """年度考核 row."""

    year: int  # 年度
    result: str  # 考核结果，如 合格
    employer: str = ""  # 考核单位


@dataclass(frozen=True)
class Achievement:
    """主要业绩 item; `role` is one of ROLES."""

    name: str  # 名称
    role: str  # 本人角色
    period: str  # 起止时间
    award: str = ""  # 获奖及等级


@dataclass(frozen=True)
class Paper:
    """论文 / 技术总结 item."""

    title: str  # 题目
    kind: str  # 类别：论文 / 技术总结 / 著作 ...
    venue: str = ""  # 刊物或出处
    published: DateLike = ""  # 发表或完成时间
    author_rank: str = ""  # 本人排名，如 第一作者


@dataclass(frozen=True)
class Pledge:
    """诚信承诺: the text the applicant agreed to, who signed and when."""

    text: str
    signed_name: str
    signed_at: datetime | str


@dataclass(frozen=True)
class ApplicationForm:
    """评审表. `plan_title` and `exported_at` also make up the watermark on every page."""

    plan_title: str
    exported_at: datetime | str
    person: Person
    pledge: Pledge
    statement: str = ""  # 本人述职，至多约 1000 字
    education: Sequence[Education] = field(default_factory=tuple)
    work: Sequence[WorkExperience] = field(default_factory=tuple)
    qualifications: Sequence[Qualification] = field(default_factory=tuple)
    continuing_education: Sequence[ContinuingEducation] = field(default_factory=tuple)
    appraisals: Sequence[Appraisal] = field(default_factory=tuple)
    achievements: Sequence[Achievement] = field(default_factory=tuple)
    papers: Sequence[Paper] = field(default_factory=tuple)


@dataclass(frozen=True)
class ProjectCertificate:
    """项目完成情况证明 for one achievement; `role` must be one of ROLES."""

    person_name: str  # 姓名
    employer: str  # 工作单位
    project_name: str  # 项目名称
    sponsor: str  # 立项单位
    period: str  # 起止时间
    role: str  # 本人角色
    award: str  # 获奖及等级（无则填“无”）
    description: str  # 项目内容及本人作用


@dataclass(frozen=True)
class HoursSummary:
    """继续教育学时汇总表: all records of one person, in any order."""

    person_name: str
    records: Sequence[ContinuingEducation]
    employer: str = ""


@dataclass(frozen=True)
class AppraisalTemplate:
    """年度考核登记表 (blank template): one block per year, in the order given."""

    person_name: str
    employer: str
    years: Sequence[int]
