"""Browser tests: Playwright driving Debian's Chromium against the demo server.

Each test module gets its own demo server (own database, files and clock); each test its
own browser context. Screenshots land in docs/screenshots/ (the README shows them)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.servers import ROOT

from .demo import DemoServer, ensure_system_packages

SCREENSHOTS = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 860}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = ensure_system_packages()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--font-render-hinting=none",
            "--lang=zh-CN"], env={**os.environ, "LANGUAGE": "zh_CN"})
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
         ) -> Iterator[DemoServer]:
    name = request.module.__name__.rsplit(".", 1)[-1]
    server = DemoServer(tmp_path_factory.mktemp(name), f"e2e_{name}")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _context(browser: Browser, demo: DemoServer, **options: object) -> BrowserContext:
    context = browser.new_context(base_url=demo.base, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def desktop(browser: Browser, demo: DemoServer) -> Iterator[Page]:
    context = _context(browser, demo, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser, demo: DemoServer) -> Iterator[Page]:
    """A phone's screen: 390×844 CSS pixels, touch, a mobile browser's user agent."""
    context = _context(browser, demo, viewport={"width": 390, "height": 844},
                       device_scale_factor=2, is_mobile=True, has_touch=True,
                       user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                                  "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36")
    yield context.new_page()
    context.close()


@pytest.fixture
def second_desktop(browser: Browser, demo: DemoServer) -> Iterator[Page]:
    """Another person at another computer (a unit operator while the applicant works)."""
    context = _context(browser, demo, viewport=DESKTOP)
    yield context.new_page()
    context.close()


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """The page as a PNG of 256 colours (a third of the size, the same to the eye)."""
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    shot = Image.open(io.BytesIO(page.screenshot(full_page=full_page, animations="disabled")))
    shot.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                 dither=Image.Dither.NONE).save(path, optimize=True)
    return path
