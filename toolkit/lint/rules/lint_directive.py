"""lint-directive: every rule a ``<reg:lint disable="…"/>`` names exists.

A misspelt name disables nothing, silently; the designer believes a finding is
handled when it is not.
"""

from toolkit.lint.context import LintContext
from toolkit.lint.registry import all_rules, document_rule
from toolkit.model import REG


@document_rule("lint-directive", "warn", "reg:lint directives name existing rules.")
def check(context: LintContext, reporter) -> None:
    known = set(all_rules()) | {"all"}
    for node in context.root.iter():
        if node.namespace != REG or node.tag != "lint":
            continue
        for name in (n.strip() for n in node.attrs.get("disable", "").split(",")):
            if name and name not in known:
                owner = node.parent.parent if node.parent is not None else None
                reporter.report(owner.id if owner is not None else None,
                                f"Unknown rule <{name}> in reg:lint", line=node.line)
