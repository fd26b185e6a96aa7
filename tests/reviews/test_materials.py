"""What reviewers read: the chosen projects and outputs with their frozen files, the photo
and the 评审表, to the desks that see the application and nobody else."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.reviews.chain import Chain, State, client_for, drive
from zhicheng.applications.models import Application

pytestmark = pytest.mark.django_db
PROOF = b"%PDF-1.4\n% a project's proof\n"


def _with_files(chain: Chain) -> Application:
    app = drive(chain, chain.app, State.UNIT_REVIEW)
    proof = default_storage.save("archive/test/proof.pdf", ContentFile(PROOF))
    app.snapshot = {**(app.snapshot or {}), "chosen": {
        "achievements": [{"name": "智慧物流调度平台", "start": "2018-01-01", "end": "2019-06-30",
                          "role": "lead", "sponsor": "某市经信局", "proof": proof}],
        "outputs": [{"title": "关于调度平台的技术总结报告", "kind": "technical_summary",
                     "chars": 5200},
                    {"title": "../../etc/passwd", "file": "../../etc/passwd"}]}}
    app.verdict = {"verdict": "needs_review", "criteria": [
        {"id": "continuing_education", "status": "pass", "message": "合计360学时",
         "clause": "五"}]}
    app.save()
    return app


def url(app: Application, part: str, index: int = 0) -> str:
    return reverse("reviews:material", args=[app.pk, part, index])


def test_the_unit_reads_the_projects_outputs_and_checks_in_words(chain: Chain) -> None:
    app = _with_files(chain)
    page = client_for(chain.unit).get(reverse("reviews:detail", args=[app.pk])).content.decode()
    assert "智慧物流调度平台" in page and "2018-01—2019-06" in page and "主持" in page
    assert "关于调度平台的技术总结报告" in page and "技术总结（报告）" in page
    assert "继续教育学时" in page and "符合" in page and "需评审机构审核" in page
    assert url(app, "achievements") in page  # the proof has a file
    assert url(app, "outputs") not in page  # this output has none


def test_files_go_to_the_desks_that_see_the_application_only(chain: Chain) -> None:
    app = _with_files(chain)
    unit = client_for(chain.unit)
    answer = unit.get(url(app, "achievements"))
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PROOF
    assert answer["Content-Disposition"].startswith("attachment")
    assert unit.get(url(app, "form")).content.startswith(b"%PDF")
    assert unit.get(url(app, "achievements", 1)).status_code == 404
    assert unit.get(url(app, "outputs", 1)).status_code == 404  # not an archive upload
    assert unit.get(url(app, "photo")).status_code == 404  # none uploaded
    assert unit.get(url(app, "snapshot")).status_code == 404
    assert client_for(chain.other_unit).get(url(app, "achievements")).status_code == 404
    assert client_for(chain.department_desk).get(url(app, "achievements")).status_code == 404
    assert client_for(None, chain.applicant).get(url(app, "achievements")).status_code == 403
