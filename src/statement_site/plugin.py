"""The MkDocs plugin: plain ``mkdocs build`` and ``mkdocs serve`` render the corpus.

    plugins:
      - search
      - tags
      - statement-site:
          corpus: corpus        # the corpus folder, relative to mkdocs.yml
          languages:            # a site per translation, under /<lang>/
            en: {site_name: Treaties and Joint Statements}

The corpus is read, parsed and tagged in ``on_config``, before MkDocs touches ``site_dir``: a bad
source text, metadata, vocabulary, dictionary or translation file stops the build with its
``FILE:LINE:COL: message`` and leaves the previous site as it was. The pages exist only in memory
(``File.generated``), so none is ever written to ``docs/``: a hand-written page there wins over a
generated one of the same path, and a removed document leaves no stale page. ``mkdocs serve``
watches the corpus and rebuilds on save.

Languages. The original language's site is built at the root. After it, the plugin builds each
translation's site into ``site_dir/<lang>/`` with the same configuration, Material's interface
and search in that language (its own ``search_index.json``, English stemming) and the pages
rendered in that language; a hand-written ``docs/<page>.<lang>.md`` is that language's
``<page>.md``. Every page's language switch (``extra.alternate``) points at the same page in the
other language. mkdocs-static-i18n was measured first and rejected: it cannot take generated pages
(its ``reconfigure_files`` reads ``abs_src_path``, None for ``File.generated``) and writes one
search index for all languages.

Search. The domain dictionary is given to Material's search as ``jieba_dict_user``; after the
build, the search worker's Chinese query segmentation is fixed and every clause page gets its
hidden ``keywords`` (see ``statement_site.search``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jieba
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from statement_site.cache import use_for_jieba, write_cached
from statement_site.corpus import load_corpus
from statement_site.errors import CorpusError, InvalidDocuments, MetadataError, SourceError
from statement_site.files import inside
from statement_site.model import Corpus
from statement_site.render import (
    HTML_LANG,
    document_title,
    literal,
    missing_translations,
    render,
    topic_label,
)
from statement_site.search import (
    KEYWORDS_FIELD,
    OTHER_SCRIPT_FIELD,
    WorkerPatchError,
    add_keywords,
    keywords,
    patch_worker,
    script_keywords,
    translated_keywords,
)
from statement_site.tag import jieba_user_dictionary
from statement_site.texts import TEXTS

log = logging.getLogger("mkdocs.plugins.statement_site")
STYLESHEET = "assets/statement-site.css"
SCRIPT = "assets/statement-site.js"
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
# Material's search in a translation's site: lunr's language, and what separates words.
SEARCH = {
    "en": {
        "lang": ["en"],
        "separator": r'[\s\u200b\-,:;!?=\[\]()"/]+|\.(?!\d)',  # U+200B: keywords
        "pipeline": ["stemmer", "stopWordFilter", "trimmer"],
    },
}
PALETTE_NAMES = {"en": {"default": "Switch to dark mode", "slate": "Switch to light mode"}}
WORKERS = "assets/javascripts/workers"


def asset_files() -> dict[str, str]:
    """The plugin's stylesheet and script, by their path in the site."""
    assets = resources.files("statement_site")
    return {
        path: assets.joinpath(path).read_text(encoding="utf-8") for path in (STYLESHEET, SCRIPT)
    }


def clause_order(mapping: Any) -> tuple[str, int, str]:
    """Material's tags listings in reading order: by document, then by clause number."""
    url = str(mapping.item.url)
    match = re.search(r"([^/]+)/(\d+)/$", url)
    return (match.group(1), int(match.group(2)), url) if match else (url, 0, url)


class StatementSiteConfig(Config):  # type: ignore[no-untyped-call]
    corpus = c.Type(str, default="corpus")
    languages = c.Type(dict, default={})
    # publish the valid documents and list the refused ones (statement-site build --skip-invalid)
    skip_invalid = c.Type(bool, default=False)


