"""Step clauses: who does what within which time limit, and what results.

The genre's "actions of each structural unit" (paragraphs 5 and 7) are
sentences ``<actor> <action> - 30 (отыз) минут.``; a sentence without an actor
but with a condition and a limit (``… жағдайларда – 20 (жиырма) жұмыс күн``)
is an alternative limit of the step before it; ``Нәтижесі – …`` /
``Результат – …`` is that step's result, handed to whoever is named in the
dative.  Sentences end at ``;`` or a sentence-ending ``.``, outside parentheses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .actors import handoff_target, subject_at
from .flat import Piece
from .freeze import DASHES, Findings, abbreviations_in, actor_ref, time_limit
from .limit_phrases import find_limits
from .model import Abbreviation, ActorRef, AlternativeLimit, StatedResult, StatedTimeLimit, Step

__all__ = ["CONDITION_CUE", "RESULT", "parse_sentences", "parse_steps", "sentences"]

RESULT = re.compile(r"(?:Нәтижесі|Нәтиже|Результат(?:ом)?)\s*[-–—:]\s*", re.IGNORECASE)
CONDITION_CUE = re.compile(
    r"жағдай\w*|кезде|болса|(?<!\w)в\s+случа\w*|(?<!\w)при\s|(?<!\w)если(?!\w)", re.IGNORECASE
)
_SENTENCE_START = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ\"«]")


@dataclass
class _StepDraft:
    """A step being assembled; alternatives and the result attach after its sentence."""

    sentence: Piece
    actor: ActorRef | None
    action: str
    limit: StatedTimeLimit | None
    alternatives: list[AlternativeLimit] = field(default_factory=list)
    result: StatedResult | None = None
    abbreviations: list[Abbreviation] = field(default_factory=list)
    end: int = 0


def sentences(piece: Piece) -> list[Piece]:
    """Split at ``;`` and sentence-ending ``.`` outside parentheses; pieces exclude the terminator."""
    text = piece.flat.text
    out: list[Piece] = []
    depth = 0
    begin = piece.start
    i = piece.start
    while i < piece.end:
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch == ";" or (ch == "." and _ends_sentence(text, i + 1, piece.end))):
            out.append(Piece(piece.flat, begin, i).strip())
            begin = i + 1
        i += 1
    out.append(Piece(piece.flat, begin, piece.end).strip())
    return [p for p in out if p.strip(" " + DASHES + "\"«»“”")]


def _ends_sentence(text: str, after: int, end: int) -> bool:
    """A ``.`` ends a sentence if followed by the end, or a space and a capital or an actor."""
    if after >= end:
        return True
    if text[after] != " ":
        return False
    nxt = after + 1
    if nxt >= end:
        return True
    return bool(_SENTENCE_START.match(text, nxt)) or subject_at(text, nxt, end) is not None


def parse_steps(content: Piece, findings: Findings) -> list[Step]:
    """The steps of a step clause's ``content`` (after its label and heading)."""
    return parse_sentences(sentences(content), findings)


def parse_sentences(parts: list[Piece], findings: Findings) -> list[Step]:
    """The steps of a run of sentences (from one clause, or from the entries of a numbered list)."""
    if not parts:
        return []
    flat = parts[0].flat
    text = flat.text
    drafts: list[_StepDraft] = []
    for sentence in parts:
        result_m = RESULT.match(text, sentence.start, sentence.end)
        if result_m:
            body = Piece(flat, result_m.end(), sentence.end).strip(DASHES)
            target = handoff_target(text, body.start, body.end)
            if target is None:
                findings.add("result-without-recipient", "the result line names no recipient the parser "
                             f"knows (no actor in the dative): {body.text[:60]!r}", sentence.span)
            result = StatedResult(
                body.text,
                target.key if target else None,
                target.phrase if target else None,
                sentence.span,
            )
            if not drafts:
                findings.add("orphan-result", "a result line before any step", sentence.span)
            elif drafts[-1].result is not None:
                findings.add("duplicate-result", "a second result line for the same step", sentence.span)
            else:
                drafts[-1].result = result
                drafts[-1].end = sentence.end
                drafts[-1].abbreviations += abbreviations_in(body)
            continue
        limits = find_limits(text, sentence.start, sentence.end)
        last = limits[-1] if limits else None
        subject = subject_at(text, sentence.start, sentence.end)
        limit_start = last.start if last else sentence.end
        if subject is None and last is not None and drafts and CONDITION_CUE.search(text, sentence.start, last.start):
            condition = Piece(flat, sentence.start, last.start).strip(DASHES)
            drafts[-1].alternatives.append(
                AlternativeLimit(condition.text, time_limit(flat, last, findings), sentence.span)
            )
            drafts[-1].end = sentence.end
            drafts[-1].abbreviations += abbreviations_in(sentence)
            continue
        if subject is None and last is None:
            findings.add("unparsed-sentence", f"neither a step nor a result: {sentence.text[:60]!r}", sentence.span)
            continue
        if subject is not None:
            actor = actor_ref(flat, subject.start, subject.end, subject.key)
            action_start = subject.end
        else:
            actor = None
            action_start = sentence.start
            findings.add("unknown-actor", f"no known actor opens the step {sentence.text[:60]!r}", sentence.span)
        action = Piece(flat, action_start, max(action_start, limit_start)).strip(DASHES)
        limit = time_limit(flat, last, findings) if last else None
        if limit is None:
            findings.add("missing-time-limit", f"the step has no time limit: {sentence.text[:60]!r}", sentence.span)
        drafts.append(
            _StepDraft(sentence, actor, action.text, limit, abbreviations=abbreviations_in(sentence), end=sentence.end)
        )
    return [
        Step(
            index=i,
            actor=d.actor,
            action=d.action,
            text=d.sentence.text,
            time_limit=d.limit,
            alternatives=tuple(d.alternatives),
            result=d.result,
            abbreviations=tuple(d.abbreviations),
            span=flat.span(d.sentence.start, d.end),
        )
        for i, d in enumerate(drafts, start=1)
    ]
