"""`--dist loadgroup` that keeps each `xdist_group` on one worker, longest groups first.

pytest-xdist 3.8 tells its scheduler a test's group by appending `@<group>`
to the test's node id on each worker; it writes `item._nodeid`, which
pytest 9.2 no longer reads (the id is `item._id`). The scheduler then sees
no group at all, and every test is its own work unit: a module's
module-scoped fixtures run on both workers. `apply`, called by the
`pytest_collection_modifyitems` of `tests/conftest.py`, adds the suffix
where xdist's did not take, named as xdist names it (the sorted names of
every `xdist_group` mark of the test, joined by `_`), and puts the groups
of `LONGEST_FIRST` at the head of the collection, in that order. With
`--no-loadscope-reorder` (in `addopts`) xdist hands out the groups in
collection order, so the longest ones start first and the short tests
fill in at the end.

Convention: a test module that starts something expensive once (a built
course, a server, a venv, a graded class) puts all its tests in one group,
`pytestmark = pytest.mark.xdist_group("<name>")`, shares the start-up
through a module- or session-scoped fixture, and adds `<name>` to
`LONGEST_FIRST` where its wall time ranks (`--durations=0` of the module
run alone).
"""

from __future__ import annotations

import pytest

#: Groups that start first, longest first: ranked by the work of their set-up
#: (notebooks graded, processes started); re-rank by `--durations` of each run alone.
LONGEST_FIRST = (
    "exchange",
    "hostile",
    "course",
    "intake_class",
    "crash_safety",
    "student_kit",
    "postgres",
    "hub",
    "browser",
)


def group_of(item: pytest.Item) -> str:
    """The xdist group of a test: its `xdist_group` names, sorted and joined, or ""."""
    names = {
        str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
        for mark in item.iter_markers("xdist_group")
    }
    return "_".join(sorted(names))


def rank(group: str) -> int:
    """Where a group starts: its place in `LONGEST_FIRST`, then the other groups, then none.

    A name `x` of `LONGEST_FIRST` also stands for the groups `x-<part>`.
    """
    for place, name in enumerate(LONGEST_FIRST):
        if group == name or group.startswith(f"{name}-"):
            return place
    return len(LONGEST_FIRST) + (0 if group else 1)


def apply(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker under `--dist loadgroup`: suffix each grouped test's id, order groups.

    Args:
        config: The worker's pytest config (`config.option.loadgroup` is set by xdist).
        items: The collected tests, reordered in place.
    """
    if not getattr(config.option, "loadgroup", False):  # set on workers only
        return
    for item in items:
        group = group_of(item)
        if group and not item.nodeid.endswith(f"@{group}"):
            from _pytest.nodeid import NodeId  # pytest 9.2: a node's id is a NodeId

            item._id = NodeId.parse(f"{item.nodeid}@{group}")
    items.sort(key=lambda item: rank(group_of(item)))  # stable: same order on every worker
