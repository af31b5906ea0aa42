"""Chinese search that finds what readers mean, on top of Material's search.

Material segments the index with jieba at build time, but in the browser its worker splits a
Chinese query into pieces already in the index with an off-by-one: a piece never reaches the
query's last character (阿富汗 -> 阿*, 气候变化 -> 气候*), segmentation stops at the first
character that starts no index term (联合国改革 -> 联合国*), and pieces get a doubled wildcard
that the results then report as missing. Four changes, all made at build time:

1. ``patch_worker``: the worker's segmenter is replaced by a longest match against the index's
   terms that keeps the query's last word whole (the part still being typed stays a prefix:
   气候变 -> 气候变*), and the pieces are joined without the extra wildcard. The patch looks for
   its anchors and fails the build when a Material release no longer has them, never silently.
2. The domain dictionary becomes jieba's user dictionary (``jieba_dict_user``), so the index keeps
   瓜达尔港, 夏巴兹 and 中巴经济走廊 whole.
3. ``add_keywords``: every clause page gets an extra index field, ``keywords``, searched but never
   shown: the other forms of the entities it names (中巴自贸协定 for 中巴自由贸易协定, 二十大),
   the synonyms of its words (洪灾 for 洪涝灾害, 脱贫 for 减贫), and the shorter words inside
   jieba's long ones (援助 inside 经济援助), so a prefix search reaches them. A clause in
   traditional characters also gets its words in simplified ones (jieba cuts those better).
4. ``script_keywords``: a second hidden field, ``other_script``, holds the clause's words and
   keywords as spelled in the other script of Chinese (``hanzi.other_forms``: 臺灣 and 台灣 for
   台湾, 台湾 for 臺灣), so that a reader who types simplified characters finds a traditional
   text and back. A field of its own with a low weight (``FIELD_BOOSTS``), so that a query in
   the text's own script ranks as before.
   (Converting the query in the browser instead was measured: a correct table for both
   directions is OpenCC's 1.1 MB of characters and phrases, 405 KB gzipped, in every reader's
   search worker; the field adds 15 KB, 4 KB gzipped, to the bundled statement's index.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

from statement_site.hanzi import other_forms, simplified
from statement_site.model import Dictionary, Entity
from statement_site.render import entity_name

KEYWORDS_FIELD = "keywords"
OTHER_SCRIPT_FIELD = "other_script"
# The other script's words weigh less: the prefix of a query in the text's own script (巴铁: 巴*)
# also matches them, and they must not push the clauses that hold its words down.
FIELD_BOOSTS = {KEYWORDS_FIELD: 1.0, OTHER_SCRIPT_FIELD: 0.05}
ZWSP = "\u200b"

# The worker's segmenter: the one function of the bundle that builds a Uint16Array of word cuts.
SEGMENT_FUNCTION = re.compile(r"function ([\w$]+)\(([\w$]+),([\w$]+)\)\{[^{}]*new Uint16Array\(")
# Where the worker joins the pieces of a Chinese run with an extra wildcard: .join("* ")
SEGMENT_JOIN = '].join("* ")'
SEGMENT_JS = """function {name}(query,index){{
/* statement-site: longest match against the index's terms, the query's last word kept whole;
   a rare long word (in 3 pages or fewer) also brings the words inside it (人文交流: 人文, 交流),
   which rank below it */
let parts=[],i=0,terms=null;
while(i<query.length){{let rest=query.slice(i),n=0;
if(rest in index){{parts.push(rest);break}}
terms=terms||Object.keys(index);
if(terms.some(t=>t.startsWith(rest))){{parts.push(rest);break}}
for(let j=query.length-1;j>i;j--)if(query.slice(i,j) in index){{n=j-i;break}}
if(!n)n=1;parts.push(query.slice(i,i+n));i+=n}}
const pages=t=>new Set(Object.keys(index[t]).filter(f=>f!="_index")
.flatMap(f=>Object.keys(index[t][f]))).size;
for(const p of [...parts])if(p.length>=3&&p in index&&pages(p)<=3){{let k=0;
while(k<p.length){{let m=0;
for(let j=p.length-(k?0:1);j>k+1;j--)if(p.slice(k,j) in index){{m=j-k;break}}
if(m){{parts.push(p.slice(k,k+m));k+=m}}else k++}}}}
return new Set(parts)}}"""


# Where the worker gives every plain term a trailing wildcard: .map(r=>/(^[+-]|[~^]\d+$)/…`${r}*`)
# lunr skips the stemmer for a wildcard term, so in an English index (which holds stems:
# "terror" for terrorism) a whole word finds nothing. The patch stems a Latin term first, the
# way the index was stemmed, then adds the wildcard; a site without English (lunr.zh loaded,
# no English stemmer in its index) keeps the term as typed. The stem goes in twice, as a word and
# as a prefix, so that the word itself outranks longer words it begins (BRI before "briefed").
WILDCARD_TERM = re.compile(
    r"\.map\(([\w$]+)=>/\(\^\[\+-\]\|\[~\^\]\\d\+\$\)/\.test\(\1\)\?\1:`\$\{\1\}\*`\)"
)
STEMMED_TERM = (
    '.map({t}=>/(^[+-]|[~^]\\d+$)/.test({t})?{t}:typeof lunr.zh=="undefined"&&'
    "/^[A-Za-z]+$/.test({t})?(s=>`${{s}} ${{s}}*`)("
    "lunr.stemmer(new lunr.Token({t}.toLowerCase())).toString()):`${{{t}}}*`)"
)


class WorkerPatchError(RuntimeError):
    """The search worker of this Material release does not have the code the patch replaces."""


def patch_worker(js: str) -> str:
    """Material's search worker with the Chinese query segmentation fixed (see module doc)."""
    match = SEGMENT_FUNCTION.search(js)
    wildcard = WILDCARD_TERM.search(js)
    if match is None or wildcard is None or js.count(SEGMENT_JOIN) != 1:
        raise WorkerPatchError(
            "Material's search worker has changed: its Chinese query segmenter was not found, "
            "so the statement-site search fix cannot be applied (see statement_site/search.py)"
        )
    stemmed = STEMMED_TERM.format(t=wildcard.group(1))
    js = js[: wildcard.start()] + stemmed + js[wildcard.end() :]
    match = SEGMENT_FUNCTION.search(js)
    assert match is not None
    start = match.start()
    end = _closing_brace(js, js.index("{", start))
    name = match.group(1)
    patched = js[:start] + SEGMENT_JS.format(name=name).replace("\n", "") + js[end + 1 :]
    return patched.replace(SEGMENT_JOIN, '].join(" ")')


