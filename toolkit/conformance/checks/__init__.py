"""The conformance checks: one module per kind of disagreement.

Each module registers its check with :func:`toolkit.conformance.registry.check`;
:func:`toolkit.conformance.registry.all_checks` imports them all.
"""
