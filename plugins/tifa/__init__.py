"""tifa (提法): annotated, cross-linked reading sites from raw Chinese policy texts.

The package is a pure core, one sub-package per pipeline stage:

    decode → normalize → metadata → segment → mine → link → annotate → brief → site

over the small document model in :mod:`tifa.model`. The MkDocs plugin
(:mod:`tifa.mkdocs_plugin`) and the command line (:mod:`tifa.cli`) are thin glue
that call the same core.
"""

__version__ = "0.2.2"  # 0.2.2: documents carry headings, source files and more metadata (cached ones are stale)
