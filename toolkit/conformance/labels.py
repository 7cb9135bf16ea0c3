"""Whether an element's name says what the text says.

The rule is exact, not a similarity score: after :func:`toolkit.text.normalize`
(case, dashes, quotes, spaces and punctuation do not count; letters — and the
text's typos — do), the name's words must be a *contiguous run* of the words of
one segment of the text the element cites. The designer chooses the phrase
(a whole sentence, "сұрау жолдауы", "1 шарт"); rewording, reordering, adding or
dropping a word inside it is caught.

Two concessions, both exact:

* Kazakh morphology: the name's *last* word may be the text's word without a
  case ending — at most :data:`MAX_SUFFIX` trailing letters, and at least
  :data:`MIN_STEM` letters left — so an end event may be named "хабарлама"
  after the text's "хабарламаны", or "… нәтижесі" after "… нәтижесін";
* coordination: when the designer splits "A … және B … тексеруі" into one
  element per member, the name may leave out *one* run of the text that starts
  with a coordinating conjunction (:data:`CONJUNCTIONS`): "ЖТ МДҚ … мәліметтерінің
  бар болуын тексеруі" quotes "ЖТ МДҚ … мәліметтерінің [және БНАЖ сенімхат
  мәліметтерінің] бар болуын тексеруі".
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.text import normalize

#: Longest case ending the last word of a name may drop ("-ларын" is five letters).
MAX_SUFFIX = 5
#: Shortest stem the last word may be cut to.
MIN_STEM = 3
#: Fewest words a task's or gateway's name must have (events may have one).
MIN_WORDS_ACTIVITY = 2
MIN_WORDS_EVENT = 1
#: Words that open a coordinated member a name may leave out (Kazakh and Russian).
CONJUNCTIONS = frozenset({"және", "немесе", "мен", "әрі", "сондай", "и", "или", "либо", "а"})


def words(text: str) -> list[str]:
    """The comparison words of ``text``."""
    return normalize(text).split()


def _last_word_fits(name_word: str, text_word: str) -> bool:
    if name_word == text_word:
        return True
    cut = len(text_word) - len(name_word)
    return (text_word.startswith(name_word) and 0 < cut <= MAX_SUFFIX
            and len(name_word) >= MIN_STEM)


def _run_at(needle: list[str], hay: list[str], start: int) -> bool:
    """Whether ``needle`` is ``hay[start:start+len(needle)]`` (last word may drop a case ending)."""
    n = len(needle)
    if start < 0 or start + n > len(hay):
        return False
    return hay[start:start + n - 1] == needle[:-1] and _last_word_fits(needle[-1], hay[start + n - 1])


def quotes(name: str, segment: str) -> bool:
    """Whether ``name`` is a contiguous run of ``segment``'s words, or one with a single
    coordinated member left out (see the module docstring)."""
    needle = words(name)
    hay = words(segment)
    if not needle or len(needle) > len(hay):
        return False
    if any(_run_at(needle, hay, start) for start in range(len(hay) - len(needle) + 1)):
        return True
    for split in range(1, len(needle)):
        head, tail = needle[:split], needle[split:]
        for start in range(len(hay) - len(head) + 1):
            gap = start + len(head)
            if hay[start:gap] != head or gap >= len(hay) or hay[gap] not in CONJUNCTIONS:
                continue
            if any(_run_at(tail, hay, resume) for resume in range(gap + 1, len(hay) - len(tail) + 1)):
                return True
    return False


def quotes_any(name: str, segments: Iterable[str]) -> bool:
    """Whether ``name`` quotes at least one of ``segments``."""
    return any(quotes(name, s) for s in segments)
