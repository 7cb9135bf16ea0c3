"""Label text: wrapping, widths, time limits and clause references in three languages."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.model.elements import ClauseRef, FlowNode, Names, TimeLimit
from toolkit.render import labels as L

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


def _node(*limits: TimeLimit) -> FlowNode:
    return FlowNode(id="t", kind="userTask", names=Names(kk="x"), process_id="p", lane_id=None,
                    parent_id=None, line=1, time_limits=limits)


def test_text_width_uses_dejavu_metrics():
    # DejaVu Sans: 'a' is 0.613 em, 'ж' 0.901 em, the Kazakh 'ә' 0.615 em (hmtx table).
    assert L.text_width("a", 10) == pytest.approx(6.13)
    assert L.text_width("ж", 10) == pytest.approx(9.01)
    assert L.text_width("ә", 10) == pytest.approx(6.15)
    assert L.text_width("ә", 10, bold=True) > L.text_width("ә", 10)
    assert all(L.char_width(c) < 1.0 for c in KAZAKH_LETTERS)  # in the table, not the fallback


def test_wrap_is_balanced_and_keeps_every_word():
    text = ("көрсетілетін қызметті берушінің жауапты орындаушысы келіп түскен құжаттарды қарайды, "
            "хабарламаны дайындайды және көрсетілетін қызметті берушінің басшысына қол қою үшін жібереді")
    lines = L.wrap(text, 150, 10)
    assert " ".join(lines) == " ".join(text.split())
    widths = [L.text_width(line, 10) for line in lines]
    assert max(widths) <= 150
    # Balanced: the last line is not a stub.
    assert min(widths) > 0.5 * max(widths)


def test_wrap_keeps_long_words_splits_very_long_ones_and_cuts_with_ellipsis():
    assert L.wrap("Услугополучатель", 92, 11, bold=True) == ["Услугополучатель"]
    assert all(L.text_width(p, 10) <= 60 for p in L.wrap("x" * 60, 60, 10))
    lines = L.wrap("бір екі үш төрт бес алты жеті сегіз тоғыз он", 40, 10, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert L.wrap("", 100, 10) == [] and L.wrap(None, 100, 10) == []
    assert L.wrap("Invoice\r\napproved?", 200, 10) == ["Invoice approved?"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="абвгәғқңөұүһі xyz", min_size=1, max_size=14), min_size=1, max_size=30),
       st.floats(min_value=30, max_value=300))
def test_wrap_never_loses_text(words, width):
    text = " ".join(words)
    lines = L.wrap(text, width, 9)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_time_limits_as_a_task_shows_them():
    usual = TimeLimit(6, "working_day", "алты")
    alternative = TimeLimit(20, "working_day", "жиырма", when="not documents_complete")
    assert L.time_limit_text(_node(TimeLimit(30, "minute")), "kk") == "◷ 30 мин"
    assert L.time_limit_text(_node(TimeLimit(1, "working_day")), "kk") == "◷ 1 жұм. күн"
    assert L.time_limit_text(_node(usual, alternative), "kk") == "◷ 6 жұм. күн · не 20 жұм. күн"
    assert L.time_limit_text(_node(usual, alternative), "ru") == "◷ 6 раб. дн. · или 20 раб. дн."
    assert L.time_limit_text(_node(TimeLimit(2, "hour")), "en") == "◷ 2 h"
    assert L.time_limit_text(_node(alternative), "kk") == "◷ 20 жұм. күн"
    assert L.time_limit_text(_node(), "kk") is None


def test_clause_references_in_each_language():
    refs = [ClauseRef(5, 1, step=3), ClauseRef(7, 1, step=3)]
    assert L.clause_text(refs, "kk") == "§ 5.1, 3-қадам; 7.1, 3-қадам"
    assert L.clause_text(refs, "ru") == "§ 5.1, шаг 3; 7.1, шаг 3"
    assert L.clause_text(refs, "en") == "§ 5.1, step 3; 7.1, step 3"
    assert L.clause_text([ClauseRef(8, item=5, condition=1)], "kk") == "§ 8, 5), 1 шарт"
    assert L.clause_text([], "kk") is None


def test_names_fall_back_to_kazakh():
    names = Names(kk="басшы", ru="руководитель")
    assert L.name_of(names, "ru") == "руководитель"
    assert L.name_of(names, "en") == "басшы"
    assert L.name_of(None, "kk") == ""


def test_escaping():
    assert L.html('a < b & "c" > d') == "a &lt; b &amp; &quot;c&quot; &gt; d"
    assert L.quoted('say "hi"\\\nnext') == '"say \\"hi\\"\\\\\\nnext"'


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_a_font_with_every_kazakh_letter_is_installed():
    """PNG and PDF are drawn by cairo through fontconfig: DejaVu Sans must cover ә ғ қ ң ө ұ ү һ і.

    (CI installs fonts-dejavu-core; without it Kazakh letters come out as boxes in the PNG while the
    SVG text still looks right.)
    """
    charset = " ".join(f"{ord(c):04x}" for c in KAZAKH_LETTERS)
    found = subprocess.run(["fc-list", f":charset={charset}", "family"], capture_output=True, text=True,
                           check=True).stdout
    assert "DejaVu Sans" in found
