"""What people do in the browser, one function per task, written the way they click: by
the labels and button texts they see."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from zhicheng.identity.idnumber import check_digit

DEMO_PASSWORD = "Zhicheng@2026"
UNIT = "嘉兴演示信息科技有限公司"
PLAN = "嘉兴市2021年度信息技术专业工程技术中级资格评审"
UNIT_OPERATOR, DEPARTMENT, OFFICE, EXPERT = ("13800000002", "13800000003", "13800000004",
                                             "13800000005")
PANEL = ["13800000005", "13800000021", "13800000023", "13800000024"]  # four of five attend
Shot = Callable[[Page, str], object]


def no_shot(page: Page, name: str) -> None:
    return None


@dataclass(frozen=True)
class Person:
    name: str
    sex: str  # the radio button's label
    first17: str
    mobile: str
    email: str
    password: str

    @property
    def id_number(self) -> str:
        return self.first17 + check_digit(self.first17)

    @property
    def birth_date(self) -> str:
        return f"{self.first17[6:10]}-{self.first17[10:12]}-{self.first17[12:14]}"


def sign_in(page: Page, identifier: str, password: str = DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("手机号码或证件号码").fill(identifier)
    page.get_by_label("密码").fill(password)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.locator("header")).to_contain_text("退出")


def act_as(page: Page, role: str) -> None:
    """Switch the role acted in, by the beginning of its label (用人单位, 评委会办公室…)."""
    switch = page.locator("#role-switch")
    if not switch.count():
        expect(page.locator("header")).to_contain_text(role)
        return
    label = next(t for t in switch.locator("option").all_inner_texts() if t.startswith(role))
    switch.select_option(label=label)
    page.locator("form:has(#role-switch)").get_by_role("button", name="切换").click()
    expect(page.locator("main")).to_contain_text("已切换为")


def press(page: Page, button: str) -> None:
    """Click a button of the page's main part by its exact text."""
    page.locator("main").get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def says(page: Page, text: str) -> None:
    expect(page.locator("main")).to_contain_text(text)


