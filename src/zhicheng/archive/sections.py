"""The archive's sections: what each lists, which fields its form has, which files it takes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from . import models as m

# The notices: the photo is JPG, papers and technical summaries DOC/DOCX, everything else PDF.
PDF_ONLY = ("pdf",)
WORD = ("docx", "doc")


@dataclass(frozen=True)
class Section:
    slug: str
    model: type[models.Model]
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hint: str = ""

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verifiable(self) -> bool:
        return issubclass(self.model, m.Verifiable)


SECTIONS: tuple[Section, ...] = (
    Section("education", m.Education,
            ("level", "field", "major", "related", "school", "mode", "awarded", "foreign",
             "certificate", "certification_report"),
            ("level", "major", "school", "mode", "awarded"),
            {"certificate": PDF_ONLY, "certification_report": PDF_ONLY}),
    Section("work", m.WorkPeriod,
            ("start", "end", "employer", "post", "technical", "related", "gap_reason"),
            ("start", "end", "employer", "post", "technical"),
            hint="从参加工作起填写至今，各段不得重叠；两段之间有空档的须说明原因。"),
    Section("interruptions", m.Interruption, ("start", "end", "reason"),
            ("start", "end", "reason"),
            hint="脱产学习、长期病假、待岗等期间不计入专业技术工作年限。"),
    Section("titles", m.TitleHeld,
            ("level", "series", "name", "obtained", "issuer", "other_region", "certificate",
             "approval_document"),
            ("name", "level", "obtained", "issuer"),
            {"certificate": PDF_ONLY, "approval_document": PDF_ONLY},
            hint="职称须经用人单位核实后方可用于申报；修改后须重新核实。"),
    Section("skills", m.SkillCertificate, ("level", "occupation", "obtained", "certificate"),
            ("occupation", "level", "obtained"), {"certificate": PDF_ONLY}),
    Section("awards", m.Award,
            ("name", "honour_kind", "level", "rank", "year", "specialty_related", "certificate"),
            ("name", "level", "rank", "year"), {"certificate": PDF_ONLY}),
    Section("patents", m.Patent, ("kind", "title", "number", "rank", "granted", "certificate"),
            ("title", "kind", "number", "rank", "granted"), {"certificate": PDF_ONLY}),
    Section("ce", m.CeRecord, ("year", "category", "hours", "provider", "course"),
            ("year", "category", "hours", "provider", "course"),
            hint="可导入继续教育平台导出的学时记录（CSV 或 Excel）。"),
    Section("appraisals", m.Appraisal, ("year", "result"), ("year", "result")),
    Section("achievements", m.Achievement,
            ("name", "sponsor", "start", "end", "role", "award", "award_rank", "description",
             "proof"),
            ("name", "sponsor", "start", "role", "award"), {"proof": PDF_ONLY},
            hint="业绩须经用人单位核实后方可用于申报；修改后须重新核实。"),
    Section("outputs", m.Output,
            ("kind", "title", "file", "chars", "authors", "rank", "published", "journal",
             "issue", "written", "achievement"),
            ("title", "kind", "chars", "rank", "written"), {"file": WORD}),
)
BY_SLUG = {s.slug: s for s in SECTIONS}
