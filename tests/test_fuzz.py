"""Fuzzing: replay the committed corpus and every past finding, then fuzz each target for a
bounded time with atheris (60 s per target in CI, 10 s otherwise; TIFA_FUZZ_SECONDS overrides)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
sys.path.insert(0, str(FUZZ))
from targets import TARGETS  # noqa: E402

SECONDS = int(os.environ.get("TIFA_FUZZ_SECONDS", "60" if os.environ.get("CI") else "10"))


def inputs(folder: str):
    return [(t, p) for t in sorted(TARGETS) for p in sorted((FUZZ / folder / t).glob("*"))]


@pytest.mark.parametrize("target, path", inputs("regressions") + inputs("corpus"), ids=lambda x: getattr(x, "name", x))
def test_replay(target, path):
    TARGETS[target](path.read_bytes())


def test_there_are_regressions_to_replay():
    assert {t for t, _ in inputs("regressions")} == {"annotation"}  # grows as findings are fixed


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_bounded_fuzz_run_finds_nothing(target, tmp_path):
    pytest.importorskip("atheris")
    result = subprocess.run(
        [sys.executable, str(FUZZ / "run.py"), target, "--seconds", str(SECONDS), "--seed", "1"],
        capture_output=True, text=True, timeout=SECONDS * 3 + 120, cwd=tmp_path,
    )
    tail = "\n".join(result.stderr.splitlines()[-40:])
    assert result.returncode == 0, f"fuzzing {target} found a crash (see fuzz/findings/):\n{tail}"
    assert "Done" in result.stderr and "runs in" in result.stderr


def test_the_annotation_oracle_tells_active_markup_from_inert_text():
    from targets import active_content

    assert active_content('<p>[a](javascript:x — prose that reads "javascript:" or "one = two"</p>') == []
    assert active_content('<a href=" JavaScript:x">x</a><img src=x onerror=y><script></script>') == [
        "<a href=' JavaScript:x'>", "<img onerror='y'>", "<script>"]
