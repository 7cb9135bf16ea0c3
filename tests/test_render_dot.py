"""The model as DOT: a pure function (no Graphviz run), deterministic, complete, in three languages."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, MIWG_DIR

from toolkit.model import load_model
from toolkit.render import RenderError, RenderOptions, build_scene, to_dot

SYNTHETIC = FIXTURES / "render" / "synthetic.bpmn"
MIWG = sorted(MIWG_DIR.glob("*.bpmn"))


def ids_in(dot: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', dot))


def test_to_dot_is_deterministic_and_needs_no_graphviz(monkeypatch):
    monkeypatch.setenv("PATH", "")  # no dot anywhere: to_dot must not run it
    first = to_dot(load_model(SYNTHETIC))
    second = to_dot(load_model(SYNTHETIC))
    assert first == second
    assert first.startswith('digraph "synthetic" {')
    assert "rankdir=LR" in first
    assert str(FIXTURES) not in first  # no absolute paths, no timestamps: the same on every machine


def test_every_element_is_in_the_dot_with_its_bpmn_id():
    model = load_model(SYNTHETIC)
    dot = to_dot(model)
    found = ids_in(dot)
    expected = (set(model.nodes) | set(model.lanes) | set(model.participants) | set(model.sequence_flows)
                | set(model.message_flows) | {"notice_ref", "register_ref", "note", "note_link", "notice_link",
                                                "issue_out"})
    assert expected <= found


def test_pools_lanes_and_sub_processes_are_nested_clusters():
    dot = to_dot(load_model(SYNTHETIC))
    order = [m.group(1) for m in re.finditer(r'subgraph "cluster_([^"]+)"', dot)]
    assert order == ["applicant", "provider", "office", "management", "head", "executor", "review"]
    assert 'class="pool participant"' in dot
    assert 'class="lane"' in dot
    # the black-box pool keeps a body so Graphviz draws it
    assert '"applicant.body"' in dot


def test_notation_and_regulation_extras():
    dot = to_dot(load_model(SYNTHETIC))
    assert "◷ 30 мин" in dot and "◷ 6 жұм. күн · не 20 жұм. күн" in dot
    assert "§" not in dot  # clauses only on request
    assert 'class="flownode event boundaryEvent boundary boundary non-interrupting"' in dot
    assert re.search(r'"remind" \[[^\]]*style="filled,dashed"', dot)
    assert re.search(r'"complete" \[[^\]]*shape="diamond"[^\]]*✖', dot)
    assert re.search(r'id="mf_documents"[^\]]*style="dashed"[^\]]*arrowtail="odot"[^\]]*arrowhead="empty"', dot)
    assert re.search(r'id="flow_incomplete"[^\]]*arrowtail="tee"', dot)  # default flow
    assert re.search(r'"end" \[[^\]]*penwidth="3.2"', dot)  # end events thick
    assert re.search(r'"start" \[[^\]]*✉', dot)  # message start marker
    assert 'shape="note"' in dot and 'shape="cylinder"' in dot
    assert "Стандарттың 9-тармағында" in dot  # annotation text, Kazakh kept as UTF-8


def test_clauses_option():
    dot = to_dot(load_model(SYNTHETIC), RenderOptions(clauses=True))
    assert "§ 5.1, 1-қадам" in dot and "§ 5.1, 3-қадам" in dot
    dot_ru = to_dot(load_model(SYNTHETIC), RenderOptions(lang="ru", clauses=True))
    assert "§ 5.1, шаг 3" in dot_ru


def test_languages_fall_back_to_kazakh():
    model = load_model(SYNTHETIC)
    kk, ru, en = (to_dot(model, RenderOptions(lang=lang)) for lang in ("kk", "ru", "en"))
    assert "қабылдайды" in kk and "қабылдайды" not in ru
    assert "Сотрудник канцелярии" in ru and "сотрудник<BR/>канцелярии" in ru
    assert "The office employee" in en
    # no translation: the Kazakh name stays
    assert "хабарламаға" in ru and "хабарламаға" in en
    assert "6 раб. дн." in ru and "6 work. d." in en
    with pytest.raises(RenderError):
        RenderOptions(lang="de")


def test_long_kazakh_names_are_wrapped():
    dot = to_dot(load_model(SYNTHETIC))
    label = re.search(r'"accept" \[[^\n]*', dot).group(0)
    lines = re.search(r"<TR><TD>(.*?)</TD></TR>", label.split("☺", 1)[1]).group(1).split("<BR/>")
    assert len(lines) >= 2
    assert " ".join(lines) == ("көрсетілетін қызметті берушінің кеңсе қызметкері құжаттарды қабылдайды "
                               "және оларды тіркейді")


@pytest.mark.parametrize("path", MIWG, ids=lambda p: p.stem)
def test_miwg_models_keep_every_element_in_the_dot(path):
    model = load_model(path)
    scene = build_scene(model)
    found = ids_in(to_dot(scene))
    wanted = (set(model.nodes) | set(model.lanes) | set(model.participants) | set(model.sequence_flows)
              | set(model.message_flows))
    assert wanted - found == set()
    drawn_links = {link.id for link in scene.links}
    # associations to something without a picture (a task's ioSpecification input) are listed, not lost
    for element_id, reason in scene.omitted:
        assert element_id not in drawn_links and reason
