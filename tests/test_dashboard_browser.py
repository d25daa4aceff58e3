"""The dashboards in a real browser (Debian's chromium via Selenium), served by a real Streamlit server
reading the embedded PostgreSQL through the BI login role: Gold as of each of 40 days (tests/gold_days.py).

Streamlit renders over a websocket, so every check waits in real time for the page to change. Screenshots go
to the test's output folder; with PQR_UPDATE_SCREENSHOTS=1 they also replace docs/screenshots/*.png.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.test_dashboard import PERSONAL_DATA, served, tickets  # noqa: F401  (day-keyed Gold and the BI DSN)

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
WAIT_S = 90  # a loaded 2-core machine
pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="Debian's chromium and chromium-driver are not installed")


@pytest.fixture(scope="module")
def streamlit_url(served, tmp_path_factory):  # noqa: F811
    from pqrlab.services.process import free_port, running

    port = free_port()
    env = {**os.environ, "PQR_BI_DSN": served["bi"], "PQR_PG_DSN": "postgresql://nobody@127.0.0.1:1/unused",
           "PYTHONPATH": str(ROOT), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    args = [sys.executable, "-m", "streamlit", "run", str(ROOT / "pqrlab/dashboard/app.py"), "--server.headless=true",
            "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none"]
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with running(args, f"http://127.0.0.1:{port}/_stcore/health", log, env=env, timeout_s=WAIT_S):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="pqr-chromium-")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", f"--user-data-dir={profile}", "--window-size=1500,3000", "--lang=es-CO"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    bogota = {**os.environ, "TZ": "America/Bogota"}  # a reader in Colombia: a day must not shift to the day before
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER), env=bogota), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def wait_for(condition, what: str, timeout_s: float = WAIT_S):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:  # noqa: BLE001 - the DOM changes under us while Streamlit reruns
            value = None
        if value:
            return value
        time.sleep(0.5)
    raise TimeoutError(f"waited {timeout_s:.0f} s for {what}")


def metrics(driver) -> dict[str, str]:
    from selenium.webdriver.common.by import By

    tiles = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMetric"]')
    values = {t.find_element(By.CSS_SELECTOR, '[data-testid="stMetricLabel"]').text.strip():
              t.find_element(By.CSS_SELECTOR, '[data-testid="stMetricValue"]').text.strip() for t in tiles}
    return values if values and all(values.values()) else {}


def settled(driver) -> bool:
    """No rerun in progress (Streamlit's status widget shows while the script runs)."""
    from selenium.webdriver.common.by import By

    return not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]')


def stable_metrics(driver, different_from: dict | None = None) -> dict[str, str]:
    """The KPI tiles once the page has settled (and differ from `different_from`, when given)."""
    def ready():
        now = metrics(driver)
        return now if now and settled(driver) and now != different_from else None
    first = wait_for(ready, "the KPI tiles to update")
    time.sleep(1.0)
    return wait_for(ready, "the KPI tiles to settle") if metrics(driver) != first else first


def pick(driver, label: str, option: str) -> None:
    """Choose `option` in the sidebar select box labelled `label`."""
    from selenium.webdriver.common.by import By

    def box():
        for element in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebar"] [data-testid="stSelectbox"]'):
            if element.find_element(By.CSS_SELECTOR, "label").text.strip() == label:
                return element
    wait_for(box, f"the {label!r} select box").find_element(By.CSS_SELECTOR, '[role="combobox"], input').click()

    def choice():
        return next((o for o in driver.find_elements(By.CSS_SELECTOR, '[role="option"]') if o.text.strip() == option), None)
    wait_for(choice, f"option {option!r} of {label!r}").click()


def no_error_on_page(driver) -> None:
    from selenium.webdriver.common.by import By

    assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')


def save(driver, shots: Path, name: str) -> Path:
    """Screenshot to the test output; with PQR_UPDATE_SCREENSHOTS=1 a reduced copy into docs/screenshots."""
    path = shots / f"{name}.png"
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    if os.environ.get("PQR_UPDATE_SCREENSHOTS") == "1":
        from PIL import Image

        image = Image.open(path).convert("RGB")
        image.thumbnail((1000, 2000))
        target = ROOT / "docs" / "screenshots" / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        image.quantize(colors=128).save(target, optimize=True)
    return path


