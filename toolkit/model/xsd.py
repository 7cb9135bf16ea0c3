"""Validation against the OMG BPMN 2.0 XML schema, with our namespace's schema.

We reuse the schema files SpiffWorkflow ships rather than vendoring a copy, and
import ``toolkit/schema/reglament.xsd`` beside them so a misspelt ``reg:`` unit
or attribute is an XSD error with its line, like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from toolkit.model.elements import Model
from toolkit.model.namespaces import PREFIXES, REG

REG_XSD = Path(__file__).resolve().parent.parent / "schema" / "reglament.xsd"


def _bpmn_xsd() -> Path:
    import SpiffWorkflow.bpmn.parser as spiff_parser

    return Path(spiff_parser.__file__).resolve().parent / "schema" / "BPMN20.xsd"


@dataclass(frozen=True)
class SchemaError:
    line: int | None
    message: str


@lru_cache(maxsize=1)
def bpmn_schema() -> etree.XMLSchema:
    """The compiled schema; compiling takes ~100 ms, so it is done once per process."""
    schema_doc = etree.parse(str(_bpmn_xsd()))
    schema_doc.getroot().insert(0, etree.Element(
        "{http://www.w3.org/2001/XMLSchema}import", namespace=REG, schemaLocation=REG_XSD.as_uri()))
    return etree.XMLSchema(schema_doc)


def validate_xsd(model: Model, tree: etree._ElementTree | None = None) -> list[SchemaError]:
    """Every schema error in the model (not only the first), with line numbers.

    ``tree``: the model's own lxml tree when the caller already has one (validation
    does not change it), saving a second parse of the source.
    """
    from toolkit.model.loader import xml_tree

    schema = bpmn_schema()
    if tree is None:
        tree = xml_tree(model)
    if schema.validate(tree):
        return []
    return [SchemaError(line=e.line or None, message=readable(e.message)) for e in schema.error_log]


_EXPECTED = re.compile(r"Expected is one of \( ([^)]*) \)")


def readable(message: str) -> str:
    """libxml2's message with namespace URIs as prefixes and long "expected" lists cut short."""
    for prefix, uri in PREFIXES.items():
        message = message.replace(f"{{{uri}}}", f"{prefix}:")

    def shorten(match: re.Match[str]) -> str:
        options = [o.strip() for o in match.group(1).split(",")]
        shown = ", ".join(options[:4]) + (f", … ({len(options) - 4} more)" if len(options) > 4 else "")
        return f"Expected is one of ( {shown} )"

    return " ".join(_EXPECTED.sub(shorten, message).split())
