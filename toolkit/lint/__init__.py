"""toolkit.lint: lint and validate BPMN like bpmnlint, and beyond it.

>>> from toolkit.lint import lint_paths, load_config
>>> report = lint_paths(["bpmn"], load_config())          # doctest: +SKIP
>>> [f.format_text() for f in report.findings]             # doctest: +SKIP

* bpmnlint 11.15's ``recommended`` rules with the same semantics, run against a
  Python port of bpmn-moddle's reading of the file (``toolkit.lint.moddle``);
* ``xsd`` (every schema error, with lines) and ``import`` (bpmn-moddle's import
  warnings) checks;
* reglament's own rules: lanes, pools, executable processes, regulation models;
* configuration from ``[tool.reglament.lint]`` and ``<reg:lint disable="…"/>``.
"""

from toolkit.lint.config import (
    PRESETS,
    LintConfig,
    load_config,
    normalize_category,
    preset_categories,
)
from toolkit.lint.registry import Rule, all_rules, get_rule
from toolkit.lint.runner import (
    LintReport,
    expand_paths,
    lint_bytes,
    lint_file,
    lint_model,
    lint_paths,
)

__all__ = [
    "PRESETS", "LintConfig", "LintReport", "Rule", "all_rules", "expand_paths", "get_rule", "lint_bytes",
    "lint_file", "lint_model", "lint_paths", "load_config", "normalize_category", "preset_categories",
]