def coloured_pixels(png: bytes) -> int:
    """Pixels that are neither grey nor white: the map's coloured circles."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in image.getdata() if max(r, g, b) - min(r, g, b) > 60)


def test_executive_page_latest_day_period_filter_backlog_today_and_map(browser, streamlit_url, shots, tickets):  # noqa: F811
    from selenium.webdriver.common.by import By

    from tests.gold_days import N_DAYS, day

    latest = day(N_DAYS - 1)
    browser.get(streamlit_url)
    wait_for(lambda: "Tablero ejecutivo" in browser.find_element(By.TAG_NAME, "h1").text, "the executive page")
    baseline = stable_metrics(browser)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", baseline["Tickets recibidos"])
    assert re.fullmatch(r"\d{1,3},\d %", baseline["Cumplimiento de términos"])
    assert re.fullmatch(r"\d+ / \d+", baseline["Respuesta p50 / p90 (días hábiles)"])
    assert re.fullmatch(r"\d+", baseline["Abiertos hoy"]) and re.fullmatch(r"\d+", baseline["Vencidos hoy"])
    no_error_on_page(browser)
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "Meta legal de cumplimiento" in text and "95 %" in text and "hora de Bogotá" in text
    assert f"Estado al {latest:%d/%m/%Y}" in text and f"Pendientes hoy ({latest:%d/%m/%Y})" in text
    assert "Tendencias diarias del periodo" in text and "Tickets vencidos más antiguos" in text

    # The period filter: a preset box and the date range in dd/mm/aaaa, ending on the latest day; no run picker.
    labels = [e.text.strip() for e in browser.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebar"] label')]
    assert "Periodo" in labels and "Desde – hasta" in labels and not [lb for lb in labels if "orrida" in lb]
    dates = browser.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"] [data-testid="stDateInputField"]')
    first = latest - dt.timedelta(days=29)
    assert re.sub(r"\s+", "", dates.text) == f"{first:%d/%m/%Y}–{latest:%d/%m/%Y}"  # dd/mm/aaaa, shown as typed

    # Charts: the age of today's backlog, three daily trends, then the map (offline Vega, coloured circles).
    charts = wait_for(lambda: (lambda c: c if len(c) >= 6 else None)(
        browser.find_elements(By.CSS_SELECTOR, '[data-testid="stVegaLiteChart"]')), "the charts")
    for chart in charts[:5]:
        wait_for(lambda: chart.find_elements(By.CSS_SELECTOR, "canvas, svg"), "a chart to draw")
    received = [e.get_attribute("aria-label") for e in charts[1].find_elements(By.CSS_SELECTOR, "svg [aria-label]")]
    by_day = [label for label in received if label and label.startswith("Día: ")]
    want = int((tickets["day"] == first).sum())
    assert by_day[0].startswith(f"Día: {first:%d/%m}; Tickets recibidos: {want};"), by_day[:2]  # in Bogotá time
    assert len(by_day) == 30
    the_map = charts[4]
    wait_for(lambda: the_map.find_elements(By.CSS_SELECTOR, "canvas, svg"), "the map to draw")
    browser.execute_script("arguments[0].scrollIntoView()", the_map)
    assert the_map.size["height"] > 300 and coloured_pixels(the_map.screenshot_as_png) > 300
    save(browser, shots, "tablero")

    # The overdue list of today: a CSV download without personal data, oldest first.
    button = wait_for(lambda: next(b for b in browser.find_elements(By.CSS_SELECTOR, '[data-testid="stDownloadButton"] button')
                                   if "CSV" in b.text), "the CSV button")
    browser.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    download = wait_for(lambda: next(iter(p for p in browser.downloads.glob(f"vencidos_{latest:%Y%m%d}.csv")), None),
                        "the CSV download")
    rows = list(csv.DictReader(io.StringIO(download.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows and list(rows[0]) == ["Radicado", "Tipo", "Tema", "Municipio", "Departamento", "Recibido", "Vencía",
                                      "Días hábiles de mora"]
    assert len(rows) == int(baseline["Vencidos hoy"])
    days = [int(r["Días hábiles de mora"]) for r in rows]
    assert days == sorted(days, reverse=True) and {r["Tipo"] for r in rows} <= {"Petición", "Queja", "Reclamo", "Sugerencia"}
    assert not re.search(PERSONAL_DATA, download.read_text(encoding="utf-8-sig"))
    assert not re.search(PERSONAL_DATA, browser.find_element(By.TAG_NAME, "body").text)

    # Each filter changes the numbers shown; the period does not change the backlog of today.
    seen = baseline
    for label, option in [("Periodo", "Últimos 7 días"), ("Periodo", "Todo el historial"), ("Departamento", "Antioquia"),
                          ("Municipio", "Medellín"), ("Tipo de PQRS", "Petición"), ("Tema", "Servicios públicos")]:
        pick(browser, label, option)
        now = stable_metrics(browser, different_from=seen)
        assert now != seen, (label, option)
        if label == "Periodo":
            assert (now["Abiertos hoy"], now["Vencidos hoy"]) == (baseline["Abiertos hoy"], baseline["Vencidos hoy"])
        no_error_on_page(browser)
        seen = now
    save(browser, shots, "tablero_filtrado")


def test_operations_page_in_spanish_without_errors(served, browser, streamlit_url, shots):  # noqa: F811
    from selenium.webdriver.common.by import By

    from pqrlab.control.runs import finish_run, record_checks, record_step, start_run
    from pqrlab.quality import CHECKS, CheckResult
    from pqrlab.steps import StepResult

    start_run(served["admin"], "corrida-fallida", 7, {})
    for step in ("silver", "generate", "bronze"):
        record_step(served["admin"], StepResult(step=step, run_id="corrida-fallida", seconds=2.5, rows_in=900, rows_out=900))
    record_checks(served["admin"], "corrida-fallida", [CheckResult(CHECKS[5], False, "0,4", "0,25")])
    finish_run(served["admin"], "corrida-fallida", "failed", "QualityGateError: share_of_raw_at_most")
    browser.get(f"{streamlit_url}/operaciones")
    wait_for(lambda: "Operación del pipeline" in browser.find_element(By.TAG_NAME, "h1").text, "the operations page")
    tiles = stable_metrics(browser)
    assert tiles == {"Corridas recientes": "5", "Corridas fallidas": "1", "Controles de calidad fallidos": "1",
                     "Último día cubierto": "10/04/2026", "Días publicados": "40"}
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"]')) == 4, "the tables")
    no_error_on_page(browser)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Corridas y días que cubrió cada una (las fallidas primero)" in body and "en el orden del pipeline" in body
    assert "Días publicados y la corrida vigente de cada uno" in body
    save(browser, shots, "operaciones")
