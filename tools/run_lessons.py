"""Executes the lessons headless and writes the executed notebooks (and HTML pages).

Each lesson `notebooks/NN_slug.py` (jupytext percent format) is read with
jupytext, executed with nbclient in a fresh kernel of this venv with
`notebooks/` as the working directory, and written as `NN_slug.ipynb` (and
`NN_slug.html` unless `--no-html`) into the output directory; the kernel's own
stderr (start-up warnings, shutdown noise) goes to `NN_slug.kernel.log` there.
One line per lesson reports its wall time; the exit status is 1 if any cell
produced an error output (each such cell is listed), 0 otherwise. The book
(`tools/build_book.py`) is built from these notebooks.

Example:

```
.venv/bin/python tools/run_lessons.py                       # all lessons
.venv/bin/python tools/run_lessons.py notebooks/01_*.py --no-html
.venv/bin/python tools/run_lessons.py --out /tmp/lessons --figures /tmp/figs
```
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "lessons"
KERNEL_NAME = "python3"
# Only what changes no result: the lessons must run as in a learner's plain
# JupyterLab kernel (oneDNN on, hash seed random), so nothing numeric is set.
KERNEL_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}


@dataclasses.dataclass
class LessonRun:
    """The outcome of executing one lesson.

    Attributes:
        lesson: Path of the lesson's `.py` source.
        seconds: Wall time of the execution (kernel start included).
        errors: One line per cell with an error output
            (`"cell 7 ('model = ...'): ValueError: ..."`); empty when the
            lesson ran cleanly.
        notebook: Path of the executed `.ipynb`.
        html: Path of the HTML page, or `None` when HTML was not asked for.
    """

    lesson: pathlib.Path
    seconds: float
    errors: list[str]
    notebook: pathlib.Path
    html: pathlib.Path | None = None


def lesson_paths() -> list[pathlib.Path]:
    """All lessons, in order: `notebooks/[0-9]*.py`."""
    return sorted(NOTEBOOKS.glob("[0-9]*.py"))


def check_kernel() -> None:
    """Makes sure the `python3` kernel is this venv's interpreter.

    Raises:
        RuntimeError: If the kernelspec found first starts another Python
            (e.g. a user-level spec in `~/.local/share/jupyter`).
    """
    from jupyter_client.kernelspec import KernelSpecManager

    argv0 = KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0]
    # jupyter_client replaces a bare "python" by the running interpreter.
    if argv0 in {"python", "python3", f"python3.{sys.version_info[1]}"}:
        return
    if pathlib.Path(argv0).resolve() != pathlib.Path(sys.executable).resolve():
        raise RuntimeError(
            f"The `{KERNEL_NAME}` kernel runs {argv0}, not this venv's "
            f"{sys.executable}. Run `{sys.executable} -m ipykernel install "
            f"--sys-prefix --name {KERNEL_NAME}`."
        )


def cell_errors(notebook) -> list[str]:
    """One line per code cell whose outputs contain an error."""
    errors = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                errors.append(
                    f"cell {index} ({first_line[:40]!r}): {output.ename}: {output.evalue}"
                )
    return errors


def run_lesson(
    lesson: pathlib.Path | str,
    *,
    out_dir: pathlib.Path | str = DEFAULT_OUT,
    figures_dir: pathlib.Path | str | None = None,
    html: bool = True,
    timeout: int = 300,
) -> LessonRun:
    """Executes one lesson and writes its executed notebook (and HTML page).

    Errors in cells do not stop the run: every cell is executed and each one
    whose outputs contain an error is reported in `LessonRun.errors`.

    Args:
        lesson: Path of the lesson's `.py` source (jupytext percent format).
        out_dir: Where `NN_slug.ipynb` and `NN_slug.html` go. Defaults to
            `build/lessons/`.
        figures_dir: If given, `KIT_FIGURES_DIR` for the kernel, so that
            `show_model` writes figures there instead of `figures/`.
            Defaults to `None` (the committed `figures/`).
        html: Whether to also write the HTML page. Defaults to `True`.
        timeout: Seconds allowed per cell. Defaults to `300`.

    Returns:
        A `LessonRun`.
    """
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    lesson = pathlib.Path(lesson).resolve()
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    notebook = jupytext.read(lesson)
    env = dict(os.environ, **KERNEL_ENV)
    if figures_dir is not None:
        env["KIT_FIGURES_DIR"] = str(pathlib.Path(figures_dir).resolve())
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        timeout=timeout,
        allow_errors=True,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    start = time.perf_counter()
    failure = []
    with open(out_dir / f"{lesson.stem}.kernel.log", "wb") as kernel_log:
        try:
            client.execute(env=env, stderr=kernel_log)
        except (CellTimeoutError, DeadKernelError) as error:
            message = str(error).strip().splitlines()[0]
            failure = [f"{type(error).__name__}: {message} (kernel log: {kernel_log.name})"]
    seconds = time.perf_counter() - start
    run = LessonRun(
        lesson, seconds, cell_errors(notebook) + failure, out_dir / f"{lesson.stem}.ipynb"
    )
    nbformat.write(notebook, run.notebook)
    if html:
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter().from_notebook_node(notebook)
        run.html = out_dir / f"{lesson.stem}.html"
        run.html.write_text(body, encoding="utf-8")
    return run


def main(argv: list[str] | None = None) -> int:
    """Command line over `run_lesson`: runs the given lessons (default: all).

    Args:
        argv: Arguments without the program name. Defaults to `sys.argv[1:]`.

    Returns:
        The exit status: 1 if any lesson had a cell with an error output, else 0.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", type=pathlib.Path, help="default: all lessons")
    parser.add_argument("--out", type=pathlib.Path, help="output directory (build/lessons)")
    parser.add_argument("--figures", type=pathlib.Path, help="figures go here, not figures/")
    parser.add_argument("--no-html", action="store_true", help="write only the .ipynb")
    parser.add_argument("--timeout", type=int, help="seconds per cell (300)")
    args = parser.parse_args(argv)
    options = {"out_dir": args.out, "figures_dir": args.figures, "timeout": args.timeout}
    options = {key: value for key, value in options.items() if value is not None}

    check_kernel()
    failed = []
    for lesson in args.lessons or lesson_paths():
        run = run_lesson(lesson, html=not args.no_html, **options)
        status = f"{len(run.errors)} error(s)" if run.errors else "ok"
        print(f"{lesson.name:45s} {run.seconds:6.1f} s  {status}", flush=True)
        for error in run.errors:
            print(f"    {error}", flush=True)
        if run.errors:
            failed.append(lesson.name)
    if failed:
        print(f"Lessons with errors: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
