"""xsd: the file is valid against the OMG BPMN 2.0 XML schema (with our reg: schema).

bpmn-moddle is lenient; engines and other modelling tools are not. Every schema
error is reported with its line, not only the first.
"""

from toolkit.lint.context import LintContext
from toolkit.lint.registry import document_rule
from toolkit.model import validate_xsd
from toolkit.model.xsd import bpmn_schema, readable


@document_rule("xsd", "error", "The file is valid against the BPMN 2.0 XML schema and the reg: schema.")
def check(context: LintContext, reporter) -> None:
    if context.model is not None:
        errors = [(e.line, e.message) for e in validate_xsd(context.model)]
    elif context.tree is not None:
        schema = bpmn_schema()
        schema.validate(context.tree)
        errors = [(e.line or None, readable(e.message)) for e in schema.error_log]
    else:
        return
    for line, message in errors:
        reporter.report(None, message, line=line)
