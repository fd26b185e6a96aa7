"""A whole round in the browser: an applicant registers, fills the archive, checks
eligibility and applies with a photo and attachments; the unit verifies, reviews and posts;
the department recommends; the office accepts, assigns experts and runs the meeting; the
experts score and vote; the certificate is downloaded and verified on the public page.

One test, in the order the round happens: each step needs the one before it."""

from __future__ import annotations

import io
import re

import openpyxl
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from .conftest import screenshot
from .demo import DemoServer
from .steps import (
    DEPARTMENT,
    EXPERT,
    OFFICE,
    PANEL,
    PLAN,
    UNIT_OPERATOR,
    Person,
    act_as,
    apply,
    fill_archive,
    press,
    register,
    says,
    sign_in,
    upload,
    verify_archive,
)

LIN = Person("林晓", "女", "33040219920315004", "13900000031", "linxiao@example.cn",
             "Gong#Cheng2026")
EXPERT_MOBILES = {"钱七": "13800000005", "许一": "13800000021", "何二": "13800000022",
                  "吕三": "13800000023", "施四": "13800000024"}


def open_application(page: Page, name: str) -> None:
    page.goto("/reviews/")
    page.locator("main table").get_by_role("link", name=name).first.click()
    expect(page.locator("main h1")).to_contain_text(name)