def photo_jpeg() -> bytes:
    """A 300×420 portrait JPEG over 30 KB, as the plans ask."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (300, 420), (226, 236, 248))
    draw = ImageDraw.Draw(img)
    draw.ellipse((95, 70, 205, 190), fill=(238, 205, 180))
    draw.rectangle((70, 210, 230, 420), fill=(40, 60, 100))
    rng = random.Random(7)
    pixels = img.load()
    for _ in range(40_000):
        x, y = rng.randrange(300), rng.randrange(420)
        r, g, b = pixels[x, y]
        d = rng.randrange(-18, 18)
        pixels[x, y] = (max(0, min(255, r + d)), max(0, min(255, g + d)), max(0, min(255, b + d)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


def proof_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Project acceptance certificate (demo)")
    return bytes(pdf.output())


def summary_docx(title: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for text in ("本报告总结嘉兴港区智慧物流调度平台的设计、实施与运行效果。",
                 "平台采用分层架构，调度算法以最小费用流模型为基础，兼顾集卡等待时间与堆场作业量。",
                 "项目上线后集卡平均等待时间下降约三成，堆场翻箱率下降约两成。"):
        document.add_paragraph(text * 4)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def upload(page: Page, label: str, name: str, mime: str, data: bytes) -> None:
    page.get_by_label(label, exact=True).set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}])


def register(page: Page, demo: object, person: Person, shot: Shot = no_shot) -> None:
    page.goto("/")
    page.locator("main").get_by_role("link", name="实名注册").click()
    page.get_by_label("姓名").fill(person.name)
    page.get_by_label(person.sex, exact=True).check()
    page.get_by_label("证件号码").fill(person.id_number)
    page.get_by_label("出生日期").fill(person.birth_date)
    page.get_by_label("电子邮箱").fill(person.email)
    page.get_by_label("手机号码").fill(person.mobile)
    press(page, "获取短信验证码")
    says(page, "验证码已发送")
    page.get_by_label("短信验证码").fill(demo.sms_code(person.mobile))  # type: ignore[attr-defined]
    page.get_by_label("密码", exact=True).fill(person.password)
    page.get_by_label("确认密码").fill(person.password)
    shot(page, "02-register")
    press(page, "注册")
    says(page, f"注册成功，欢迎您，{person.name}")
    page.locator("main").get_by_role("link", name="去选择").click()
    page.get_by_label("工作单位").select_option(label=UNIT)
    press(page, "保存")
    says(page, "工作单位已保存")


def _save(page: Page) -> None:
    page.locator("main form").get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "/add/" not in page.url, page.locator("main").inner_text()


def fill_archive(page: Page, shot: Shot = no_shot) -> None:
    """Education, work, a title, appraisals, hours imported from a CSV, a project with its
    proof and two outputs, one with its full text: enough for the Jiaxing engineer plan."""
    page.goto("/archive/")
    main = page.locator("main")
    main.get_by_role("link", name="学历").click()
    main.get_by_role("link", name="添加").click()
    page.get_by_label("学历", exact=True).select_option(label="硕士研究生")
    page.get_by_label("学科门类").select_option(label="理工类")
    page.get_by_label("所学专业").fill("计算机技术")
    page.get_by_label("与申报专业相关").select_option(label="是")
    page.get_by_label("毕业院校").fill("浙江大学")
    page.get_by_label("学习形式").select_option(label="全日制")
    page.get_by_label("毕业（取得）时间").fill("2012-06-30")
    upload(page, "学历证书", "学历证书.pdf", "application/pdf", proof_pdf())
    _save(page)

    page.goto("/archive/work/add/")
    page.get_by_label("开始时间").fill("2012-07-15")
    page.get_by_label("工作单位").fill(UNIT)
    page.get_by_label("岗位（职务）").fill("软件工程师")
    page.get_by_label("专业技术工作").check()
    page.get_by_label("与申报专业对口").select_option(label="是")
    _save(page)

    page.goto("/archive/titles/add/")
    page.get_by_label("级别").select_option(label="助理级（初级）")
    page.get_by_label("职称名称").fill("助理工程师")
    page.get_by_label("取得时间").fill("2015-12-31")
    page.get_by_label("评审（认定）机构").fill("嘉兴市信息技术工程技术初级评委会")
    _save(page)

    for year in range(2015, 2022):
        page.goto("/archive/appraisals/add/")
        page.get_by_label("年度").fill(str(year))
        page.get_by_label("考核结果").select_option(label="合格（称职）")
        _save(page)

    page.goto("/archive/ce/")
    page.locator("main").get_by_role("link", name="导入学时记录").click()
    sheet = "年度,科目类别,学时,课程名称\n" + "".join(
        f"{y},公需科目,40,专业技术人员公需科目{y}\n{y},专业科目,80,信息技术专业科目{y}\n"
        for y in range(2015, 2022))
    upload(page, "学时记录文件（CSV 或 Excel .xlsx）", "继续教育学时.csv", "text/csv",
           sheet.encode("utf-8"))
    press(page, "导入")
    says(page, "已导入14条学时记录")

    page.goto("/archive/achievements/add/")
    page.get_by_label("项目名称").fill("嘉兴港区智慧物流调度平台")
    page.get_by_label("立项单位").fill("嘉兴市经济和信息化局")
    page.get_by_label("开始时间").fill("2018-01-01")
    page.get_by_label("完成时间").fill("2019-06-30")
    page.get_by_label("本人角色").select_option(label="主持")
    page.get_by_label("项目内容及本人作用").fill("主持平台总体设计，负责调度算法与数据接口的实现。")
    upload(page, "证明材料（PDF）", "验收证明.pdf", "application/pdf", proof_pdf())
    _save(page)

    title = "关于嘉兴港区智慧物流调度平台的技术总结报告"
    page.goto("/archive/outputs/add/")
    page.get_by_label("类别").select_option(label="技术总结（报告）")
    page.get_by_label("题目").fill(title)
    upload(page, "全文（DOC/DOCX）", "技术总结.docx",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           summary_docx(title))
    page.get_by_label("字数").fill("5200")
    page.get_by_label("撰写（发表）时间").fill("2020-03-01")
    page.get_by_label("对应业绩").select_option(label="嘉兴港区智慧物流调度平台")
    _save(page)

    page.goto("/archive/outputs/add/")
    page.get_by_label("类别").select_option(label="论文")
    page.get_by_label("题目").fill("港口集卡调度的数据采集方法")
    page.get_by_label("字数").fill("4000")
    page.get_by_label("已发表（出版）").check()
    page.get_by_label("期刊（出版社）").fill("计算机应用与软件")
    page.get_by_label("撰写（发表）时间").fill("2020-05-01")
    _save(page)

    page.goto("/archive/")
    says(page, "继续教育学时 14 条")
    shot(page, "03-archive")


def verify_archive(page: Page, person: Person, shot: Shot = no_shot) -> None:
    """The unit's operator checks the title and the project (业绩须经单位核实)."""
    sign_in(page, UNIT_OPERATOR)
    act_as(page, "用人单位")
    page.locator("main").get_by_role("link", name="核实职工的业绩和职称").click()
    for n in range(2):
        page.locator("main").get_by_role("link", name=person.name).first.click()
        if n == 1:
            shot(page, "05-unit-verifies-archive")
        page.get_by_label("核实无误").check()
        press(page, "提交")
        says(page, "已记录核实结果")
    expect(page.locator("main")).not_to_contain_text(person.name)


def open_plan(page: Page) -> None:
    page.goto("/applications/")
    page.locator("li", has_text=PLAN).get_by_role("button", name="申报").click()
    says(page, "1. 资格预检")


def apply(page: Page, person: Person, shot: Shot = no_shot) -> str:
    """Through the six steps of the wizard to a submitted application; returns its page."""
    open_plan(page)
    page.get_by_label("申报专业").select_option(label="信息技术")
    press(page, "保存并检查")
    says(page, "检查结论")
    shot(page, "04-eligibility")
    page.locator("main").get_by_role("link", name="下一步：照片").click()
    upload(page, "近期免冠证件照（JPG）", "证件照.jpg", "image/jpeg", photo_jpeg())
    press(page, "保存并继续")
    says(page, "已保存：照片")
    page.get_by_label("签名（输入本人姓名）").fill(person.name)
    page.get_by_label("证件号码").fill(person.id_number)
    page.get_by_label("本人承诺所填信息和所交材料真实、准确").check()
    press(page, "保存并继续")
    page.get_by_label("本人述职").fill(
        "任现职以来，本人主持嘉兴港区智慧物流调度平台的设计与实施，负责总体架构、调度算法和"
        "数据接口，平台上线后集卡平均等待时间下降约三成。" * 3)
    press(page, "保存并继续")
    for box in page.locator("main form input[type=checkbox]").all():
        box.check()
    press(page, "保存并继续")
    says(page, "预览并提交")
    shot(page, "06-preview")
    press(page, "确认提交")
    says(page, "申报已提交，等待用人单位审核")
    page.locator("tr", has_text=PLAN).get_by_role("link", name="办理进度").click()
    return page.url
