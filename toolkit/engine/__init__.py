"""Running regulation models on SpiffWorkflow, safely.

>>> from toolkit.engine import Engine
>>> engine = Engine()                                               # doctest: +SKIP
>>> instance = engine.start("bpmn/social-assistance.bpmn")          # doctest: +SKIP
>>> [t.node_id for t in instance.ready_tasks()]                     # doctest: +SKIP
['accept_documents']
"""

from toolkit.engine.engine import Engine, ProcessDefinition
from toolkit.engine.handlers import HandlerError, HandlerRegistry, ServiceCall
from toolkit.engine.instance import EndReached, Instance, ReadyTask, TraceStep, choose_time_limit
from toolkit.engine.simulations import SIMULATION_NOTICE, simulated_handlers

__all__ = [
    "Engine", "ProcessDefinition", "HandlerError", "HandlerRegistry", "ServiceCall", "EndReached",
    "Instance", "ReadyTask", "TraceStep", "choose_time_limit", "SIMULATION_NOTICE", "simulated_handlers",
]
