"""reglament: BPMN models of Kazakhstan's state-service regulations.

The package is layered so data flows one way: files are loaded into immutable
models (:mod:`toolkit.model`, :mod:`toolkit.text`), and everything else
(engine, conformance, lint, render, calendar) reads those models.
"""

__version__ = "0.1.0"
