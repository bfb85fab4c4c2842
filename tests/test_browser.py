"""The kit in a real browser: JupyterLab (a lesson, a link between lessons, a
self-study exercise, the formgrader) and the book.

Starts `jupyter lab` on 127.0.0.1 (a free port, a token, `--no-browser`) with
a temporary root that holds an `.ipynb` copy of lesson 1, the lesson sources
(`.py`), the self-study notebook of `functional_api_1` and an nbgrader
course, and drives Debian's Chromium headless with Playwright
(`executable_path`, no browser download). The book is the session's
(`book` fixture, `tests/conftest.py`), opened from its files.
Screenshots go to `build/test-artifacts/browser/`. Skipped where Chromium or
Playwright is missing (`.ci/run` installs Chromium when it runs as root).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import jupytext
import nbformat
import psutil
import pytest

from autograder.sandbox import QUIET_TENSORFLOW
from tests.conftest import ROOT
from tools import build_course, build_selfstudy
from tools.run_lessons import lesson_paths

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "build" / "test-artifacts" / "browser"
LESSON = ROOT / "notebooks" / "01_sequential_vs_functional.py"
#: Chromium flags for a headless run as root, with nothing fetched from the network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = ("file:", "data:", "blob:", "about:")  # what the book may load
LESSON_SECONDS = 900  # executing lesson 1 (a few short trainings) on a busy 2-core machine
CHECK_SECONDS = 600  # one self-study check: build process + judge, with a short training

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),  # one server for the module under --dist loadgroup
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

# The question-answering model with its two encodings concatenated in the wrong order.
WRONG_QA = """def build_qa_model(text_vocab_size=10000, question_vocab_size=10000,
                   answer_vocab_size=500):
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    encoded_text = layers.LSTM(32)(layers.Embedding(text_vocab_size, 64)(text))
    question = keras.Input(shape=(None,), dtype="int32", name="question")
    encoded_question = layers.LSTM(16)(layers.Embedding(question_vocab_size, 32)(question))
    merged = layers.concatenate([encoded_question, encoded_text])
    answer = layers.Dense(answer_vocab_size, activation="softmax")(merged)
    return keras.Model([text, question], answer)
"""

# JS: true once the notebook has run as far as it will (every code cell has a
# number, or a cell failed and nothing runs any more).
NOTEBOOK_SETTLED = """() => {
  const prompts = [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
  if (!prompts.length || prompts.some(p => p.textContent.includes('*'))) return false;
  const failed = document.querySelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type$="stderr"]');
  return prompts.every(p => /\\[\\d+\\]/.test(p.textContent)) || failed !== null;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory) -> pathlib.Path:
    """A server root: lesson 1 as .ipynb, a self-study notebook, an nbgrader course."""
    base = tmp_path_factory.mktemp("browser")
    root = base / "lab"
    root.mkdir()
    lesson = jupytext.read(LESSON)
    lesson.metadata.pop("jupytext", None)  # a plain copy, not paired with the .py source
    nbformat.write(lesson, root / f"{LESSON.stem}.ipynb")
    for name in ("lesson_tools.py", "errata.md"):
        shutil.copy(LESSON.parent / name, root / name)
    shutil.copytree(LESSON.parent / "self_check", root / "self_check")
    # The lesson sources as students open them: .py files, linked to each other.
    sources = root / "lessons"
    sources.mkdir()
    for path in [*lesson_paths(), LESSON.parent / "lesson_tools.py"]:
        shutil.copy(path, sources / path.name)
    shutil.copytree(LESSON.parent / "self_check", sources / "self_check")
    build_selfstudy.build(["functional_api_1"], root)
    build_course.build(["functional_api_1"], course=root / "course")
    (root / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(root / 'course')!r}\n"
        'c.CourseDirectory.course_id = "keras-functional-api"\n'
        f"c.Exchange.root = {str(base / 'exchange')!r}\n",
        encoding="utf-8",
    )
    (base / "exchange").mkdir()
    # JupyterLab: no news pop-up, the notebook's kernel started without asking,
    # every cell kept in the page (no windowing).
    labconfig = base / "config" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    settings = base / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none", "autoStartDefaultKernel": True})
    )
    return root


