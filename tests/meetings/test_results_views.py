"""Results posting and 复查 through the pages: the office posts and decides, the applicant
asks on the progress page and sees the outcome, the interview and the certificate."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.certificates.helpers import issued
from tests.reviews.chain import Chain, client_for, drive, fresh
from zhicheng.applications.workflow import State
from zhicheng.experts.models import DisciplineGroup, Interview
from zhicheng.meetings.models import Reexamination, ResultPosting

pytestmark = pytest.mark.django_db


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _results(chain: Chain) -> str:
    return reverse("meetings:results", args=[chain.plan.pk])


def _progress(app: Any) -> str:
    return reverse("applications:progress", args=[app.pk])


def test_posting_reexam_and_outcome_through_the_pages(chain: Chain) -> None:
    app = drive(chain, chain.app, State.NOT_APPROVED)
    office = client_for(chain.office)
    applicant = client_for(None, user=app.applicant)

    before = applicant.get(_progress(app)).content.decode()
    assert "评审未通过" in before and "评审结果尚未公示" in before
    assert reverse("applications:reexam", args=[app.pk]) not in before

    page = office.get(_results(chain))
    assert page.status_code == 200 and "评审结果尚未公示" in page.content.decode()
    today = timezone.localdate()
    posted = office.post(_results(chain), {"starts_on": today.isoformat(),
                                           "place": "评委会网站"}, follow=True)
    posting = ResultPosting.objects.get(plan=chain.plan)
    assert any("已公示评审结果" in m for m in messages_of(posted))
    assert f"{posting.ends_on:%Y年%-m月%-d日}" in posted.content.decode()
    early = office.post(_results(chain), {"starts_on": "2020-01-01", "place": "网站"},
                        follow=True)
    assert "公示开始日期不能早于今天" in messages_of(early)

    shown = applicant.get(_progress(app)).content.decode()
    assert f"{posting.ends_on:%Y年%-m月%-d日}" in shown and "申请复查" in shown
    empty = applicant.post(reverse("applications:reexam", args=[app.pk]), {"reason": ""})
    assert empty.status_code == 200 and 'id="id_reason_error"' in empty.content.decode()
    assert not Reexamination.objects.exists()
    asked = applicant.post(reverse("applications:reexam", args=[app.pk]),
                           {"reason": "代表作评分有误"}, follow=True)
    assert any("已提交复查申请" in m for m in messages_of(asked))
    html = asked.content.decode()
    assert "待复查" in html and "代表作评分有误" in html
    assert reverse("applications:reexam", args=[app.pk]) not in html  # one open at a time
    again = applicant.post(reverse("applications:reexam", args=[app.pk]),
                           {"reason": "再次申请"}, follow=True)
    assert "已有待处理的复查申请" in messages_of(again)

    listing = office.get(_results(chain)).content.decode()
    reexam = Reexamination.objects.get()
    assert "代表作评分有误" in listing
    assert reverse("meetings:decide_reexam", args=[reexam.pk]) in listing
    incomplete = office.post(reverse("meetings:decide_reexam", args=[reexam.pk]),
                             {"status": "changed"}, follow=True)
    assert "请选择复查结论并填写复查意见" in messages_of(incomplete)
    other = client_for(chain.other_office).post(
        reverse("meetings:decide_reexam", args=[reexam.pk]),
        {"status": "upheld", "outcome": "维持"})
    assert other.status_code == 404
    decided = office.post(reverse("meetings:decide_reexam", args=[reexam.pk]),
                          {"status": "changed", "outcome": "经复核，评分计算有误"}, follow=True)
    assert any("改变原结果" in m for m in messages_of(decided))
    assert fresh(app).status == "approved"

    after = applicant.get(_progress(app)).content.decode()
    assert "改变原结果" in after and "经复核，评分计算有误" in after and "评审通过" in after


def test_reexam_outside_the_posting_is_refused_with_the_rule(chain: Chain) -> None:
    app = drive(chain, chain.app, State.APPROVED)
    office = client_for(chain.office)
    later = timezone.localdate() + timedelta(days=21)
    office.post(_results(chain), {"starts_on": later.isoformat(), "place": "评委会网站"})
    applicant = client_for(None, user=app.applicant)
    page = applicant.get(_progress(app)).content.decode()
    assert reverse("applications:reexam", args=[app.pk]) not in page
    refused = applicant.post(reverse("applications:reexam", args=[app.pk]),
                             {"reason": "理由"})
    assert any("复查须在结果公示期内" in m for m in messages_of(refused))
    assert not Reexamination.objects.exists()
    # someone else's application is not found
    stranger = client_for(None, user=chain.new_app().applicant)
    assert stranger.post(reverse("applications:reexam", args=[app.pk]),
                         {"reason": "理由"}).status_code == 404


def test_progress_shows_the_interview_and_the_certificate(chain: Chain) -> None:
    group = DisciplineGroup.objects.create(plan=chain.plan, name="电子组",
                                           specialties=["电子信息"])
    Interview.objects.create(group=group, application=chain.app,
                             starts_at=timezone.make_aware(datetime(2026, 12, 3, 9, 30)),
                             place="评委会三楼会议室")
    cert = issued(chain)
    html = client_for(None, user=chain.applicant).get(_progress(chain.app)).content.decode()
    assert "评委会三楼会议室" in html and "2026年12月3日 09:30" in html
    assert reverse("certificates:mine_pdf", args=[cert.pk]) in html
    assert "已发证" in html
