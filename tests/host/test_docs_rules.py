# The worked examples of docs/rules/ give exactly the verdict their pages show.
# SPDX-License-Identifier: MIT
"""Every page of ``docs/rules/`` documents its worked examples as

    <!-- verdict: examples/<rule>-<case>.json -->
    ```json
    [{"rule": ..., "start": ..., "end": ..., "measured_min": ..., "limit_min": ..., "severity": ...}]
    ```

Each expected verdict on a page was worked out by hand from RULES.md (the
page shows the working); this test runs the example file through
``drivetime check --format json`` (in process, through the CLI's own entry
point) and asserts the infringements match field by field and in order, and
that the exit status agrees. So the pages and the engine cannot drift apart.
"""

import io
import json
import pathlib
import re
from contextlib import redirect_stdout

import pytest

from host_tools import activity_list, check, cli

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "rules"
VERDICT = re.compile(r"<!-- verdict: (examples/[\w.-]+\.json) -->\s*```json\n(.*?)```", re.S)
FIELDS = ("rule", "start", "end", "measured_min", "limit_min", "severity")


def _documented():
    """``(page, example path, expected infringements)`` for every verdict block."""
    found = []
    for page in sorted(DOCS.glob("*.md")):
        for match in VERDICT.finditer(page.read_text(encoding="utf-8")):
            found.append((page.name, match.group(1), json.loads(match.group(2))))
    return found


DOCUMENTED = _documented()


def _run_cli(path):
    out = io.StringIO()
    with redirect_stdout(out):
        status = cli.main(["check", str(path), "--format", "json"])
    return status, json.loads(out.getvalue())


def test_every_page_has_a_worked_example():
    pages = {p.name for p in DOCS.glob("*.md")} - {"README.md", "profiles.md"}
    assert pages, "docs/rules has no rule pages"
    with_examples = {page for page, _, _ in DOCUMENTED}
    assert pages <= with_examples, "pages without a worked example: %s" % sorted(pages - with_examples)


def test_every_example_file_is_documented_once():
    files = sorted("examples/" + p.name for p in (DOCS / "examples").glob("*.json"))
    shown = [path for _, path, _ in DOCUMENTED]
    assert sorted(shown) == files, "example files and verdict blocks differ"


@pytest.mark.parametrize("page,path,expected", DOCUMENTED, ids=[d[1][9:-5] for d in DOCUMENTED])
def test_example_verdict(page, path, expected):
    for inf in expected:
        assert set(inf) == set(FIELDS), "%s: a verdict entry needs exactly %s" % (page, FIELDS)
    status, report = _run_cli(DOCS / path)
    got = [dict((k, inf[k]) for k in FIELDS) for inf in report["infringements"]]
    assert got == expected, "%s: %s gives a different verdict from the page" % (page, path)
    assert report["compliant"] == (not expected)
    assert status == (cli.EXIT_INFRINGEMENTS if expected else cli.EXIT_COMPLIANT)


@pytest.mark.parametrize("page,path,expected", DOCUMENTED, ids=[d[1][9:-5] for d in DOCUMENTED])
def test_example_verdict_through_the_library(page, path, expected):
    # check.analyse is what the office tools call; it must agree with the CLI.
    with open(DOCS / path, encoding="utf-8") as f:
        result = check.analyse(activity_list.load(f))
    got = [dict((k, inf[k]) for k in FIELDS) for inf in check.as_json(result)["infringements"]]
    assert got == expected
    assert all(inf.final for inf in result.infringements), "examples are judged after their periods close"
