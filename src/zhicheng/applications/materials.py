"""What a reviewer reads of a submitted application: its photo, the 评审表 and the files of
the projects and outputs it chose, as frozen at submission. Each desk's and each expert's
view finds the application through its own visibility filter first; these functions only
name and open the files."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse

from zhicheng.archive.models import OutputKind, Role
from zhicheng.core.uploads import attachment

from . import paperwork
from .models import Application
from .requirements import VERDICT_NAME, criterion_rows

# the chosen part of the snapshot -> the file field of its entries
FILE_FIELD = {"achievements": "proof", "outputs": "file"}
ROLE_NAME = dict(Role.choices)
KIND_NAME = dict(OutputKind.choices)


@dataclass(frozen=True)
class Material:
    part: str
    index: int
    title: str
    detail: str
    has_file: bool


def dossier(app: Application) -> dict[str, Any]:
    """The template context of the materials panel."""
    chosen = (app.snapshot or {}).get("chosen", {})
    items = []
    for part, field in FILE_FIELD.items():
        for index, entry in enumerate(chosen.get(part, [])):
            if part == "achievements":
                period = "—".join(str(entry.get(k, ""))[:7] for k in ("start", "end")
                                  if entry.get(k))
                detail = "；".join(str(x) for x in (
                    period, entry.get("sponsor", ""), ROLE_NAME.get(entry.get("role", ""), ""),
                    entry.get("description", "")) if x)
                title = entry.get("name") or entry.get("title") or ""
            else:
                detail = "；".join(str(x) for x in (KIND_NAME.get(entry.get("kind", ""), ""),
                                               entry.get("journal", ""),
                                               f"{entry['chars']}字" if entry.get("chars")
                                               else "") if x)
                title = entry.get("title", "")
            items.append(Material(part, index, title, detail, bool(entry.get(field))))
    verdict = app.verdict or {}
    return {"achievements": [m for m in items if m.part == "achievements"],
            "outputs": [m for m in items if m.part == "outputs"],
            "verdict_name": VERDICT_NAME.get(verdict.get("verdict", ""), ""),
            "criteria": criterion_rows(verdict.get("criteria", []))}


def response(app: Application, part: str, index: int, *, show_id: bool) -> HttpResponse:
    """The photo, the 评审表 (`part` "form") or a chosen entry's file, as a download."""
    if part == "photo":
        if not app.photo:
            raise Http404
        return attachment(FileResponse(app.photo.open("rb"), content_type="image/jpeg"),
                          f"photo-{app.pk}.jpg")
    if part == "form":
        return paperwork.pdf_response(paperwork.application_form(app, show_id=show_id),
                                      f"application-{app.pk}")
    entries = (app.snapshot or {}).get("chosen", {}).get(part, [])
    if part not in FILE_FIELD or not 0 <= index < len(entries):
        raise Http404
    name = entries[index].get(FILE_FIELD[part]) or ""
    # the snapshot is written by the server; still, only ever open an archive upload
    if not name.startswith("archive/") or ".." in name or not default_storage.exists(name):
        raise Http404
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return attachment(FileResponse(default_storage.open(name, "rb"), content_type=kind),
                      f"{part}-{app.pk}-{index + 1}{suffix}")