@pytest.fixture(scope="module")
def lab(lab_root):
    """A running `jupyter lab`; yields its base URL and token; shuts it and its kernels down."""
    base, port, token = lab_root.parent, _free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        **QUIET_TENSORFLOW,
        HOME=str(base / "home"),
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        IPYTHONDIR=str(base / "ipython"),
        KIT_FIGURES_DIR=str(base / "figures"),
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    )
    env.pop("AUTOGRADER_SANDBOX", None)
    log = open(base / "jupyter-lab.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={lab_root}",
            "--LabApp.news_url=None",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        cwd=lab_root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("jupyter lab did not start:\n" + (base / "jupyter-lab.log").read_text())
            time.sleep(0.5)
    yield url, token
    try:
        started = psutil.Process(server.pid).children(recursive=True)  # kernels, sandboxes
    except psutil.Error:
        started = []
    request = urllib.request.Request(f"{url}/api/shutdown?token={token}", method="POST")
    try:
        urllib.request.urlopen(request, timeout=30).close()
        server.wait(timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    for child in started:
        try:
            child.kill()
        except psutil.Error:
            pass
    log.close()


@pytest.fixture(scope="module")
def browser(lab_root):
    """Headless Chromium from the system, with a new empty profile."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    profile = lab_root.parent / "chromium-profile"
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1400, "height": 1000},
        )
        yield context
        context.close()


def _open_notebook(browser, lab, name):
    url, token = lab
    page = browser.new_page()
    page.goto(f"{url}/lab/tree/{name}?token={token}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=120_000)
    # The debugger button offers itself once the kernel has answered: the kernel
    # is connected (the execution indicator says "idle" before that).
    connected = page.locator('.jp-NotebookPanel-toolbar [title="Enable Debugger"]')
    sync_api.expect(connected).to_have_count(1, timeout=120_000)
    assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").inner_text()
    return page


def _settle(page, name: str, seconds: float) -> None:
    """Waits until the notebook has run; on a timeout, saves a screenshot first."""
    try:
        page.wait_for_function(NOTEBOOK_SETTLED, timeout=seconds * 1000, polling=1000)
    except sync_api.TimeoutError:
        page.screenshot(path=str(ARTIFACTS / f"{name}-timeout.png"))
        raise


def _run(page, cell) -> None:
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")


def test_lesson_1_runs_in_jupyterlab_with_its_diagrams(browser, lab, lab_root):
    start = time.monotonic()
    page = _open_notebook(browser, lab, f"{LESSON.stem}.ipynb")
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first.click()
    _settle(page, "lesson1", LESSON_SECONDS)
    path = lab_root / f"{LESSON.stem}.ipynb"
    before = path.stat().st_mtime_ns
    page.keyboard.press("Control+s")
    for _ in range(60):
        if path.stat().st_mtime_ns != before:
            break
        page.wait_for_timeout(500)
    page.wait_for_timeout(500)  # the write that changed the time has finished
    saved = nbformat.read(path, as_version=4)
    errors = [
        f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
        for i, c in enumerate(saved.cells)
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    images = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedImage img")
    first = images.first
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lesson1-diagram.png"))
    assert not errors, errors
    assert all(c.get("execution_count") for c in saved.cells if c.cell_type == "code")
    assert images.count() >= 3  # show_model diagrams, plus the training curves
    widths = images.evaluate_all("imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
    assert all(w > 0 for w in widths), widths
    print(f"lesson 1 in the browser: {time.monotonic() - start:.0f} s")


def test_a_wrong_answer_gets_its_message_in_the_exercise_notebook(browser, lab):
    start = time.monotonic()
    page = _open_notebook(browser, lab, "functional_api_1.ipynb")
    code = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
    imports, setup = code.nth(0), code.nth(1)
    answer = code.filter(has_text="def build_qa_model(")
    check = code.filter(has_text="ex.qa_model.check(build_qa_model)")
    sync_api.expect(answer).to_have_count(1)
    answer.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(WRONG_QA)
    for cell in (imports, setup, answer, check):
        _run(page, cell)
    verdict = check.locator(".autograder-results")
    sync_api.expect(verdict).to_be_visible(timeout=CHECK_SECONDS * 1000)
    verdict.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "exercise-wrong-answer.png"))
    check.locator(".jp-OutputArea").screenshot(path=str(ARTIFACTS / "exercise-check-output.png"))
    sync_api.expect(verdict).to_have_attribute("data-outcome", "incorrect")
    sync_api.expect(verdict).to_contain_text("Concatenation input 0: text -> Embedding(10000, 64)")
    sync_api.expect(verdict).to_contain_text("a tensor computed from question")
    diagrams = verdict.locator(".autograder-diagrams img")
    sync_api.expect(diagrams).to_have_count(2)
    widths = diagrams.evaluate_all("imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
    assert all(w > 0 for w in widths), widths
    print(f"self-study check in the browser: {time.monotonic() - start:.0f} s")


def test_formgrader_loads_for_the_instructor(browser, lab):
    url, token = lab
    page = browser.new_page()
    page.goto(f"{url}/formgrader?token={token}")
    sync_api.expect(page.get_by_text("Manage Assignments").first).to_be_visible(timeout=60_000)
    sync_api.expect(page.get_by_text("functional_api_1").first).to_be_visible(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "formgrader.png"))


def _linked_lessons() -> tuple[str, str]:
    """The first lesson source with a link to another lesson's source, and that source."""
    names = {path.name for path in lesson_paths()}
    for path in lesson_paths():
        for target in re.findall(r"\]\((\d\d_\w+\.py)\)", path.read_text(encoding="utf-8")):
            if target in names and target != path.name:
                return path.name, target
    pytest.fail("Expected a lesson that links to another lesson's `.py` source. Received none.")


def test_a_link_between_lessons_opens_the_lesson_as_a_notebook(browser, lab):
    source, target = _linked_lessons()
    page = _open_notebook(browser, lab, f"lessons/{source}")  # a .py opens as a notebook
    link = page.locator(
        f'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown a[href*="{target}"]'
    ).first
    link.scroll_into_view_if_needed()
    link.click()
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    sync_api.expect(tab).to_contain_text(target, timeout=60_000)
    opened = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")
    sync_api.expect(opened.first).to_be_visible(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "jupyterlab-lesson-link.png"))
    sync_api.expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")).to_have_count(1)


def test_the_book_opens_at_its_course_map_and_shows_a_lesson(browser, book):
    outside = []
    page = browser.new_page()
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(LOCAL) else None)
    page.goto(book.index.as_uri())
    lessons = page.locator("article table").first.locator("tbody tr td:first-child a")
    sync_api.expect(lessons).to_have_count(len(lesson_paths()))
    page.screenshot(path=str(ARTIFACTS / "book-index.png"))
    lessons.first.click()
    first = lesson_paths()[0].stem
    page.wait_for_url(f"**/{first}.html")
    sync_api.expect(page.locator("article h1").first).to_contain_text("Lesson 1")
    figures = page.locator("article div.cell_output img")
    sync_api.expect(figures.first).to_be_visible()
    figures.first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "book-lesson.png"))
    widths = figures.evaluate_all("imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
    assert widths and all(w > 0 for w in widths), widths
    next_page = page.locator("a.right-next")
    assert next_page.get_attribute("href").startswith(f"{lesson_paths()[1].stem}.html")
    assert not outside, f"Expected the book to load only its own files. Received: {outside}"
