"""The same act in other layouts parses to the same structure (only line numbers differ)."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.text import Act, parse_act

ROOT = Path(__file__).resolve().parents[1]
RAW_PATH = ROOT / "bpmn" / "resolution-38-08-2017.kk.txt"
RAW = RAW_PATH.read_text(encoding="utf-8")
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "texts").glob("*.txt"))

# The displaced fragments, put back where they belong (see GLOSSARY.md).
REPAIRS = [
    ("1) тармақшасы төмендегідей редакцияда мазмұндалсын:5 тармағының",
     "5 тармағының 1) тармақшасы төмендегідей редакцияда мазмұндалсын:"),
    ("1) тармақшасы төмендегідей редакцияда мазмұндалсын:7 тармағының",
     "7 тармағының 1) тармақшасы төмендегідей редакцияда мазмұндалсын:"),
    ("төмендегідей редакцияда мазмұндалсын:8 тармағы", "8 тармағы төмендегідей редакцияда мазмұндалсын:"),
    ("қызмет :регламентінде", "қызмет регламентінде:"),
    ("қызмет :регламентінің", "қызмет регламентінің"),
]


def shape(obj: Any) -> Any:
    """The structure of a parsed act without anything that depends on line positions."""
    if dataclasses.is_dataclass(obj):
        return {
            f.name: shape(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.name not in {"span", "line", "source"} and not f.name.endswith("_span")
        }
    if isinstance(obj, tuple):
        return tuple(shape(x) for x in obj)
    return obj


def rewrap(text: str, width: int, *, hyphens: bool = False) -> str:
    """Re-wrap every logical paragraph (a line opening with spaces starts one) at ``width``."""
    paragraphs: list[list[str]] = []
    for line in text.splitlines():
        if not paragraphs or line.startswith("      ") or not line.strip():
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    out = []
    for words in paragraphs:
        joined = " ".join(w for w in words if w)
        out += textwrap.wrap(joined, width, break_long_words=False, break_on_hyphens=hyphens) or [""]
    return "\n".join(out) + "\n"


def rewrap_all(text: str, width: int) -> str:
    """Re-wrap the whole text as one block, ignoring every original line break."""
    return "\n".join(textwrap.wrap(" ".join(text.split()), width, break_long_words=False)) + "\n"


def repaired(text: str) -> str:
    for old, new in REPAIRS:
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def reference() -> Any:
    return shape(parse_act(RAW))


VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "cr": lambda t: t.replace("\n", "\r"),
    "nbsp": lambda t: t.replace(" ", "\u00a0"),
    "narrow-nbsp-and-tabs": lambda t: t.replace(" ", "\u202f", 200).replace("      ", "\t"),
    "no-trailing-spaces": lambda t: "\n".join(line.rstrip() for line in t.splitlines()),
    "no-blank-lines": lambda t: "\n".join(line for line in t.splitlines() if line.strip()),
    "bom": lambda t: "\ufeff" + t,
    "wrap-40": lambda t: rewrap(t, 40),
    "wrap-60-hyphens": lambda t: rewrap(t, 60, hyphens=True),
    "wrap-120": lambda t: rewrap(t, 120),
    "unwrapped": lambda t: rewrap(t, 100_000),
    "one-block-50": lambda t: rewrap_all(t, 50),
    "repaired": repaired,
    "opening-quotes-at-line-ends": lambda t: t.replace('\n      "1) ', ' "\n      1) ').replace('\n      "8. ', ' "\n      8. '),
    "repaired-crlf-nbsp-wrap-70": lambda t: rewrap(repaired(t), 70).replace(" ", "\u00a0").replace("\n", "\r\n"),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_has_the_same_structure(name: str, reference: Any) -> None:
    variant = parse_act(VARIANTS[name](RAW))
    assert shape(variant) == reference


def test_line_numbers_follow_the_variant() -> None:
    act = parse_act(rewrap(RAW, 40))
    lines = rewrap(RAW, 40).splitlines()
    step = act.regulations[0].clause(5, 1).steps[0]
    text = " ".join(lines[step.span.first_line - 1 : step.span.last_line])
    assert "кеңсе қызметкері" in text and "минут" in text


def test_crlf_keeps_line_numbers() -> None:
    a, b = parse_act(RAW), parse_act(RAW.replace("\n", "\r\n"))
    assert a.regulations[1].clause(8).items[7].span == b.regulations[1].clause(8).items[7].span


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("name", ["crlf", "nbsp", "wrap-40", "wrap-60-hyphens", "unwrapped", "one-block-50"])
def test_fixture_variants_have_the_same_structure(path: Path, name: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert shape(parse_act(VARIANTS[name](text))) == shape(parse_act(text))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(min_value=25, max_value=250), hyphens=st.booleans(), crlf=st.booleans())
def test_any_rewrapping_gives_the_same_structure(reference: Any, width: int, hyphens: bool, crlf: bool) -> None:
    text = rewrap(RAW, width, hyphens=hyphens)
    if crlf:
        text = text.replace("\n", "\r\n")
    assert shape(parse_act(text)) == reference


def test_shape_ignores_only_positions() -> None:
    act: Act = parse_act(RAW)
    assert shape(act)["regulations"][0]["clauses"][0]["steps"][0]["time_limit"]["raw"] == "30 (отыз) минут"
