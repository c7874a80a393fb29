"""The contributors' command line."""

import json
import shutil

from conftest import ROOT, seed
from tifa.cli import main


def test_normalize_prints_the_reading_text(capsys):
    assert main(["normalize", str(ROOT / "source_texts" / f"{seed('001')}.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("县委书记在某县") and "shū" not in out


def test_normalize_diff_lists_changes_by_original_position(capsys):
    assert main(["normalize", "--diff", str(ROOT / "source_texts" / f"{seed('001')}.txt")]) == 0
    out = capsys.readouterr().out
    assert "1:4: gloss: '(shū)' → ''" in out
    assert "1:1: script: '縣' → '县'" in out
    assert "damage (corrected) '??h' → reading '县'" in out


def test_normalize_diff_shows_boilerplate_and_metadata(capsys):
    main(["normalize", "--diff", str(ROOT / "source_texts" / f"{seed('004')}.txt")])
    out = capsys.readouterr().out
    assert "# date: 2021-08-09  [publish-line]" in out
    assert "boilerplate (site-footer) removed: '技术支持" in out


def test_normalize_missing_file_is_a_clear_error(capsys, tmp_path):
    assert main(["normalize", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_check_passes_on_the_project(capsys):
    assert main(["--root", str(ROOT), "check"]) == 0


def test_check_reports_file_and_line(tmp_path, capsys):
    shutil.copytree(ROOT / "source_texts", tmp_path / "source_texts")
    (tmp_path / "source_texts" / f"{seed('002')}.yml").write_text("issuer: 中共雅安市委\ndate: 2020-02-31\n", encoding="utf-8")
    (tmp_path / "source_texts" / "broken.txt").write_bytes(b"\x00\x01binary")
    assert main(["--root", str(tmp_path), "check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    problems = {(p["path"].rsplit("/", 1)[-1], p["line"]) for p in report["problems"]}
    assert (f"{seed('002')}.yml", 2) in problems
    assert ("broken.txt", None) in problems
    # Both bad files are reported; the text with the bad sidecar is still published, the binary file is not.
    assert report["documents"] == 5


def test_phrases_lists_mined_candidates(capsys):
    assert main(["--root", str(ROOT), "phrases", "--limit", "10000", "--kind", "all"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("docs  uses")
    linked = [line.split()[3] == "yes" for line in lines[1:]]
    assert True in linked and False in linked
    assert linked == sorted(linked, reverse=True)  # what is linked first, then what is listed
    counts = [int(line.split()[0]) for line, is_linked in zip(lines[1:], linked) if is_linked]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2  # most widespread first
    # By default only what is linked; --kind names one kind.
    assert main(["--root", str(ROOT), "phrases", "--limit", "50"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    assert rows and all(row.split()[3] == "yes" for row in rows)
    assert main(["--root", str(ROOT), "phrases", "--limit", "50", "--kind", "term"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    assert rows and all(row.split()[2] == "term" for row in rows)


def test_phrases_judge_writes_a_judgement_that_unlinks_the_phrase(tmp_path, capsys):
    from conftest import copy_project

    root = copy_project(tmp_path / "project")
    assert main(["--root", str(root), "phrases", "--limit", "50"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    mined = [row.split()[4] for row in rows if row.split()[3] == "yes"]
    assert mined, "the seeds link some mined phrase"
    term = mined[0]
    assert main(["--root", str(root), "phrases", "--judge", f"{term}=term", "--judge", "x=thing"]) == 2
    out, err = capsys.readouterr()
    assert f"{term}: judged a term" in out and "'x=thing'" in err
    assert main(["--root", str(root), "check"]) == 0
    capsys.readouterr()
    assert main(["--root", str(root), "phrases", "--limit", "50"]) == 0
    assert term not in [row.split()[4] for row in capsys.readouterr().out.strip().splitlines()[1:]]
    assert main(["--root", str(root), "phrases", "--judge", f"{term}=name"]) == 1  # never overwrites
    assert "exists already" in capsys.readouterr().err


def test_check_reads_the_project_mkdocs_yml(tmp_path, capsys):
    """`tifa check` checks what the build would: the project's own rule files included."""
    from conftest import copy_project

    root = copy_project(tmp_path / "project")
    (root / "rules.yml").write_text("rules:\n  - name: ok\n    match: '^分享$'\n    action: drop\n"
                                    "  - name: slow\n    match: '^(x+)+$'\n    action: drop\n", encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("      target_script: simplified\n",
                                                    "      target_script: simplified\n      boilerplate_rules: [rules.yml]\n", 1),
                                     encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "rules.yml:6" in err and "slow" in err
