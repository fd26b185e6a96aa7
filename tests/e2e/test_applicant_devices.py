"""The applicant's path on a phone's screen, and the wizard with the keyboard alone."""

from __future__ import annotations

from playwright.sync_api import FileChooser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import screenshot
from .demo import DemoServer
from .steps import (
    PLAN,
    Person,
    apply,
    fill_archive,
    open_plan,
    photo_jpeg,
    register,
    says,
    sign_in,
    verify_archive,
)

WANG = Person("王芳", "女", "33040219900708002", "13900000032", "wangfang@example.cn",
              "Qiao#Liang2026")
ZHOU = Person("周博", "男", "33040219890211003", "13900000033", "zhoubo@example.cn",
              "Suan#Fa2026x")


def phone_shot(page: Page, name: str) -> None:
    screenshot(page, f"phone-{name}", full_page=False)


def fits_the_screen(page: Page) -> None:
    """Nothing wider than the phone: no sideways scrolling of the page itself."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def test_an_applicant_applies_from_a_phone(phone: Page, second_desktop: Page,
                                           demo: DemoServer) -> None:
    page = phone
    page.goto("/")
    fits_the_screen(page)
    phone_shot(page, "01-home")
    register(page, demo, WANG)
    fits_the_screen(page)
    fill_archive(page)
    fits_the_screen(page)
    phone_shot(page, "02-archive")
    verify_archive(second_desktop, WANG)  # the unit's operator, at the office computer

    sign_in(page, WANG.mobile, WANG.password)
    shots = {"04-eligibility": "03-eligibility", "06-preview": "04-preview"}

    def shot(p: Page, name: str) -> None:
        fits_the_screen(p)
        if name in shots:
            phone_shot(p, shots[name])

    apply(page, WANG, shot=shot)
    says(page, "已提交，待单位审核")
    fits_the_screen(page)
    phone_shot(page, "05-progress")


FOCUSED = """(want) => {
  const e = document.activeElement;
  if (!e || !e.closest("main")) return false;
  return want.css ? e.matches(want.css) : e.textContent.trim() === want.text;
}"""


def tab_to(page: Page, css: str | None = None, text: str | None = None, limit: int = 60) -> None:
    """Press Tab until the element of the content matching `css` (or a link or button
    reading `text`) has the focus, and check that the focus can be seen; fail when Tab
    never gets there (it is then out of the keyboard's reach)."""
    for _ in range(limit):
        if page.evaluate(FOCUSED, {"css": css, "text": text}):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{css or text} has the focus but shows no outline"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {css or text} on {page.url}")


def submit_with_enter(page: Page, button_text: str) -> None:
    tab_to(page, text=button_text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def chooser_with_space(page: Page) -> FileChooser:
    """The file input's chooser, opened with Space. Chromium now and then lets a key press
    go by without opening it when the machine is busy (once in CI); a second press is still
    the keyboard alone."""
    for _ in range(3):
        try:
            with page.expect_file_chooser(timeout=5_000) as chooser:
                page.keyboard.press("Space")
            return chooser.value
        except PlaywrightTimeoutError:
            expect(page.locator("#id_photo")).to_be_focused()
    raise AssertionError("空格键三次都没有打开文件选择框")


def test_the_wizard_with_the_keyboard_alone(desktop: Page, second_desktop: Page,
                                            demo: DemoServer) -> None:
    page = desktop
    register(page, demo, ZHOU)
    fill_archive(page)
    verify_archive(second_desktop, ZHOU)
    sign_in(page, ZHOU.mobile, ZHOU.password)
    open_plan(page)  # the last mouse click: from here on, only keys

    page.keyboard.press("Tab")  # the skip link comes first and leads to the content
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    tab_to(page, "#id_specialty")
    page.keyboard.press("ArrowDown")  # from 请选择 to the plan's one specialty
    expect(page.locator("#id_specialty")).to_have_value("信息技术")
    submit_with_enter(page, "保存并检查")
    says(page, "检查结论")
    tab_to(page, text="下一步：照片")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    tab_to(page, "#id_photo")
    chooser_with_space(page).set_files(files=[{"name": "证件照.jpg", "mimeType": "image/jpeg",
                                    "buffer": photo_jpeg()}])
    submit_with_enter(page, "保存并继续")
    says(page, "已保存：照片")

    tab_to(page, "#id_name")
    page.keyboard.type(ZHOU.name)
    page.keyboard.press("Tab")
    page.keyboard.type(ZHOU.id_number)
    tab_to(page, "#id_agree")
    page.keyboard.press("Space")
    expect(page.locator("#id_agree")).to_be_checked()
    submit_with_enter(page, "保存并继续")
    says(page, "已保存：诚信承诺")

    tab_to(page, "#id_statement")
    page.keyboard.type("任现职以来，本人负责港口调度系统的算法设计与实现。" * 3)
    submit_with_enter(page, "保存并继续")
    says(page, "已保存：本人述职")

    boxes = page.locator("main form input[type=checkbox]")
    tab_to(page, "input[type=checkbox]")
    for i in range(boxes.count()):
        if i:
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "checkbox"
        page.keyboard.press("Space")
    for box in boxes.all():
        expect(box).to_be_checked()
    submit_with_enter(page, "保存并继续")
    says(page, "预览并提交")
    submit_with_enter(page, "确认提交")
    says(page, "申报已提交，等待用人单位审核")
    expect(page.locator("main tr", has_text=PLAN)).to_contain_text("已提交，待单位审核")
    screenshot(page, "18-keyboard-submitted", full_page=False)
