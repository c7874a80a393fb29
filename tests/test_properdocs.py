"""The other engine: ProperDocs (a maintained fork of MkDocs 1.6) builds the seed site byte for byte
as MkDocs does, but for the generator tag.

ProperDocs lives in a venv of its own (it answers `import mkdocs` itself, so it must not share one
with MkDocs): `.ci/run` makes `.venv-properdocs`; elsewhere set TIFA_PROPERDOCS to its `properdocs`
command, or the test is skipped. Under CI (CI=true) a missing ProperDocs is a failure.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def properdocs() -> str | None:
    found = os.environ.get("TIFA_PROPERDOCS") or shutil.which("properdocs", path=str(ROOT / ".venv-properdocs" / "bin"))
    if found is None and os.environ.get("CI"):
        pytest.fail("CI must build with ProperDocs too: .ci/run makes .venv-properdocs")
    return found


def all_files(site: Path) -> list[Path]:
    return sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())


def test_properdocs_builds_the_site_mkdocs_builds(tmp_path, monkeypatch):
    command = properdocs()
    if command is None:
        pytest.skip("ProperDocs is not installed (set TIFA_PROPERDOCS, or run .ci/run)")
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's date, for both builds
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    by_mkdocs = run_build(root / "mkdocs.yml", tmp_path / "site-mkdocs")
    assert by_mkdocs.returncode == 0, by_mkdocs.stderr
    by_properdocs = subprocess.run([command, "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"),
                                    "-d", str(tmp_path / "site-properdocs")],
                                   cwd=root, capture_output=True, text=True, env=env, timeout=600)
    assert by_properdocs.returncode == 0, by_properdocs.stderr
    a, b = tmp_path / "site-mkdocs", tmp_path / "site-properdocs"
    assert all_files(a) == all_files(b)
    generator_tags = set()
    differ = []
    for name in all_files(a):
        if filecmp.cmp(a / name, b / name, shallow=False):
            continue
        ours, theirs = (a / name).read_bytes(), (b / name).read_bytes()
        generator_tags |= {m.group() for m in GENERATOR.finditer(theirs)}
        if GENERATOR.sub(b"", ours) != GENERATOR.sub(b"", theirs):
            differ.append(str(name))
    assert differ == []
    assert any(b"properdocs" in tag.lower() for tag in generator_tags)  # it was ProperDocs that built it
    assert (b / "documents" / "index.html").exists() and any((b / "phrases").iterdir())  # tifa's pages are there
