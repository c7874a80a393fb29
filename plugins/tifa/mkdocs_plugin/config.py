"""Options of the ``tifa`` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..normalize import STEPS


class TifaConfig(base.Config):
    source_dir = c.Type(str, default="source_texts")
    """Folder of source texts (``*.txt``, each with an optional ``*.yml`` sidecar), relative to mkdocs.yml."""

    target_script = c.Choice(("simplified", "traditional", "taiwan", "hongkong", "none"), default="simplified")
    """Script the reading text is shown in; the original is always kept."""

    steps = c.ListOfItems(c.Choice(STEPS), default=list(STEPS))
    """Normalization steps to run, of: unicode, whitespace, boilerplate, glosses, script, punctuation, damage."""

    boilerplate_rules = c.ListOfItems(c.Type(str), default=[])
    """Extra YAML rule files for web boilerplate, run after the built-in rules."""

    default_rules = c.Type(bool, default=True)
    """Use tifa's built-in boilerplate rules."""

    corrections = c.ListOfItems(c.Type(str), default=[])
    """YAML files with editorial readings for damaged spans."""

    glossary_dir = c.Type(str, default="glossary")
    """Curated glossary: one YAML file per phrase."""

    annotations_dir = c.Type(str, default="annotations")
    """Contributor annotations: ``<document id>/<slug>.md``."""

    briefings_dir = c.Type(str, default="briefings")
    """Trainer briefings: Markdown with YAML front matter."""

    cache_dir = c.Type(str, default=".cache/tifa")
    """On-disk cache of normalized documents and segmentations, keyed by content hash."""

    min_docs = c.Type(int, default=2)
    """Mined phrases must occur in at least this many documents to be linked."""

    mining = c.Type(dict, default={})
    """How mining weighs its evidence (see ``tifa.mine.MineConfig`` and ``tifa.mine.kinds.KindConfig``):
    ``link_kinds`` (kinds linked in the text, default ``[formulation]``; also term, name, stock,
    reporting, piece) and every evidence threshold by name (``closure``, ``fragment_share``, ``governed_share``,
    ``task_share``, ``modal_share`` … — the README lists them with their defaults); an unknown name is an error."""

    phrase_table = c.Optional(c.Type(str))
    """A phrase table saved by ``tifa phrases --save FILE`` (e.g. mined on Dask), read instead of mining."""

    reuse_table = c.Optional(c.Type(str))
    """Parallel passages saved by ``tifa reuse --save FILE`` (e.g. detected on Dask), read instead of detecting."""
