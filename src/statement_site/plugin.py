"""The MkDocs plugin: plain ``mkdocs build`` and ``mkdocs serve`` render the corpus.

    plugins:
      - search
      - statement-site:
          corpus: corpus        # the corpus folder, relative to mkdocs.yml

The corpus is read and parsed in ``on_config``, before MkDocs touches ``site_dir``: a bad source
text or metadata file stops the build with its ``FILE:LINE:COL: message`` and leaves the previous
site as it was. The pages exist only in memory (``File.generated``), so none is ever written to
``docs/``: a hand-written page there wins over a generated one of the same path, and a removed
document leaves no stale page. ``mkdocs serve`` watches the corpus and rebuilds on save.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from statement_site.corpus import load_corpus
from statement_site.errors import CorpusError, MetadataError, SourceError
from statement_site.model import Corpus
from statement_site.render import literal, render

log = logging.getLogger("mkdocs.plugins.statement_site")
STYLESHEET = "assets/statement-site.css"
SCRIPT = "assets/statement-site.js"


def asset_files() -> dict[str, str]:
    """The plugin's stylesheet and script, by their path in the site."""
    assets = resources.files("statement_site")
    return {
        path: assets.joinpath(path).read_text(encoding="utf-8") for path in (STYLESHEET, SCRIPT)
    }


class StatementSiteConfig(Config):  # type: ignore[no-untyped-call]
    corpus = c.Type(str, default="corpus")


class StatementSitePlugin(BasePlugin[StatementSiteConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.corpus: Corpus | None = None
        self.pages: dict[str, str] = {}
        self.corpus_dir = Path("corpus")
        self.user_nav = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        self.corpus_dir = base / self.config.corpus
        try:
            self.corpus = load_corpus(self.corpus_dir)
        except (SourceError, MetadataError, CorpusError) as error:
            raise PluginError(str(error)) from None
        self.pages = render(self.corpus)
        self.pages.update(asset_files())
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        self.user_nav = config.nav is not None
        documents = sum(len(entry.document.clauses) for entry in self.corpus)
        log.info(f"statement-site: {len(self.corpus)} document(s), {documents} clauses")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for path, content in self.pages.items():  # render order: home, document, 1..n
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.info(
                    f"statement-site: keeping the hand-written {path} instead of generating it"
                )
                continue
            files.append(File.generated(config, path, content=content))
        if not self.user_nav:
            config.nav = self._nav(files)
        return files

    def _nav(self, files: Files) -> list[Any]:
        """Home, then each document with its clauses in number order, then hand-written pages."""
        assert self.corpus is not None
        nav: list[Any] = ["index.md"]
        generated = set(self.pages)
        for entry in self.corpus:
            pages = [f"{entry.id}/index.md"]
            pages += [f"{entry.id}/{clause.number}.md" for clause in entry.document.clauses]
            nav.append({literal(entry.metadata.title): pages})
        extra = sorted(
            file.src_uri for file in files.documentation_pages() if file.src_uri not in generated
        )
        return nav + extra

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.corpus_dir))
        return server
