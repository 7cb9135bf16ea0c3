"""One module per lint rule. Each registers itself with :mod:`toolkit.lint.registry`.

The first 26 restate bpmnlint 11.15's ``recommended`` rules with the same
semantics (read from its sources, ``rules/*.js``); ``xsd`` and ``import`` check the
file itself; the rest are reglament's own (lanes, pools, regulation models).
"""
