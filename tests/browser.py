"""A real browser for the workspace tests: Debian's `chromium` driven by Selenium with Debian's `chromium-driver`
(`make test` installs both; no browser downloads). Pages that render with JavaScript and websockets are
waited for in real time, as a person would."""
from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1400,900")
PATIENCE_S = 60.0  # JupyterLab and Streamlit on a loaded 2-core machine


def browser_missing() -> str | None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    return f"{', '.join(missing)} not installed (`make test` installs Debian's chromium, chromium-driver)" \
        if missing else None


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Chromium with a fresh profile; quit (and the profile removed) afterwards."""
    if reason := browser_missing():
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="pqr-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_until(driver, condition: Callable, what: str, timeout_s: float = PATIENCE_S):
    """Poll `condition(driver)` until it returns something truthy; return that, or fail saying `what`."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            found = condition(driver)
        except Exception:  # noqa: BLE001 - the page is still loading (stale element, no Bokeh yet, ...)
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout_s:.0f} s, {what} not found on {driver.current_url}:\n"
                                 f"{page_text(driver)[:2000]}")
        time.sleep(0.5)


def page_text(driver) -> str:
    try:
        return driver.execute_script("return document.body ? document.body.innerText : ''")
    except Exception:  # noqa: BLE001
        return ""


def screenshot(driver, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
