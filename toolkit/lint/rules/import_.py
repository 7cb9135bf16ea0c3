"""import: what bpmn-moddle warns about when bpmn.io or Camunda Modeler open the file.

Unresolved references, duplicate or illegal ids, elements the meta-model does
not admit where they stand (dropped with their content), unknown attributes in
a BPMN namespace. bpmnlint's CLI reports these as errors before any rule; we do
the same, under this rule name so it can be configured. Unlike bpmnlint we do
not warn "unsupported document encoding": the declared encoding is honoured.
(Module ``import_`` because ``import`` is a Python keyword.)
"""

from toolkit.lint.context import LintContext
from toolkit.lint.registry import document_rule


@document_rule("import", "error", "The file imports into bpmn-moddle (bpmn.io, Camunda Modeler) without warnings.",
               origin="bpmnlint")
def check(context: LintContext, reporter) -> None:
    for warning in context.view.warnings:
        reporter.report(warning.element_id, warning.message, line=warning.line)
