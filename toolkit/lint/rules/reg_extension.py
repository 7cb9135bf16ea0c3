"""reg-extension: the ``reg:`` extension elements can be read into the typed model.

When they cannot (say, ``paragraph="5a"``), the model layer refuses the file;
the linter still lints the raw XML and reports that refusal here, with its
line — unless another finding (usually ``xsd``) already points at that line.
"""

from toolkit.errors import InputError
from toolkit.lint.context import LintContext
from toolkit.lint.registry import document_rule


@document_rule("reg-extension", "error", "reg: extension elements are readable into the typed model.")
def check(context: LintContext, reporter) -> None:
    error = context.load_error
    if error is None:
        return
    message = error.message if isinstance(error, InputError) else str(error)
    reporter.report(None, message, line=getattr(error, "line", None))
