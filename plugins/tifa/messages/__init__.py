"""tifa's interface strings: one small catalogue per language (``zh.yml``, ``en.yml`` beside this
file), chosen by the theme's ``language``. Pages and scripts read the same catalogue (the scripts
through a generated ``assets/tifa/_messages.js``). Content — texts, glossary, notes — is never
translated: only the words tifa puts around it.

A message is a ``str.format`` template. One that depends on a count is a mapping of plural
forms (``one``, ``other``) and is used through :meth:`Messages.count`. Dates and numbers are
written for the language by :meth:`Messages.date` and :meth:`Messages.number`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def language_of(code: str | None) -> str | None:
    """The catalogue for a theme language code (``zh``, ``zh-TW``, ``en``, ``en_GB`` …); None if there is none."""
    primary = re.split(r"[-_]", (code or DEFAULT).strip().lower(), maxsplit=1)[0]
    return primary if primary in LANGUAGES else None


@dataclass(frozen=True)
class Messages:
    language: str
    strings: Mapping[str, object]

    def __call__(self, key: str, **values: object) -> str:
        template = self.strings[key]
        if not isinstance(template, str):
            raise KeyError(f"message {key!r} has plural forms: use Messages.count")
        return template.format(**values) if values else template

    def count(self, key: str, n: int, **values: object) -> str:
        """A message about ``n`` things, in the plural form the language uses for ``n``."""
        forms = self.strings[key]
        if isinstance(forms, str):
            template = forms
        else:
            assert isinstance(forms, Mapping)
            template = forms["one"] if n == 1 and "one" in forms else forms["other"]
        return template.format(n=self.number(n), **values)

    def number(self, n: int) -> str:
        return format(n, ",").replace(",", str(self.strings["number.group"]))

    def date(self, iso: str | None) -> str:
        """An ISO date (``2020``, ``2020-03``, ``2020-03-15``) as the language writes it; anything else as given."""
        if not iso:
            return self("date.unknown")
        m = _ISO_DATE.fullmatch(iso.strip())
        if not m:
            return iso
        year, month, day = m.groups()
        months = self.strings["date.months"]
        assert isinstance(months, list)
        values = {"y": int(year), "m": int(month or 0), "d": int(day or 0),
                  "month": months[int(month) - 1] if month and 1 <= int(month) <= 12 else ""}
        key = "date.day" if day else "date.month" if month else "date.year"
        return self(key, **values)

    def for_scripts(self) -> str:
        """The catalogue as a script that the page's other scripts read (``window.tifaMessages``)."""
        data = json.dumps({"language": self.language, "strings": dict(self.strings)}, ensure_ascii=False,
                          sort_keys=True)
        # Inside a .js file only "</script" could matter if it were ever inlined; keep it out anyway.
        return "window.tifaMessages = " + data.replace("</", "<\\/") + ";\n"


@cache
def messages(language: str = DEFAULT) -> Messages:
    """The catalogue of ``language`` (one of :data:`LANGUAGES`), read once: it is package data, never edited at run time."""
    if language not in LANGUAGES:
        raise ValueError(f"no interface catalogue for language {language!r}; tifa has {', '.join(LANGUAGES)}")
    text = (resources.files("tifa") / "messages" / f"{language}.yml").read_text(encoding="utf-8")
    strings = yaml.safe_load(text)
    base = strings if language == DEFAULT else {**messages(DEFAULT).strings, **strings}
    missing = set(messages(DEFAULT).strings) - set(strings) if language != DEFAULT else set()
    if missing:
        raise ValueError(f"tifa/messages/{language}.yml lacks {', '.join(sorted(missing))}")
    return Messages(language, base)
