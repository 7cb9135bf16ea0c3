"""Hostile and broken XML: one clear error naming the file and line, nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import ModelError
from toolkit.model import load_model, load_model_bytes

BPMN_NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&lol3;"/></bpmn:definitions>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&secret;"/></bpmn:definitions>
"""

NETWORK_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE d SYSTEM "http://example.invalid/evil.dtd">
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>
"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE, NETWORK_DTD], ids=["billion-laughs", "xxe", "dtd"])
def test_dtds_and_entities_are_refused(payload: bytes) -> None:
    with pytest.raises(ModelError) as err:
        load_model_bytes(payload, "evil.bpmn")
    assert "DTD" in str(err.value)
    assert str(err.value).startswith("evil.bpmn:2:")


def test_utf16_doctype_is_refused_too() -> None:
    with pytest.raises(ModelError, match="DTD"):
        load_model_bytes(XXE.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"),
                         "evil16.bpmn")


def test_malformed_xml_names_file_and_line() -> None:
    data = f'<?xml version="1.0"?>\n<bpmn:definitions {BPMN_NS}>\n  <bpmn:process id="p">\n</bpmn:definitions>\n'
    with pytest.raises(ModelError) as err:
        load_model_bytes(data.encode(), "broken.bpmn")
    message = str(err.value)
    assert message.startswith("broken.bpmn:4: malformed XML")
    assert "\n" not in message


def test_truncated_file(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "engine" / "two-ends.bpmn"
    truncated = tmp_path / "truncated.bpmn"
    truncated.write_bytes(source.read_bytes()[:700])
    with pytest.raises(ModelError, match=r"truncated\.bpmn:\d+: malformed XML"):
        load_model(truncated)


def test_not_bpmn() -> None:
    with pytest.raises(ModelError, match="not a BPMN 2.0 document: root element is svg"):
        load_model_bytes(b"<svg/>", "picture.bpmn")


def test_size_limit_is_checked_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.bpmn"
    big.write_bytes(b"<a>" + b" " * 2048 + b"</a>")
    with pytest.raises(ModelError, match="over the 1024-byte limit"):
        load_model(big, max_bytes=1024)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such file"):
        load_model(tmp_path / "absent.bpmn")
    with pytest.raises(ModelError, match="is a directory"):
        load_model(tmp_path)


def test_empty_file() -> None:
    with pytest.raises(ModelError, match="empty file"):
        load_model_bytes(b"  \n", "empty.bpmn")


def test_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    """Issue 11: any non-regular file (a device claiming size zero, a FIFO) is refused on open."""
    with pytest.raises(ModelError, match="device or socket, not a regular file"):
        load_model("/dev/zero", max_bytes=4096)


def test_doctype_words_inside_a_comment_are_not_a_doctype() -> None:
    data = (b'<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
            b"<!-- an example: <!DOCTYPE html> --><bpmn:process id=\"p\"/></bpmn:definitions>")
    assert "p" in load_model_bytes(data, "c.bpmn").processes


def test_deep_nesting_is_one_readable_error() -> None:
    deep = (b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
            + b"<a>" * 5000 + b"</a>" * 5000 + b"</bpmn:definitions>")
    with pytest.raises(ModelError, match="nested too deeply"):
        load_model_bytes(deep, "deep.bpmn")
