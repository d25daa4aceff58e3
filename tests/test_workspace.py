"""The student's workspace, tried as a student would: `pqrlab up` (every service on ports set by the settings,
free ones here), a `make run`-style run while it is up, and real Chromium on each page it prints.

One `pqrlab up` serves the whole module; its last test stops it with Ctrl-C.
"""
from __future__ import annotations

import html.parser
import json
import os
import queue
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from pqrlab.services.process import free_port, port_answers
from tests.browser import chromium, page_text, screenshot, wait_until

PORT_SETTINGS = ("PQR_DASK_SCHEDULER_PORT", "PQR_DASK_DASHBOARD_PORT", "PQR_PREFECT_PORT", "PQR_JUPYTER_PORT",
                 "PQR_STREAMLIT_PORT")
NOTEBOOKS = ("01_generate_raw", "02_raw_to_bronze", "03_bronze_to_silver", "04_silver_to_gold",
             "05_publish_postgres")
NOT_INHERITED = ("PREFECT_API_URL", "PQR_PG_DSN", "PQR_DASK_ADDRESS", "PQR_HOME", "PQR_LAKE_URL", *PORT_SETTINGS)


@dataclass
class Up:
    proc: subprocess.Popen
    lines: queue.Queue  # what it prints after `printed`
    env: dict[str, str]
    home: Path
    printed: str
    urls: dict[str, str]


def workspace_env(root: Path) -> dict[str, str]:
    """A scratch installation: its own home and lake, 300 e-mails, every fixed port moved to a free one."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update({name: str(free_port()) for name in PORT_SETTINGS})
    env.update({"PQR_HOME": str(root / "home"), "PQR_LAKE_URL": f"file://{root / 'lake'}", "PQR_EVENTS": "300",
                "PQR_DAYS": "20", "PYTHONPATH": os.pathsep.join(filter(None, [str(Path.cwd()),
                                                                           os.environ.get("PYTHONPATH")]))})
    return env


def output_lines(proc: subprocess.Popen) -> queue.Queue:
    """The lines `proc` prints, as they come (read by a thread, so a test never blocks on them)."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    return lines


def rest_of(lines: queue.Queue) -> str:
    return "".join(iter(lambda: lines.get() if not lines.empty() else None, None))


def read_until(proc: subprocess.Popen, lines: queue.Queue, marker: str, timeout_s: float) -> str:
    """What `proc` printed up to the line containing `marker` (fails if it exits or takes too long)."""
    seen, deadline = [], time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"`pqrlab up` did not get ready (exit code {proc.poll()}):\n{''.join(seen)}")


