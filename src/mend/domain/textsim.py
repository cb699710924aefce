"""Small, dependency-free text similarity: tokens, light stemming, TF-IDF cosine, grouping.

Made for short notes people write about a conflict ("phone at dinner again"), not for documents.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

__all__ = [
    "STOP_WORDS",
    "cosine",
    "group_similar",
    "similarity_matrix",
    "stem",
    "terms",
    "tfidf_vectors",
    "tokenize",
    "top_shared_terms",
]

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Function words plus words that say *that* something recurs or how it felt rather than *what*
# it was about ("again", "always", "upset"); keeping them would group unrelated complaints.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against ago all almost also always am among an and any anymore
    are aren't around as at away back be became because been before being below between both
    but by can can't cannot come could couldn't did didn't do does doesn't doing don't done
    down during each else even ever every everything few for from further get gets getting
    got had hadn't has hasn't have haven't having he he'd he'll he's her here hers herself him
    himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just last
    least less let's like made make makes many may me might more most much must my myself
    never no nor not now of off often on once one only or other our ours ourselves out over
    own quite rather really said same say says she she'd she'll she's should shouldn't since
    so some something still such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've thing things this those though through
    time times to too under until up upon us very was wasn't we we'd we'll we're we've were
    weren't what what's when where which while who whom why will with without won't would
    wouldn't yet you you'd you'll you're you've your yours yourself yourselves
    im ive id ill youre dont didnt doesnt cant wont isnt wasnt
    always constantly keep keeps kept usual usually whole entire
    upset annoyed angry hurt sad mad feel felt feeling
    """.split()  # noqa: SIM905 - a word block is easier to review than 250 quoted strings
)

_STEM_MIN = 3  # never cut a word below three letters ("bus" must not become "bu")

# Irregular forms that come up in notes about conflicts; suffix rules cannot reach them.
_IRREGULAR: dict[str, str] = {
    "forgot": "forget",
    "forgotten": "forget",
    "lied": "lie",
    "lying": "lie",
    "told": "tell",
    "spent": "spend",
    "drank": "drink",
    "drunk": "drink",
    "went": "go",
    "gone": "go",
    "broke": "break",
    "broken": "break",
    "came": "come",
    "ran": "run",
    "bought": "buy",
    "kept": "keep",
    "shouted": "shout",
    "yelled": "yell",
    "children": "child",
    "kids": "kid",
    "money": "money",
}


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; curly apostrophes are treated as straight ones."""
    return _TOKEN_RE.findall(text.lower().replace("\u2019", "'"))


def _undouble(word: str) -> str:
    # "stopped" -> "stopp" -> "stop", but keep "ll"/"ss"/"zz" ("call", "miss").
    if len(word) > _STEM_MIN and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


def stem(word: str) -> str:
    """A light suffix stripper (a small subset of Porter's rules), enough to match inflections."""
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= _STEM_MIN:
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        return w[:-2]
    for suffix in ("ingly", "edly", "ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= _STEM_MIN:
            base = w[: -len(suffix)]
            if any(c in "aeiouy" for c in base):
                return _undouble(base)
    for suffix in ("ness", "ment", "ful", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= _STEM_MIN + 1:
            return w[: -len(suffix)]
    if (w.endswith("es") and w[-3:-2] in ("x", "z")) or w.endswith(("ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def terms(text: str) -> list[str]:
    """Content-word stems of ``text``, in order, stop words removed."""
    return [stem(t) for t in tokenize(text) if t not in STOP_WORDS and len(t) > 1]


def tfidf_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """One L2-normalised TF-IDF vector per text, IDF taken over ``texts`` themselves.

    Smoothed IDF, ln((1 + n) / (1 + df)) + 1, so that a term found in every text still counts:
    with a handful of notes, the shared word is exactly what makes them a pattern.
    """
    bags = [Counter(terms(t)) for t in texts]
    n = len(bags)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    vectors: list[dict[str, float]] = []
    for bag in bags:
        vec = {
            term: (1.0 + math.log(count)) * (math.log((1 + n) / (1 + df[term])) + 1.0)
            for term, count in bag.items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values()))
        vectors.append({t: v / norm for t, v in vec.items()} if norm else {})
    return vectors


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two sparse vectors (0.0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    if na == 0.0 or nb == 0.0:
        return 0.0
    return max(0.0, min(1.0, dot / (na * nb)))


def similarity_matrix(texts: Sequence[str]) -> list[list[float]]:
    """Pairwise TF-IDF cosine similarities (symmetric, 1.0 on the diagonal for non-empty text)."""
    vecs = tfidf_vectors(texts)
    return [[cosine(a, b) for b in vecs] for a in vecs]


def group_similar(texts: Sequence[str], threshold: float) -> list[list[int]]:
    """Indices of ``texts`` grouped by similarity >= ``threshold`` (single linkage).

    Returns every group, singletons included, each sorted, groups ordered by first index.
    Texts with no content words never join a group.
    """
    sims = similarity_matrix(texts)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if sims[i][j] >= threshold and sims[i][j] > 0.0:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def top_shared_terms(texts: Sequence[str], limit: int = 3) -> list[str]:
    """The words most characteristic of what ``texts`` have in common, as people wrote them.

    A stem qualifies when at least half the texts use it; ties go to the more frequent one.
    Each stem is shown as its most common surface form ("phone", not "phon").
    """
    if not texts:
        return []
    doc_freq: Counter[str] = Counter()
    total: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    for text in texts:
        seen: set[str] = set()
        for tok in tokenize(text):
            if tok in STOP_WORDS or len(tok) <= 1:
                continue
            s = stem(tok)
            total[s] += 1
            surface.setdefault(s, Counter())[tok] += 1
            seen.add(s)
        doc_freq.update(seen)
    needed = math.ceil(len(texts) / 2)
    ranked = sorted(
        (s for s, df in doc_freq.items() if df >= needed),
        key=lambda s: (-doc_freq[s], -total[s], s),
    )
    return [surface[s].most_common(1)[0][0] for s in ranked[:limit]]
