"""The course on a real JupyterHub, in a browser: a student's and an instructor's semester.

One hub for the module (`tools/hub.py`: JupyterHub, configurable-http-proxy
from `hub/node_modules`, the course service with the formgrader) on free
loopback ports, stopped afterwards even when a step fails. Headless Debian
Chromium (Playwright, `tests/test_browser.py`'s flags) drives it, in order:

1. alice logs in, fetches `functional_api_1` in the Assignments tab, writes
   the right `build_functional_mlp`, runs its visible test cell and submits;
2. the instructor collects, autogrades (the formgrader's buttons) and sees
   the score; generates and releases feedback;
3. alice fetches the feedback and reads its page.

Screenshots of each step go to `build/test-artifacts/hub/`. Fails when the
hub cannot start; skipped only where Chromium or Playwright is missing.
"""

from __future__ import annotations

import json
import re

import pytest

from autograder.nbgrader import COURSE_ID
from autograder.nbgrader.report import gradebook_scores
from tests.conftest import ROOT
from tests.test_browser import CHROMIUM, FLAGS
from tools import build_course, hub

ARTIFACTS = ROOT / "build" / "test-artifacts" / "hub"
ASSIGNMENT = hub.ASSIGNMENTS[0]
STUDENT = hub.STUDENTS[0]
INSTRUCTOR = hub.INSTRUCTORS[0]
GRADE_SECONDS = 1200  # autograding one submission: a kernel, the build process and the judge
CHECK_SECONDS = 600  # the visible test cell: build process + judge on a busy 2-core machine