@pytest.fixture(scope="module")
def up(tmp_path_factory) -> Up:
    root = tmp_path_factory.mktemp("workspace")
    env = workspace_env(root)
    proc = subprocess.Popen([sys.executable, "-m", "pqrlab.cli", "up"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, cwd=Path(__file__).parents[1])
    lines = output_lines(proc)
    try:
        printed = read_until(proc, lines, "Ctrl-C stops everything", 240)
        urls = json.loads((root / "home" / "services.json").read_text())
        yield Up(proc, lines, env, root / "home", printed, urls)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            proc.wait(90)


@pytest.fixture(scope="module")
def cli_run(up) -> subprocess.CompletedProcess:
    """`pqrlab run` (what `make run` runs) while the workspace is up, in a pseudo-terminal as a person sees it."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pqrlab.cli", "run"], stdin=subprocess.DEVNULL, stdout=follower,
                            stderr=follower, env=up.env, cwd=Path(__file__).parents[1])
    os.close(follower)
    chunks, deadline = [], time.monotonic() + 600
    while time.monotonic() < deadline and (proc.poll() is None or select.select([leader], [], [], 0)[0]):
        if select.select([leader], [], [], 1)[0]:
            try:
                chunks.append(os.read(leader, 65536))
            except OSError:  # the terminal closed
                break
    os.close(leader)
    proc.wait(60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, b"".join(chunks).decode("utf-8", "replace"))


# --- pqrlab up: ports, messages, the shared cluster --------------------------------------------------------


def test_up_prints_each_service_on_the_port_its_setting_gives(up):
    env, urls = up.env, up.urls
    expected = {"jupyterlab": env["PQR_JUPYTER_PORT"], "streamlit": env["PQR_STREAMLIT_PORT"],
                "prefect_ui": env["PQR_PREFECT_PORT"], "dask_dashboard": env["PQR_DASK_DASHBOARD_PORT"],
                "dask_scheduler": env["PQR_DASK_SCHEDULER_PORT"]}
    for service, port in expected.items():
        assert urllib.parse.urlsplit(urls[service]).port == int(port), service
        assert urls[service] in up.printed, service
    for name in ("jupyterlab", "streamlit", "prefect_ui", "dask_dashboard", "dask_dashboard_proxied"):
        with urllib.request.urlopen(urls[name], timeout=30) as response:
            assert response.status == 200, name


def test_dask_dashboard_is_reachable_through_jupyterlab_proxy(up):
    port = up.env["PQR_DASK_DASHBOARD_PORT"]
    assert up.urls["dask_dashboard_proxied"].endswith(f"/proxy/{port}/status")
    with urllib.request.urlopen(up.urls["dask_dashboard_proxied"], timeout=30) as response:
        assert "Dask" in response.read().decode()


def test_prefect_ui_is_told_its_api(up):
    with urllib.request.urlopen(up.urls["prefect_ui"] + "/ui-settings", timeout=30) as response:
        assert json.load(response)["api_url"] == up.urls["prefect_api"]


def test_ctrl_c_during_start_up_stops_what_had_started(tmp_path):
    env = workspace_env(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "pqrlab.cli", "up"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    lines = output_lines(proc)
    read_until(proc, lines, "Starting", 60)
    deadline = time.monotonic() + 120
    while not port_answers(int(env["PQR_PREFECT_PORT"])) and time.monotonic() < deadline:
        time.sleep(0.2)  # Ctrl-C once the Prefect server answers, before the rest is up
    proc.send_signal(signal.SIGINT)
    assert proc.wait(90) == 0
    time.sleep(0.5)
    said = rest_of(lines)
    assert "Stopped." in said and "Traceback" not in said, said
    for setting in PORT_SETTINGS:
        assert not port_answers(int(env[setting])), setting
    assert not (tmp_path / "home" / "pgdata" / "postmaster.pid").exists()


def test_a_taken_port_is_one_clear_line(tmp_path):
    env = workspace_env(tmp_path)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        env["PQR_JUPYTER_PORT"] = str(squatter.getsockname()[1])
        out = subprocess.run([sys.executable, "-m", "pqrlab.cli", "up"], capture_output=True, text=True, env=env,
                             timeout=120)
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0 and "Traceback" not in out.stderr, out.stderr
    assert f"Port {env['PQR_JUPYTER_PORT']} for JupyterLab is already in use" in out.stderr
    assert "PQR_JUPYTER_PORT" in out.stderr
    assert not (tmp_path / "home" / "pgdata").exists()  # nothing was started


PROBE_NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "id": "parameters", "metadata": {"tags": ["parameters"]}, "execution_count": None,
         "outputs": [],
         "source": "dask_address = None"},
        {"cell_type": "code", "id": "attach", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "from pqrlab.services.dask_cluster import start_client, stop_client\n"
                   "client = start_client(dask_address)\n"
                   "address = client.scheduler.address\n"
                   "total = client.submit(sum, range(10)).result()\n"
                   "stop_client(client)\n"
                   "print(address, total)"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def test_a_notebook_attaches_to_the_shared_cluster_and_leaves_it_running(up, tmp_path, monkeypatch):
    import papermill as pm
    from distributed import Client

    for name, value in up.env.items():
        monkeypatch.setenv(name, value)  # the kernel inherits this environment, as under `make up`'s JupyterLab
    for name in NOT_INHERITED:
        if name not in up.env:
            monkeypatch.delenv(name, raising=False)
    notebook = tmp_path / "probe.ipynb"
    notebook.write_text(json.dumps(PROBE_NOTEBOOK))
    executed = pm.execute_notebook(str(notebook), str(tmp_path / "out.ipynb"), kernel_name="python3",
                                   progress_bar=False, cwd=str(Path(__file__).parents[1] / "notebooks"))
    printed = "".join(o["text"] for o in executed.cells[1].outputs if o.get("name") == "stdout").split()
    assert printed == [up.urls["dask_scheduler"], "45"]
    with Client(up.urls["dask_scheduler"], timeout="30s") as client:  # still running, with its workers
        assert len(client.scheduler_info()["workers"]) == 2


def test_a_benchmark_can_still_size_its_own_cluster_while_make_up_runs(up, monkeypatch):
    from pqrlab.services.dask_cluster import dask_client, shared_scheduler

    monkeypatch.setenv("PQR_HOME", str(up.home))
    assert shared_scheduler() == up.urls["dask_scheduler"]
    with dask_client(None, 1, shared=False) as client:
        assert client.scheduler.address != up.urls["dask_scheduler"]
        assert len(client.scheduler_info()["workers"]) == 1


def test_without_make_up_a_notebook_starts_and_closes_its_own_cluster(tmp_path, monkeypatch):
    from pqrlab.services.dask_cluster import shared_scheduler, start_client, stop_client

    monkeypatch.setenv("PQR_HOME", str(tmp_path / "home"))
    services = tmp_path / "home" / "services.json"
    services.parent.mkdir(parents=True)
    services.write_text(json.dumps({"dask_scheduler": f"tcp://127.0.0.1:{free_port()}"}))  # a dead `make up`
    assert shared_scheduler() is None
    client = start_client(None, n_workers=1)
    cluster = client._pqr_owned_cluster
    assert client.scheduler.address != json.loads(services.read_text())["dask_scheduler"]
    stop_client(client)
    assert cluster.status.name == "closed"


def test_labextension_list_shows_dask_labextension_enabled():
    jupyter = Path(sys.executable).with_name("jupyter")
    out = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True, text=True, timeout=120)
    listing = out.stdout + out.stderr
    line = next((ln for ln in listing.splitlines() if "dask-labextension" in ln), "")
    assert "enabled" in line and "OK" in line, listing


# --- `make run` while the workspace is up ------------------------------------------------------------------


def test_make_run_console_is_one_line_per_notebook_and_the_summary(cli_run):
    out = cli_run.stdout
    assert cli_run.returncode == 0, out
    lines = [ln.strip() for ln in re.split(r"[\r\n]+", out) if ln.strip()]
    for index, notebook in enumerate(NOTEBOOKS, 1):
        started = [ln for ln in lines if ln.startswith(f"[{index}/5] {notebook}") and ln.endswith("started")]
        done = [ln for ln in lines if re.fullmatch(rf"\[{index}/5\] {notebook}\s+done\s+[\d.]+ s\s+[\d,]+ rows", ln)]
        assert len(started) == 1 and len(done) == 1, (notebook, out)
    assert re.search(r"cells \d\d:\d\d", out), "no progress bar on the terminal"
    for noise in ("Traceback", "CommClosedError", "without encryption", "INFO", "WARNING", "distributed."):
        assert noise not in out, noise
    assert "SUCCEEDED" in out and "live: the shared cluster" in out


def test_make_run_keeps_its_library_log_and_dask_report(cli_run, up):
    run_dir = Path(re.search(r"notebooks\s+(\S+)\s+\(executed", cli_run.stdout).group(1))
    log = run_dir / "run.log"
    report = run_dir / "dask-report.html"
    assert str(log) in cli_run.stdout and str(report) in cli_run.stdout
    assert "without encryption" in log.read_text()  # the kernels' warnings went to the log, not the terminal
    text = report.read_text()
    parser = html.parser.HTMLParser()
    parser.feed(text)
    parser.close()
    assert text.lstrip().lower().startswith("<!doctype html>") and "</html>" in text.lower()
    assert "Dask Performance Report" in text
    for prefix in ("generate", "bronze", "silver", "gold"):  # the run's Dask tasks, by their key prefixes
        assert re.search(rf"{prefix}[\w-]*", text), prefix


def test_the_run_went_to_make_ups_prefect_server(cli_run, up):
    runs = flow_runs(up.urls["prefect_api"])
    assert [r["state_type"] for r in runs] == ["COMPLETED"]


def flow_runs(api: str) -> list[dict]:
    request = urllib.request.Request(f"{api}/flow_runs/filter", data=b"{}",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


# --- in a real browser ---------------------------------------------------------------------------------------


TASK_STREAM_ROWS = """
const view = Bokeh.index.all_views().find(v => v.model.name === 'task_stream');
if (!view || !view.el.isConnected || view.el.getBoundingClientRect().width === 0) return null;
const source = view.model.renderers.map(r => r.data_source).find(s => s && s.data && s.data.name);
return source ? source.data.name.length : 0;
"""


def test_dask_dashboard_status_shows_the_task_stream(up, cli_run, tmp_path_factory):
    with chromium() as browser:
        browser.get(up.urls["dask_dashboard"])
        rows = wait_until(browser, lambda b: b.execute_script(TASK_STREAM_ROWS) or None,
                          "the Bokeh task-stream plot with the run's tasks")
        assert rows > 0
        screenshot(browser, tmp_path_factory.getbasetemp() / "screenshots", "dask-dashboard")


def test_prefect_ui_lists_the_flow_run_and_its_task_runs(up, cli_run, tmp_path_factory):
    from selenium.webdriver.common.by import By

    run = flow_runs(up.urls["prefect_api"])[0]
    with chromium() as browser:
        browser.get(up.urls["prefect_ui"] + "/runs")
        wait_until(browser, lambda b: run["name"] in page_text(b), f"flow run {run['name']!r}")
        assert "Can't connect" not in page_text(browser)
        screenshot(browser, tmp_path_factory.getbasetemp() / "screenshots", "prefect-runs")
        browser.get(f"{up.urls['prefect_ui']}/runs/flow-run/{run['id']}")
        tab = wait_until(browser, lambda b: [e for e in b.find_elements(By.XPATH, "//*[normalize-space()='Task Runs']")
                                             if e.is_displayed()], "the Task Runs tab")
        tab[-1].click()
        wait_until(browser, lambda b: all(f"notebook {n}.ipynb" in page_text(b) for n in NOTEBOOKS),
                   "the five notebook task runs")


def test_jupyterlab_opens_notebook_02_beside_the_dask_panes(up, tmp_path_factory):
    port = up.env["PQR_DASK_DASHBOARD_PORT"]
    with chromium() as browser:
        browser.get(up.urls["jupyterlab"])
        wait_until(browser, lambda b: b.execute_script(
            "const p = document.getElementById('dask-dashboard-launcher'); return p && p.offsetWidth > 0"),
            "the Dask extension's side panel")
        panes = {"individual-task-stream", "individual-progress", "individual-workers-memory"}
        frames = wait_until(browser, lambda b: (srcs := b.execute_script(
            "return [...document.querySelectorAll('iframe')].map(f => f.src)")) and
            panes <= {urllib.parse.urlsplit(src).path.split("/")[-1] for src in srcs} and srcs,
            "the Task Stream, Progress and Workers Memory panes")
        assert all(f"/proxy/{port}/" in src for src in frames), frames
        tabs = {"02_raw_to_bronze.ipynb", "Task Stream", "Progress", "Workers Memory"}
        wait_until(browser, lambda b: tabs <= set(b.execute_script(
            "return [...document.querySelectorAll('.lm-TabBar-tabLabel')].map(t => t.innerText)")),
            f"the tabs {sorted(tabs)}")
        time.sleep(3)  # let the panes draw before the picture
        screenshot(browser, tmp_path_factory.getbasetemp() / "screenshots", "jupyterlab")


def click_menu(browser, menu: str, item: str) -> None:
    """Open `menu` in JupyterLab's menu bar and click its `item`, as with a mouse."""
    from selenium.webdriver.common.by import By

    shown = lambda css, label: lambda b: [e for e in b.find_elements(By.CSS_SELECTOR, css)  # noqa: E731
                                          if e.text.strip() == label and e.is_displayed()]
    wait_until(browser, shown(".lm-MenuBar-itemLabel", menu), f"menu {menu!r}")[0].click()
    wait_until(browser, shown(".lm-Menu-itemLabel", item), f"menu item {item!r}")[0].click()


def task_stream_rows(browser, frame) -> int:
    browser.switch_to.frame(frame)
    try:
        return browser.execute_script(TASK_STREAM_ROWS) or 0
    finally:
        browser.switch_to.default_content()


def test_running_notebook_02_in_jupyterlab_moves_the_task_stream_pane(up, cli_run, tmp_path_factory):
    """What a student does: open the printed URL, Run > Run All Cells on notebook 02, watch the Task Stream."""
    from selenium.webdriver.common.by import By

    notebook = Path(__file__).parents[1] / "notebooks" / "02_raw_to_bronze.ipynb"
    committed = notebook.read_bytes()  # JupyterLab saves what it runs: the checkout must stay as committed
    try:
        with chromium() as browser:
            browser.get(up.urls["jupyterlab"])
            stream = wait_until(browser, lambda b: [f for f in b.find_elements(By.TAG_NAME, "iframe")
                                                    if "individual-task-stream" in f.get_attribute("src")],
                                "the Task Stream pane")[0]
            before = wait_until(browser, lambda b: task_stream_rows(b, stream) or None, "tasks of the earlier run")
            wait_until(browser, lambda b: "Idle" in page_text(b), "the notebook's kernel, idle")
            click_menu(browser, "Run", "Run All Cells")
            after = wait_until(browser, lambda b: (n := task_stream_rows(b, stream)) > before and n,
                               "new tasks in the Task Stream pane", timeout_s=180)
            assert after > before
            wait_until(browser, lambda b: b.execute_script(
                "const c = [...document.querySelectorAll('.jp-InputPrompt')].map(p => p.innerText);"
                "return c.length > 0 && c.every(t => !t.includes('*'))"), "the end of the notebook", timeout_s=180)
            errors = browser.find_elements(By.CSS_SELECTOR, "[data-mime-type='application/vnd.jupyter.error']")
            assert not errors, [e.text[:500] for e in errors]
            time.sleep(2)
            screenshot(browser, tmp_path_factory.getbasetemp() / "screenshots", "jupyterlab-notebook-02")
    finally:
        notebook.write_bytes(committed)


STREAMLIT_ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"
SCRIPT_FINISHED = "[data-testid=stApp][data-test-script-state=notRunning]"  # as Streamlit's own e2e tests wait


def test_each_streamlit_page_renders_without_an_error(up, cli_run, tmp_path_factory):
    from selenium.webdriver.common.by import By

    with chromium() as browser:
        browser.get(up.urls["streamlit"])
        links = wait_until(browser, lambda b: [a.get_attribute("href") for a in
                                               b.find_elements(By.CSS_SELECTOR, "[data-testid=stSidebarNavLink]")],
                           "the page links")
        assert len(links) >= 2
        for number, link in enumerate(links, 1):
            browser.get(link)
            wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "[data-testid=stMetric]") and
                       b.find_elements(By.CSS_SELECTOR, SCRIPT_FINISHED), f"{link}, rendered to its end")
            time.sleep(1)  # let the charts draw before the picture
            errors = browser.find_elements(By.CSS_SELECTOR, STREAMLIT_ERRORS)
            assert not errors, f"{link}: {[e.text for e in errors]}"
            screenshot(browser, tmp_path_factory.getbasetemp() / "screenshots", f"streamlit-{number}")