def _closing_brace(js: str, opening: int) -> int:
    depth = 0
    for i in range(opening, len(js)):
        if js[i] == "{":
            depth += 1
        elif js[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise WorkerPatchError("Material's search worker: unbalanced braces in its segmenter")


def keywords(
    text: str,
    entities: Iterable[Entity],
    dictionary: Dictionary,
    subwords: Callable[[str], Iterable[str]],
) -> list[str]:
    """The words a reader may search for that do not stand in ``text`` as whole index terms
    (for a text in traditional characters, its words in simplified ones too)."""
    words: list[str] = []
    for entity in entities:
        words += [entity.name, *entity.aliases]
        if entity.en:
            words.append(entity.en)
    for group in dictionary.synonyms:
        if any(word in text for word in group):
            words += group
    folded = simplified(text)  # jieba, whose dictionary is simplified, cuts it better
    for source in (text, folded) if folded != text else (text,):
        words += [w for w in subwords(source) if re.match(r"\w", w)]
    return list(dict.fromkeys(word for word in words if word))


def translated_keywords(entities: Iterable[Entity], lang: str) -> list[str]:
    """The words a reader of a translation may search a clause by: its entities' names in that
    language and their Latin short forms (CPEC, SCO, BRI)."""
    entities = list(entities)
    words = [entity_name(entity, lang) for entity in entities]
    words += [alias for entity in entities for alias in entity.aliases if alias.isascii()]
    return list(dict.fromkeys(words))


def script_keywords(words: Iterable[str]) -> list[str]:
    """The ``words`` (a clause's own and its keywords) as spelled in the other script of
    Chinese, for the field ``OTHER_SCRIPT_FIELD``."""
    return other_forms(words)


def add_keywords(index: dict[str, Any], extra: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    """``index`` (Material's search_index.json) with hidden fields on the given pages.

    ``extra`` maps a page's location (``<id>/15/``) to its fields (``keywords``,
    ``other_script``) and their words. Each field is searched with its weight in
    ``FIELD_BOOSTS`` (body text weighs 1) and never shown in results. The other script's forms
    have a field of their own, with a low weight, so that a query in the text's own script ranks
    as it did without them.
    """
    docs = []
    names: dict[str, None] = {}
    for doc in index["docs"]:
        words_of = extra.get(doc["location"])
        if words_of is not None:
            names.update(dict.fromkeys(words_of))
            # HTML, like the title and text fields: markup in a word is never live, even if a
            # theme showed the field
            doc = {
                **doc,
                **{
                    name: html.escape(ZWSP.join(words), quote=False)
                    for name, words in words_of.items()
                },
            }
        docs.append(doc)
    boosts = {name: {"boost": FIELD_BOOSTS.get(name, 1.0)} for name in names}
    fields = {**index["config"].get("fields", {}), **boosts}
    return {**index, "config": {**index["config"], "fields": fields}, "docs": docs}