# The reference build_functional_mlp as a student writes it (no solution markers).
RIGHT_ANSWER = "\n".join(
    line
    for line in build_course.solution_source("functional_mlp").splitlines()
    if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("hub"),  # one hub for the module under --dist loadgroup
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect


@pytest.fixture(scope="module")
def running_hub(tmp_path_factory):
    """The hub of a fresh state folder; stopped with its servers when the module ends."""
    state = tmp_path_factory.mktemp("hub")
    hub.prepare(state)
    # Every cell stays in the page (no windowing), for the locators below.
    for user in (*hub.INSTRUCTORS, *hub.STUDENTS):
        settings = state / "home" / user / ".jupyter" / "lab" / "user-settings"
        tracker = settings / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True)
        (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    with hub.running(state) as started:
        yield started


@pytest.fixture(scope="module")
def chromium():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def sessions(chromium, running_hub):
    """One logged-in browser context per user, made on first use."""
    made = {}

    def session(user: str):
        if user not in made:
            context = chromium.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.goto(f"{running_hub.url}hub/login")
            page.fill("#username_input", user)
            page.fill("#password_input", hub.password())
            page.click("#login_submit")
            page.wait_for_url(re.compile(r".*/(user|hub)/.*"), timeout=60_000)
            made[user] = page
        return made[user]

    yield session
    for page in made.values():
        page.context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_assignments(page, url: str):
    """The student's JupyterLab with nbgrader's Assignments tab open; returns the tab."""
    page.goto(f"{url}user/{STUDENT}/lab")
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click(timeout=180_000)
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
    return page.locator("#assignments")


def test_a_student_fetches_answers_and_submits(sessions, running_hub):
    page = sessions(STUDENT)
    tab = open_assignments(page, running_hub.url)
    released = tab.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
    expect(released).to_have_count(1, timeout=60_000)
    shot(page, "01-student-assignments")
    released.get_by_role("button", name="Fetch").click()
    fetched = tab.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
    expect(fetched.first).to_be_visible(timeout=60_000)
    shot(page, "02-student-fetched")

    page.goto(f"{running_hub.url}user/{STUDENT}/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    # The debugger button offers itself once the kernel has answered.
    connected = page.locator('.jp-NotebookPanel-toolbar [title="Enable Debugger"]')
    expect(connected).to_have_count(1, timeout=120_000)
    code = panel.locator(".jp-CodeCell")
    imports = code.filter(has_text="from keras import layers").first
    # The first answer cell (functional_mlp's), by position: its text is about to change.
    stub = "cells => cells.findIndex(c => c.textContent.includes('raise NotImplementedError()'))"
    answer = code.nth(code.evaluate_all(stub))
    visible = code.filter(has_text='check("functional_mlp", "visible")')
    expect(visible).to_have_count(1)
    answer.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(RIGHT_ANSWER)
    for cell in (imports, answer, visible):
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
    verdict = visible.locator(".jp-OutputArea-output")
    expect(verdict.first).to_contain_text("checks passed", timeout=CHECK_SECONDS * 1000)
    verdict.first.scroll_into_view_if_needed()
    shot(page, "03-student-visible-test-cell")
    passed = re.search(r"functional_mlp: (\d+) of (\d+) checks passed", verdict.first.inner_text())
    assert passed and passed[1] == passed[2], verdict.first.inner_text()
    assert visible.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    page.keyboard.press("Control+s")
    expect(page.locator(".jp-mod-dirty")).to_have_count(0, timeout=30_000)

    tab = open_assignments(page, running_hub.url)
    fetched = tab.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
    fetched.get_by_role("button", name="Submit").first.click()
    submitted = tab.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT)
    expect(submitted.first).to_be_visible(timeout=60_000)
    shot(page, "04-student-submitted")
    # nbgrader recorded the hub user, not the Unix user the servers run as.
    inbound = running_hub.state / "exchange" / COURSE_ID / "inbound"
    assert [p.name.split("+")[0] for p in inbound.iterdir()] == [STUDENT]


def _formgrader(page, url: str, path: str) -> None:
    page.goto(f"{url}services/{COURSE_ID}/formgrader/{path}")


def _close_modal(page, seconds: float = 120) -> str:
    """Waits for the formgrader's result dialog; returns its text and closes it."""
    modal = page.locator(".modal-dialog").last
    expect(modal).to_be_visible(timeout=seconds * 1000)
    text = modal.inner_text()
    modal.get_by_role("button", name="Close").last.click()
    expect(page.locator(".modal-dialog")).to_have_count(0, timeout=30_000)
    return text


def test_the_instructor_collects_autogrades_and_releases_feedback(sessions, running_hub):
    page = sessions(INSTRUCTOR)
    _formgrader(page, running_hub.url, "manage_assignments")
    row = page.locator("tr", has_text=ASSIGNMENT)
    expect(row.locator("td.collect a")).to_be_visible(timeout=60_000)
    row.locator("td.collect a").click()
    assert "Success" in _close_modal(page)
    expect(row.locator("td.num-submissions")).to_have_text("1", timeout=60_000)
    shot(page, "05-instructor-collected")

    _formgrader(page, running_hub.url, f"manage_submissions/{ASSIGNMENT}")
    student = page.locator("tr", has_text=STUDENT)
    student.locator("td.autograde a").click()
    assert "Success" in _close_modal(page, GRADE_SECONDS)
    scores = gradebook_scores(running_hub.course, ASSIGNMENT)[STUDENT]
    points = sum(p for p, _ in scores.values())
    top = sum(m for _, m in scores.values())
    # functional_mlp right (its visible and hidden cells), qa_model untouched.
    assert 0 < points < top, scores
    expect(student.locator("td.score")).to_have_text(
        re.compile(rf"^{points:g}(\.0+)? / {top:g}(\.0+)?$"), timeout=60_000
    )
    shot(page, "06-instructor-score")

    _formgrader(page, running_hub.url, "manage_assignments")
    row = page.locator("tr", has_text=ASSIGNMENT)
    row.locator("td.generate-feedback a").click()
    assert "Success" in _close_modal(page, GRADE_SECONDS)
    row.locator("td.release-feedback a").click()
    assert "Success" in _close_modal(page)
    shot(page, "07-instructor-feedback-released")


def test_the_student_fetches_and_reads_the_feedback(sessions, running_hub):
    page = sessions(STUDENT)
    tab = open_assignments(page, running_hub.url)
    submitted = tab.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT)
    submitted.get_by_role("button", name="Fetch Feedback").first.click(timeout=60_000)
    view = submitted.get_by_text("(view feedback)").first
    expect(view).to_be_visible(timeout=60_000)
    shot(page, "08-student-feedback-fetched")
    pages = sorted((running_hub.home(STUDENT) / ASSIGNMENT / "feedback").glob("*/*.html"))
    assert len(pages) == 1, pages
    relative = pages[0].relative_to(running_hub.home(STUDENT)).as_posix()
    page.goto(f"{running_hub.url}user/{STUDENT}/files/{relative}")
    passed = re.compile(r"functional_mlp: (\d+) of \1 checks passed")
    expect(page.locator("body")).to_contain_text(passed, timeout=60_000)
    shot(page, "09-student-feedback-page")
    page.get_by_text(passed).first.scroll_into_view_if_needed()
    shot(page, "10-student-feedback-checks")
    assert "BEGIN HIDDEN TESTS" not in page.content()