def test_a_round_from_registration_to_a_verified_certificate(
        desktop: Page, browser: Browser, demo: DemoServer) -> None:
    page = desktop
    page.goto("/")
    screenshot(page, "01-home")

    # the applicant
    register(page, demo, LIN, shot=screenshot)
    fill_archive(page, shot=screenshot)
    verify_archive(page, LIN, shot=screenshot)
    sign_in(page, LIN.mobile, LIN.password)
    apply(page, LIN, shot=screenshot)
    says(page, "已提交，待单位审核")

    # the unit: review, post for five working days, recommend
    sign_in(page, UNIT_OPERATOR)
    act_as(page, "用人单位")
    page.goto("/reviews/")
    screenshot(page, "07-unit-desk")
    open_application(page, LIN.name)
    says(page, "嘉兴港区智慧物流调度平台")  # the chosen project, with its files
    with page.expect_download() as proof:
        page.locator("main").get_by_role("link", name="证明材料").click()
    assert open(proof.value.path(), "rb").read(5) == b"%PDF-"
    with page.expect_download() as summary:
        page.locator("main").get_by_role("link", name="全文").click()
    assert open(summary.value.path(), "rb").read(2) == b"PK"  # the DOCX as uploaded
    expect(page.locator("main img.photo")).to_be_visible()
    press(page, "开始审核")
    screenshot(page, "08-unit-review")
    press(page, "审核通过")
    says(page, "已审核通过")
    press(page, "开始公示")
    says(page, "公示期")
    screenshot(page, "09-unit-posting")

    demo.days_pass(12)  # the five working days of the 公示 run out
    sign_in(page, UNIT_OPERATOR)
    act_as(page, "用人单位")
    open_application(page, LIN.name)
    press(page, "公示期满，推荐报送")
    says(page, "已报送，待主管部门接收")

    # the department
    sign_in(page, DEPARTMENT)
    act_as(page, "主管部门")
    open_application(page, LIN.name)
    press(page, "接收")
    press(page, "审核通过，推荐至评委会")
    says(page, "评委会办公室审核中")

    # the committee office: acceptance number, paper copies, fee, to the experts
    sign_in(page, OFFICE)
    act_as(page, "评委会办公室")
    open_application(page, LIN.name)
    press(page, "受理（分配受理号）")
    says(page, "受理号")
    page.get_by_label("收到份数").fill("2")
    page.locator("form[action$='/paper/']").get_by_role("button", name="登记").click()
    page.get_by_label("缴费状态").select_option(label="已缴费")
    page.get_by_label("缴费凭证号").fill("JX20261206001")
    page.locator("form[action$='/fee/']").get_by_role("button", name="登记").click()
    screenshot(page, "10-office-acceptance")
    press(page, "提交专家评审")
    says(page, "专家评审中")

    # assignment: three experts for each application, proposed, checked, applied
    page.goto("/experts/")
    page.locator("main").get_by_role("link", name=PLAN).click()
    page.get_by_label("每件申报的评审专家人数").fill("3")
    press(page, "生成分配方案")
    follow_job(page, "查看分配方案")
    row = page.locator("main tr", has_text=LIN.name)
    assigned = [label.strip() for label in row.locator("label").all_inner_texts()]
    assert len(assigned) == 3, assigned
    screenshot(page, "11-assignment")
    press(page, "确认并执行方案")
    says(page, "已执行分配方案")

    # the experts score
    for i, name in enumerate(assigned):
        sign_in(page, EXPERT_MOBILES[name])
        act_as(page, "评审专家")
        page.goto("/experts/mine/")
        page.locator("main tr", has_text=LIN.name).get_by_role("link").first.click()
        for j, label in enumerate(("业绩成果", "专业能力", "论文与技术总结", "职业道德")):
            page.get_by_label(re.compile(f"^{label}")).fill(str(82 + i + j))
        page.get_by_label("评审意见").fill("业绩与申报专业对口，技术总结条理清楚。")
        if i == 0:
            screenshot(page, "12-expert-scores")
        press(page, "提交评分")
        says(page, "评分已提交")

    # the meeting: four of five present, secret ballot, tally
    sign_in(page, OFFICE)
    act_as(page, "评委会办公室")
    page.goto("/meetings/")
    page.get_by_label("评审计划").select_option(label=PLAN)
    page.get_by_label("学科组").select_option(index=1)
    page.get_by_label("会议名称").fill("嘉兴市信息技术中级评委会2026年第一次评审会议")
    press(page, "创建会议")
    meeting = page.url
    for name in ("钱七", "许一", "吕三", "施四"):
        page.locator("main label", has_text=name).locator("input").check()
    press(page, "登记出席")
    press(page, "开始表决")
    says(page, "表决已开始")
    for mobile in PANEL:
        sign_in(page, mobile)
        act_as(page, "评审专家")
        page.goto(meeting.replace(demo.base, "") + "vote/")
        for name, choice in ((LIN.name, "同意"),
                             ("蒋涛", "不同意" if mobile == PANEL[-1] else "同意")):
            form = page.locator("main form", has_text=f"对{name}的表决意见")
            form.get_by_label(choice, exact=True).check()
            if mobile == EXPERT and name == LIN.name:
                screenshot(page, "13-expert-votes")
            form.get_by_role("button", name="提交表决").click()
            says(page, f"已提交对{name}的表决")
    sign_in(page, OFFICE)
    act_as(page, "评委会办公室")
    page.goto(meeting.replace(demo.base, ""))
    press(page, "结束表决并计票")
    says(page, "表决已结束并计票")
    expect(page.locator("main tr", has_text=LIN.name)).to_contain_text("通过")
    screenshot(page, "14-meeting-tally")

    # results posted for five working days, then the certificate
    page.locator("main").get_by_role("link", name="评审结果公示与复查").click()
    press(page, "重新公示")
    says(page, "已公示评审结果")
    screenshot(page, "15-results-posting")
    demo.days_pass(10)
    sign_in(page, OFFICE)
    act_as(page, "评委会办公室")
    page.goto("/certificates/office/")
    page.locator("main tr", has_text=LIN.name).get_by_role("button", name="发放证书").click()
    says(page, "已发放证书")
    number = page.locator("main h1").inner_text().split()[-1]
    screenshot(page, "16-certificate-issued")

    sign_in(page, LIN.mobile, LIN.password)
    page.goto("/certificates/mine/")
    with page.expect_download() as download:
        page.locator("main").get_by_role("link", name="下载 PDF").click()
    pdf = PdfReader(download.value.path())
    text = pdf.pages[0].extract_text()
    assert LIN.name in text and number in text and "工程师" in text
    assert LIN.id_number not in text  # masked on the certificate
    verify_url = re.search(r"http://\S+/certificates/by_token/\S+/", text).group(0)

    anyone = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    public = anyone.new_page()
    public.goto(verify_url)  # what scanning the QR code opens
    expect(public.locator("main")).to_contain_text("有效")
    expect(public.locator("main")).to_contain_text(LIN.name)
    public.goto(f"{demo.base}/certificates/verify/")
    public.get_by_label("证书编号").fill(number)
    public.locator("main").get_by_role("button", name="查验").click()
    expect(public.locator("main")).to_contain_text("有效")
    screenshot(public, "17-certificate-verified")
    anyone.close()

    # the office's long work and its statistics
    sign_in(page, OFFICE)
    act_as(page, "评委会办公室")
    screenshot(page, "22-office-dashboard")
    page.goto("/overlap/")
    press(page, "重新索引并检查")
    follow_job(page, "查看检查结果")
    row = page.locator("main tr", has_text="关于嘉兴港区智慧物流调度平台的技术总结报告")
    row.get_by_role("button", name="检查").click()
    follow_job(page, "查看检测报告")
    says(page, "总文字复制比")
    screenshot(page, "23-overlap-report")
    page.locator("header").get_by_role("link", name="工作台").click()
    page.locator("main").get_by_role("link", name="资格批量预检").click()
    with page.expect_download() as template:
        page.locator("main").get_by_role("link", name="下载 Excel 模板").click()
    page.get_by_label("评审计划").select_option(label=PLAN)
    upload(page, "档案表", "待预检人员.xlsx",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           template.value.path().read_bytes())
    press(page, "上传并预检")
    follow_job(page, "查看预检结果")
    says(page, "预检结果")
    expect(page.locator("main table").first).to_contain_text("王磊")
    screenshot(page, "25-bulk-prescreen")
    page.locator("header").get_by_role("link", name="工作台").click()
    page.locator("main").get_by_role("link", name="统计").click()
    says(page, "按申报阶段")
    expect(page.locator("main svg").first).to_be_visible()
    with page.expect_download() as table:
        page.locator("main").get_by_role("link", name="下载 Excel").first.click()
    assert table.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(table.value.path().read_bytes())).active
    assert any("已发证" in str(cell.value) for row in sheet.iter_rows() for cell in row)
    screenshot(page, "19-statistics")

    page.goto("/reviews/exports/")
    page.locator("main select[name=kind]").select_option(label="评审表（PDF压缩包）")
    press(page, "生成")
    says(page, "可以离开此页")
    screenshot(page, "20-job-progress")
    expect(page.locator("main")).to_contain_text("已完成", timeout=60_000)
    page.locator("header").get_by_role("link", name="我的任务").click()
    expect(page.locator("main")).to_contain_text("评审表（PDF压缩包）")
    expect(page.locator("main")).to_contain_text("专家分配")
    expect(page.locator("main")).to_contain_text("查重")
    screenshot(page, "21-my-jobs")

    sign_in(page, LIN.mobile, LIN.password)
    page.goto("/applications/")
    page.locator("main tr", has_text=PLAN).get_by_role("link", name="办理进度").click()
    says(page, "已发证")
    screenshot(page, "24-applicant-progress")


def follow_job(page: Page, result_link: str) -> None:
    """Long work runs as a job: its page shows progress, refreshing itself, until the result
    is ready."""
    assert "/jobs/" in page.url, page.url
    expect(page.locator("main")).to_contain_text("已完成", timeout=60_000)
    page.locator("main").get_by_role("link", name=result_link).click()