class StatementSitePlugin(BasePlugin[StatementSiteConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.corpus: Corpus | None = None
        self.pages: dict[str, str] = {}
        self.corpus_dir = Path("corpus")
        self.user_nav = False
        self.language: str | None = None  # set by the original build on a translation's build
        self.original = "zh"
        self.translated: dict[str, str] = {}  # hand-written <page>.<lang>.md, by <page>.md
        self.page_languages: dict[str, set[str]] = {}  # <page>.md: languages it is written in
        self.pages_written = 0
        self.page_count = 0
        self.build_progress: Callable[[int, int], None] = _progress("pages written", "")

    # -- Configuration -----------------------------------------------------------------------

    @event_priority(100)  # before Material's search and tags plugins read their settings
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _check_source_date_epoch()
        base = Path(config.config_file_path or ".").resolve().parent
        self.corpus_dir = base / self.config.corpus
        if self.language is None:
            _check_docs(Path(config.docs_dir), [*self.config.languages])
        if self.corpus is None or self.language is None:
            use_for_jieba(jieba)
            reserved = [*TEXTS, *self.config.languages, *_top_names(Path(config.docs_dir))]
            try:
                self.corpus = load_corpus(
                    self.corpus_dir, reserved, _progress(), bool(self.config.skip_invalid)
                )
            except (SourceError, MetadataError, CorpusError, InvalidDocuments) as error:
                raise PluginError(str(error)) from None
        languages = {entry.metadata.language for entry in self.corpus}
        self.original = sorted(languages)[0] if len(languages) == 1 else "zh"
        lang = self.language or self.original
        for name in self.config.languages:
            if name not in TEXTS or name == self.original:
                raise PluginError(
                    f"statement-site: languages: {name!r} is not a translation language this "
                    f"site can show ({', '.join(t for t in TEXTS if t != self.original)})"
                )
        self.pages = render(self.corpus, lang)
        self.pages.update(asset_files())
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        self.user_nav = config.nav is not None
        templates = str(resources.files("statement_site").joinpath("templates"))
        if templates not in config.theme.dirs:
            config.theme.dirs.insert(0, templates)
        self._configure_search(config, lang)
        self._configure_tags(config)
        if lang != self.original:
            self._configure_language(config, lang)
        clauses = sum(len(entry.document.clauses) for entry in self.corpus)
        log.info(f"statement-site: {len(self.corpus)} document(s), {clauses} clauses ({lang})")
        if lang == self.original:
            for line in self.translation_report():
                log.info(f"statement-site: {line}")
        return config

    def refused_report(self) -> list[str]:
        """The documents left out by ``skip_invalid``, each with every message about it."""
        refused = self.corpus.refused if self.corpus else ()
        if not refused:
            return []
        total = len(self.corpus or ()) + len(refused)
        lines = [f"{len(refused)} of {total} documents refused and left out of the site:"]
        for document in refused:
            lines += [f"  {message}" for message in document.messages]
        return lines

    def translation_report(self) -> list[str]:
        """How many clauses of each document have no translation, for each site language; the
        language files of languages the site does not have."""
        lines = []
        for entry in self.corpus or ():
            for translation in entry.translations:
                language = translation.language
                if language != entry.metadata.language and language not in self.config.languages:
                    lines.append(
                        f"{translation.path}: not published: {language} is not a language of "
                        "the site (languages: of the statement-site plugin in mkdocs.yml)"
                    )
            for other in self.config.languages:
                missing = missing_translations(entry, other)
                if missing:
                    numbers = ", ".join(str(n) for n in missing)
                    lines.append(
                        f"{entry.id}: {len(missing)} of {len(entry.document.clauses)} clauses "
                        f"have no {other} translation ({numbers}); their {other} pages show the "
                        "original with a notice"
                    )
        return lines

    def _configure_search(self, config: MkDocsConfig, lang: str) -> None:
        search = _plugin(config, "search")
        if search is None:
            return
        if lang != self.original:  # the original's search is configured in mkdocs.yml
            for key, value in SEARCH.get(lang, {}).items():
                search.config[key] = value
        if lang == "zh" and self.corpus and self.corpus.dictionary is not None:
            search.config["jieba_dict_user"] = str(_user_dictionary(self.corpus))

    def _configure_tags(self, config: MkDocsConfig) -> None:
        tags = _plugin(config, "tags")
        vocabulary = self.corpus.vocabulary if self.corpus else None
        if tags is None or vocabulary is None:
            return
        from material.plugins.tags.structure.tag import Tag

        labels = [literal(topic_label(t, lang)) for t in vocabulary.topics for lang in TEXTS]
        tags.config.tags_allowed = {Tag(label) for label in labels}
        tags.config.listings_sort_by = clause_order

    def _configure_language(self, config: MkDocsConfig, lang: str) -> None:
        config.theme["language"] = lang
        toc = config.mdx_configs.get("toc")
        if isinstance(toc, dict) and "permalink_title" in toc:
            toc["permalink_title"] = TEXTS[lang].section_link
        for key, value in self.config.languages.get(lang, {}).items():
            config[key] = value
        # Every page of a translation's site says what it is, in the footer.
        notice = TEXTS[lang].translation_notice
        config["copyright"] = f"{config.copyright} · {notice}" if config.copyright else notice
        for palette in config.theme.get("palette") or []:
            toggle = palette.get("toggle") if isinstance(palette, dict) else None
            names = PALETTE_NAMES.get(lang, {})
            if toggle and palette.get("scheme") in names:
                toggle["name"] = names[palette["scheme"]]

    # -- Pages -------------------------------------------------------------------------------

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        lang = self.language or self.original
        suffixes = tuple(f".{name}.md" for name in (*self.config.languages, self.original))
        self.translated = {}
        self.page_languages = {}
        for file in list(files.documentation_pages()):
            self.page_languages.setdefault(file.src_uri, set()).add(self.original)
        for file in list(files):
            if not file.src_uri.endswith(suffixes):
                continue
            files.remove(file)  # <page>.<lang>.md is <page>.md in that language's site
            page_lang = file.src_uri.rsplit(".", 2)[1]
            page = file.src_uri[: -len(f".{page_lang}.md")] + ".md"
            self.page_languages.setdefault(page, set()).add(page_lang)
            if file.src_uri.endswith(f".{lang}.md"):
                page = file.src_uri[: -len(f".{lang}.md")] + ".md"
                self.translated[page] = Path(file.abs_src_path or "").read_text(encoding="utf-8")
        if lang != self.original:  # pages in the original language stay in its site
            for file in list(files.documentation_pages()):
                if file.src_uri not in self.translated:
                    files.remove(file)
        for path, content in self.translated.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=content))
        for path, content in self.pages.items():  # render order: home, document, 1..n, …
            if files.get_file_from_path(path) is not None:
                log.info(
                    f"statement-site: keeping the hand-written {path} instead of generating it"
                )
                continue
            files.append(File.generated(config, path, content=content))
        if not self.user_nav:
            config.nav = self._nav(files, lang)
        self.page_count = len(files.documentation_pages())
        return files

    def _nav(self, files: Files, lang: str) -> list[Any]:
        """Home, each document with its clauses in order, topics, entities, other pages."""
        assert self.corpus is not None
        t = TEXTS[lang]
        nav: list[Any] = ["index.md"]
        generated = set(self.pages)
        for entry in self.corpus:
            pages: list[Any] = [f"{entry.id}/index.md"]
            if f"{entry.id}/parallel.md" in self.pages:
                pages.append({t.parallel: f"{entry.id}/parallel.md"})
            pages += [f"{entry.id}/{clause.number}.md" for clause in entry.document.clauses]
            nav.append({literal(document_title(entry, lang)): pages})
        if "topics/index.md" in self.pages and self.corpus.vocabulary is not None:
            topics = ["topics/index.md"]
            topics += [f"topics/{topic.id}.md" for topic in self.corpus.vocabulary.topics]
            nav.append({t.topics: topics})
        if "entities/index.md" in self.pages:
            kinds = [p for p in self.pages if re.fullmatch(r"entities/[a-z]+\.md", p)]
            nav.append({t.entities: ["entities/index.md", *kinds]})
        extra = sorted(
            file.src_uri for file in files.documentation_pages() if file.src_uri not in generated
        )
        return nav + extra

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.pages_written = 0
        self.build_progress = _progress("pages written", self.language or self.original)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Count the pages written: a long build says how far it is (a line every few s)."""
        self.pages_written += 1
        self.build_progress(self.pages_written, self.page_count)
        return output

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        """The language switch of this page: the same page in every language of the site."""
        languages = [self.original, *self.config.languages]
        if len(languages) < 2:
            return context
        lang = self.language or self.original
        here = page.file.src_uri
        up = "../" * page.url.count("/")  # from this page to the root of its language's site
        if lang != self.original:
            up += "../"  # from a translation's root to the site's root
        alternate = []
        for other in languages:
            exists = here in self.pages or other in self.page_languages.get(here, set())
            prefix = "" if other == self.original else f"{other}/"
            target = page.url if exists else ""
            alternate.append(
                {"name": LANGUAGE_NAMES.get(other, other), "link": f"{prefix}{target}",
                 "href": f"{up}{prefix}{target}" or "./", "lang": HTML_LANG.get(other, other)}
            )  # fmt: skip
        config.extra["alternate"] = alternate
        return context

    # -- After the build ---------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        lang = self.language or self.original
        site = Path(config.site_dir)
        try:
            for worker in sorted((site / WORKERS).glob("search.*.min.js")):
                worker.write_text(patch_worker(worker.read_text(encoding="utf-8")), "utf-8")
        except WorkerPatchError as error:
            raise PluginError(str(error)) from None
        index_path = site / "search" / "search_index.json"
        if index_path.is_file() and self.corpus is not None:
            index = json.loads(index_path.read_text(encoding="utf-8"))
            index = add_keywords(index, self._keywords(lang))
            index_path.write_text(
                json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
            )
        if lang == self.original:
            for other in self.config.languages:
                self._build_language(config, other)

    def _keywords(self, lang: str) -> dict[str, dict[str, list[str]]]:
        """The hidden search fields of every clause page: its keywords, and in the original
        language its words in the other script of Chinese."""
        assert self.corpus is not None
        dictionary = self.corpus.dictionary
        extra: dict[str, dict[str, list[str]]] = {}
        if dictionary is None:
            return extra
        for entry in self.corpus:
            if entry.tagging is None:
                continue
            for clause in entry.document.clauses:
                tags = entry.tagging.of(clause.number)
                entities = [entry.tagging.entity(e) for e in tags.entities]
                location = f"{entry.id}/{clause.number}/"
                if lang == self.original:
                    words = keywords(clause.text, entities, dictionary, jieba.cut_for_search)
                    extra[location] = {
                        KEYWORDS_FIELD: words,
                        OTHER_SCRIPT_FIELD: script_keywords(words),
                    }
                else:
                    extra[location] = {KEYWORDS_FIELD: translated_keywords(entities, lang)}
        return extra

    def _build_language(self, config: MkDocsConfig, lang: str) -> None:
        """Build the site of translation ``lang`` into ``site_dir/<lang>/``."""
        site_dir = str(Path(config.site_dir) / lang)
        other = load_config(config.config_file_path, site_dir=site_dir, strict=config.strict)
        plugin = other.plugins.get("statement-site")
        assert isinstance(plugin, StatementSitePlugin)
        plugin.language = lang
        plugin.corpus = self.corpus
        log.info(f"statement-site: building the {lang} site in {site_dir}")
        mkdocs_build(other, dirty=False)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.corpus_dir))
        return server


DOCS_DEPTH = 30  # folders inside each other in docs/


def _check_docs(docs: Path, languages: list[str]) -> None:
    """Refuse what in docs/ would publish a file from elsewhere or lose pages, before MkDocs
    walks it: a link out of docs/ (a page or a folder of the machine's), something that is not a
    file or a folder (a FIFO), folders nested deeper than DOCS_DEPTH, and a folder named like a
    translation's site (docs/en/: the English build replaces site/en/)."""
    if not docs.is_dir():
        return
    root = Path(os.path.realpath(docs))
    for language in languages:
        if (docs / language).exists() or (docs / language).is_symlink():
            raise PluginError(
                f"{docs / language}: a folder named like the {language} site, which replaces it "
                f"when it is built: write a page's {language} version as docs/<page>.{language}.md"
            )
    stack = [(docs, 0)]
    while stack:
        folder, depth = stack.pop()
        if depth > DOCS_DEPTH:
            raise PluginError(f"{folder}: folders nested more than {DOCS_DEPTH} deep in docs/")
        for path in sorted(folder.iterdir()):
            if path.is_symlink() and not inside(path, root):
                real = Path(os.path.realpath(path))
                raise PluginError(
                    f"{path}: a link to something outside {docs} ({real}): copy it into "
                    f"{docs} instead; nothing outside it is published"
                )
            if path.is_dir() and not path.is_symlink():
                stack.append((path, depth + 1))
            elif not path.is_file() and not path.is_dir():
                raise PluginError(f"{path}: not a regular file (a FIFO, a device or a socket)")


def _check_source_date_epoch() -> None:
    """SOURCE_DATE_EPOCH, which MkDocs reads for the site's date, must be a date it can use."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return
    try:
        dt.datetime.fromtimestamp(int(value), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise PluginError(
            f"SOURCE_DATE_EPOCH={value[:40]!r}: expected the build's date as a whole number of "
            "seconds since 1970-01-01 (e.g. the last commit's: git log -1 --format=%ct)"
        ) from None


def _top_names(docs: Path) -> list[str]:
    """The URLs of the files at the top of docs/: about.md and about.en.md -> about. (A folder
    there is no reserved name: docs/<id>/15.md replaces one generated page on purpose.)"""
    if not docs.is_dir():
        return []
    return [
        path.name.split(".", 1)[0] if path.name.endswith(".md") else path.name
        for path in docs.iterdir()
        if not path.is_dir()
    ]


PROGRESS_SECONDS = 5.0  # a long build says how far it is this often


def _progress(
    what: str = "documents read and tagged", lang: str = ""
) -> Callable[[int, int], None]:
    """A progress report of a long step (reading and tagging the corpus, writing the pages of a
    language's site): a line every PROGRESS_SECONDS, and one at the end if it took that long."""
    started = last = time.monotonic()
    where = f" ({lang})" if lang else ""

    def report(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_SECONDS or (done == total and now - started >= PROGRESS_SECONDS):
            last = now
            log.info(
                f"statement-site: {done}/{total} {what}{where} ({now - started:.0f} s)",
                extra={"progress": True},
            )

    return report


def _plugin(config: MkDocsConfig, name: str) -> Any:
    for key in (f"material/{name}", name):
        if key in config.plugins:
            return config.plugins[key]
    return None


def _user_dictionary(corpus: Corpus) -> Path:
    """The domain dictionary as jieba's user dictionary, in the private cache folder, in a file
    named by its content (Material reads it by an absolute path)."""
    assert corpus.dictionary is not None
    text = jieba_user_dictionary(corpus.dictionary)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return write_cached(f".jieba-user-{digest}.txt", text)