# --- last: Ctrl-C -----------------------------------------------------------------------------------------------


def test_ctrl_c_stops_every_service(up):
    up.proc.send_signal(signal.SIGINT)
    assert up.proc.wait(90) == 0
    time.sleep(0.5)
    said = rest_of(up.lines)
    assert "Stopped." in said and "Traceback" not in said, said
    for setting in PORT_SETTINGS:
        assert not port_answers(int(up.env[setting])), setting
    assert not (up.home / "services.json").exists()
    assert not (up.home / "pgdata" / "postmaster.pid").exists()  # the embedded PostgreSQL stopped too


# --- the compose stack's counterparts (it cannot run here: no Docker engine) ---------------------------------


def test_compose_serves_the_dashboard_the_extension_and_prefects_ui_api():
    import tomllib

    import yaml

    root = Path(__file__).parents[1]
    services = yaml.safe_load((root / "compose.yaml").read_text())["services"]
    dependencies = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    assert {"bokeh", "dask-labextension", "jupyter-server-proxy"} <= {d.split("==")[0] for d in dependencies}
    assert "8787:8787" in services["dask-scheduler"]["ports"]
    assert services["prefect-server"]["environment"]["PREFECT_UI_API_URL"] == "http://localhost:4200/api"
    settings_dir = next(a.split("=", 1)[1] for a in services["jupyterlab"]["command"]
                        if a.startswith("--LabApp.app_settings_dir="))
    overrides = json.loads((root / settings_dir.removeprefix("/app/") / "overrides.json").read_text())
    assert overrides["dask-labextension:plugin"]["defaultURL"] == "http://localhost:8787"
