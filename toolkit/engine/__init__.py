"""Running regulation models on SpiffWorkflow, safely.

>>> from toolkit.engine import Engine
>>> engine = Engine()                                               # doctest: +SKIP
>>> instance = engine.start("bpmn/social-assistance.bpmn")          # doctest: +SKIP
>>> [t.node_id for t in instance.ready_tasks()]                     # doctest: +SKIP
['accept_documents']
"""

from toolkit.engine.definition import ProcessDefinition
from toolkit.engine.engine import MAX_STEPS, Engine
from toolkit.engine.handlers import HandlerError, HandlerRegistry, ServiceCall
from toolkit.engine.instance import (
    EndReached,
    Instance,
    MessageWait,
    ReadyTask,
    StepLimitError,
    TimerWait,
    TraceStep,
    choose_time_limit,
)
from toolkit.engine.saved import FORMAT
from toolkit.engine.simulations import SIMULATION_NOTICE, simulated_handlers
from toolkit.engine.values import check_storable

__all__ = [
    "MAX_STEPS", "Engine", "ProcessDefinition", "HandlerError", "HandlerRegistry", "ServiceCall", "EndReached",
    "Instance", "MessageWait", "ReadyTask", "StepLimitError", "TimerWait", "TraceStep", "choose_time_limit",
    "FORMAT", "SIMULATION_NOTICE", "simulated_handlers", "check_storable",
]
