"""A document planted among the seeds: it repeats passages of seed 003 (with small edits, other
punctuation, one in traditional script) and is dated later, so the site shows parallels."""

from __future__ import annotations

from pathlib import Path

PLANTED_ID = "005_planted_repeat"
# From seed 003 (2020-01-30): one passage with two characters changed and half-width commas,
# one converted to traditional script, and a paragraph of formulae only (it must show nothing).
COPIED = "要加大疫情防控物资、设备、设施、药品、器械、防护用品等物品采购储备。要强化市场监管,严厉打击哄抬物价、制假售假等扰乱市场和防控工作的违法行为"
EDITED = COPIED.replace("采购储备", "采购储存").replace("严厉打击", "坚决打击").replace("、", ",")
TRADITIONAL = "要發動群眾開展愛國衛生運動，清理垃圾，整治環境衛生，保持乾淨整潔的小區環境。"
FORMULAE = "坚持联防联控、群防群控，做到早发现、早报告、早隔离、早治疗，外防输入、内防扩散。"


def plant(source_dir: Path) -> Path:
    text = (f"某县疫情防控工作通知\n\n各乡镇：\n\n{EDITED}。此外，各乡镇要做好值班安排。\n\n"
            f"{TRADITIONAL}\n\n{FORMULAE}\n\n某县人民政府办公室\n")
    path = source_dir / f"{PLANTED_ID}.txt"
    path.write_text(text, encoding="utf-8")
    (source_dir / f"{PLANTED_ID}.yml").write_text("title: 某县疫情防控工作通知\ndate: 2020-02-05\nplace: 某县\n",
                                                  encoding="utf-8")
    return path
