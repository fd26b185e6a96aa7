"""PDF documents of an application, Chinese text set in an embedded subset of WenQuanYi Micro Hei.

Pure Python: nothing here imports Django. Each document is a function that takes one of the
dataclasses in `inputs` and returns the PDF as bytes:

- `application_form` — 专业技术资格评审表, watermarked on every page;
- `project_completion_certificate` — 项目完成情况证明;
- `ce_hours_summary` — 继续教育学时汇总表;
- `annual_appraisal_template` — 年度考核登记表 (blank template).
"""

from .application import application_form, watermark_text
from .appraisal import annual_appraisal_template
from .certificate import project_completion_certificate
from .fonts import FontNotFoundError, cjk_font_path
from .hours import ce_hours_summary
from .inputs import (
    Achievement,
    ApplicationForm,
    Appraisal,
    AppraisalTemplate,
    ContinuingEducation,
    Education,
    HoursSummary,
    Paper,
    Person,
    Pledge,
    ProjectCertificate,
    Qualification,
    WorkExperience,
)

__all__ = [
    "Achievement",
    "ApplicationForm",
    "Appraisal",
    "AppraisalTemplate",
    "ContinuingEducation",
    "Education",
    "FontNotFoundError",
    "HoursSummary",
    "Paper",
    "Person",
    "Pledge",
    "ProjectCertificate",
    "Qualification",
    "WorkExperience",
    "annual_appraisal_template",
    "application_form",
    "ce_hours_summary",
    "cjk_font_path",
    "project_completion_certificate",
    "watermark_text",
]
