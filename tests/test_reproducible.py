"""Reproducible and contained builds: byte-identical output for the same input, no network,
no file written outside the site folder and tifa's cache."""

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project

AUDIT = Path(__file__).parent / "data" / "audit_build.py"


def audited_build(root: Path, site: Path, tmp: Path) -> list:
    out = tmp / f"audit-{site.name}.json"
    env = dict(os.environ, AUDIT_OUT=str(out), SOURCE_DATE_EPOCH="1700000000", NO_MKDOCS_2_WARNING="1",
               TMPDIR=str(tmp / "tmp"), HOME=str(tmp / "home"))
    (tmp / "tmp").mkdir(exist_ok=True)
    (tmp / "home").mkdir(exist_ok=True)
    result = subprocess.run([sys.executable, str(AUDIT), str(root / "mkdocs.yml"), str(site)],
                            cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("repro")
    root = copy_project(tmp / "project")
    first = audited_build(root, tmp / "site-a", tmp)
    second = audited_build(root, tmp / "site-b", tmp)  # warm cache: must not change the output
    return tmp, root, first, second


def differences(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b)
    found = [f"only in one: {n}" for n in cmp.left_only + cmp.right_only]
    found += [str(a / n) for n in filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)[1]]
    for sub in cmp.common_dirs:
        found += differences(a / sub, b / sub)
    return found


def test_two_builds_are_byte_identical(two_builds):
    tmp, *_ = two_builds
    files = [p for p in (tmp / "site-a").rglob("*") if p.is_file()]
    assert len(files) > 50
    assert differences(tmp / "site-a", tmp / "site-b") == []


def test_no_network_at_build_time(two_builds):
    _, _, first, second = two_builds
    assert [e for e in first + second if e[0] == "network"] == []


def test_nothing_written_outside_the_site_and_the_cache(two_builds):
    tmp, root, first, second = two_builds
    cache = root / ".cache" / "tifa"
    allowed = [tmp / "site-a", tmp / "site-b", cache]
    outside = [e for e in first + second
               if not any(Path(e[1]).is_relative_to(d) for d in allowed)
               and not (e[0] == "os.mkdir" and cache.is_relative_to(e[1]))  # making the cache's parents
               and not e[1].endswith(".json")]  # the audit record itself
    assert outside == []
    assert list((tmp / "tmp").iterdir()) == [] and list((tmp / "home").iterdir()) == []
    assert any(e[0] == "write" and "site-a" in e[1] for e in first)  # the hook does see writes
