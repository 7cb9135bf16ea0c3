"""bpmn-moddle's view of a model, in Python: what bpmnlint's rules are written against."""

from toolkit.lint.moddle.element import MElement, find_parent, is_a, is_any
from toolkit.lint.moddle.reader import ImportWarning, ModdleView, read_view

__all__ = ["MElement", "ImportWarning", "ModdleView", "find_parent", "is_a", "is_any", "read_view"]
