"""Finding a region by Chinese name, pinyin, pinyin initials or code.

Names are spelled once, when a region is written (`spell`), into two indexed columns:
the full pinyin without spaces ("yangshuoxian") and the initials ("ysx"). A query in
letters is a prefix of either; a query in Chinese is a substring of the name; a query in
digits (a grid code may carry its "W") is a prefix of the code.
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When
from pypinyin import lazy_pinyin

from xiangzhi.core.scope import prefix_q

from .models import LEVEL_ORDER, Region

CODE_QUERY = re.compile(r"^\d[\dW]*$")
LETTERS_QUERY = re.compile(r"^[a-z]+$")
NOT_SPELLING = re.compile(r"[^a-z0-9]")
MAX_QUERY_LENGTH = 100


def spell(name):
    """(pinyin, initials) of a name: lower case, letters and digits only."""
    syllables = [NOT_SPELLING.sub("", syllable.lower()) for syllable in lazy_pinyin(name)]
    syllables = [syllable for syllable in syllables if syllable]
    return "".join(syllables), "".join(syllable[0] for syllable in syllables)


def normalise(query):
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    if CODE_QUERY.match(query.upper()):
        return "code", query.upper()
    letters = re.sub(r"[\s']", "", query).lower()
    if LETTERS_QUERY.match(letters):
        return "letters", letters
    return "name", query


def _match(kind, query):
    """The filter for the query, and how well a row matches it: 0 exact, 1 prefix, 2 inside."""
    if kind == "code":
        return prefix_q("code", query), Case(When(code=query, then=Value(0)), default=Value(1))
    if kind == "letters":
        match = prefix_q("pinyin", query) | prefix_q("initials", query)
        quality = Case(
            When(Q(pinyin=query) | Q(initials=query), then=Value(0)),
            default=Value(1),
        )
        return match, quality
    quality = Case(
        When(name=query, then=Value(0)),
        When(name__startswith=query, then=Value(1)),
        default=Value(2),
    )
    return Q(name__contains=query), quality


def search_regions(q, within_codes, limit=20):
    """Regions matching `q` under any of `within_codes`, best first.

    Exact matches come before prefixes and prefixes before substrings; within each,
    higher levels come first (a county before the villages that share its spelling).
    """
    kind, query = normalise(q)
    if not query or not within_codes:
        return []
    scope = Q()
    for code in within_codes:
        scope |= prefix_q("code", code)
    match, quality = _match(kind, query)
    level_rank = Case(
        *[When(level=level, then=Value(rank)) for rank, level in enumerate(LEVEL_ORDER)],
        output_field=IntegerField(),
    )
    return list(
        Region.objects.filter(scope)
        .filter(match)
        .annotate(match_quality=quality, level_rank=level_rank)
        .order_by("match_quality", "level_rank", "code")[:limit]
    )
