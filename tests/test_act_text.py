"""The act's text is the authority: it must stay byte for byte as extracted."""

import hashlib

from conftest import ACT_TEXT

#: sha256 of ../shared/regulation/resolution-38-08-2017.kk.txt as delivered.
EXPECTED_SHA256 = "3b824d176e6531dee60fd523413086c6f653d79f97008613c9b81ba9ac2d3b81"


def test_act_text_is_unchanged_byte_for_byte() -> None:
    assert hashlib.sha256(ACT_TEXT.read_bytes()).hexdigest() == EXPECTED_SHA256


def test_act_text_keeps_its_pdf_artefacts() -> None:
    """Editors 'fixing' the text would silently change the authority; these stay."""
    text = ACT_TEXT.read_text(encoding="utf-8")
    assert "мазмұндалсын:5 тармағының" in text
    assert "көрселетін" in text
    assert "\n\n\n\n(бұдан әрі - құжаттар)" in text
