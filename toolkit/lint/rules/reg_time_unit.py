"""reg-time-unit: every ``reg:timeLimit`` has a unit the project knows.

Units are the genre's (minute, hour, working_day, calendar_day); the deadline
calculator cannot count in any other. This reads the raw attribute, because a
model with an unknown unit cannot be built into the typed model at all — the
linter still runs then, and says exactly where.
"""

from toolkit.lint.moddle import MElement
from toolkit.lint.registry import element_rule
from toolkit.model import REG, UNITS


@element_rule("reg-time-unit", "error", "Every reg:timeLimit unit is one of minute, hour, working_day, calendar_day.",
              origin="reglament")
def check(node: MElement, reporter) -> None:
    if not node.is_generic or node.node.namespace != REG or node.node.tag != "timeLimit":
        return
    unit = node.node.attrs.get("unit")
    if unit in UNITS:
        return
    owner = node.parent.parent if node.parent is not None else None
    shown = "missing" if unit is None else repr(unit)
    reporter.report(owner if isinstance(owner, MElement) else None,
                    f"Time limit unit {shown} is not one of {', '.join(UNITS)}", line=node.line)
