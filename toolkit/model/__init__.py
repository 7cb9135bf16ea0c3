"""The model layer: BPMN files loaded into immutable, typed models.

>>> from toolkit.model import load_model
>>> model = load_model("bpmn/social-assistance.bpmn")      # doctest: +SKIP
>>> [n.id for n in model.clause_nodes()]                  # doctest: +SKIP
"""

from toolkit.model.elements import (
    UNITS,
    Artifact,
    Bounds,
    ClauseRef,
    DiagramEdge,
    DiagramShape,
    Fact,
    FlowNode,
    InputField,
    Lane,
    MessageFlow,
    Model,
    Names,
    Participant,
    Process,
    RegulationRef,
    Result,
    SequenceFlow,
    TimeLimit,
    XmlNode,
)
from toolkit.model.loader import find_models, load_model, load_model_bytes, xml_tree
from toolkit.model.namespaces import BPMN, REG
from toolkit.model.xsd import validate_xsd

__all__ = [
    "UNITS", "Artifact", "Bounds", "ClauseRef", "DiagramEdge", "DiagramShape", "Fact", "FlowNode", "InputField",
    "Lane", "MessageFlow", "Model", "Names", "Participant", "Process", "RegulationRef", "Result",
    "SequenceFlow", "TimeLimit", "XmlNode", "find_models", "load_model", "load_model_bytes", "xml_tree",
    "validate_xsd", "BPMN", "REG",
]
