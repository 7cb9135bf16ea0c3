"""In-memory SIMULATIONS of the information systems named in paragraph 8.

These are not the real ЖТ МДҚ (ГБД ФЛ), БНАЖ (ЕНИС), ЭҮШ (ШЭП) or ЭҮАШ АЖО: they
answer from the small fictitious data set below so models run end to end in
tests, demos and ``reglament run``. Every reply says ``simulated: True``. An app
that talks to real systems registers its own handlers for the same operations.

Data set (all people fictitious; every IIN passes the checksum):

=============  ===================================  ==========================================
IIN            in ЖТ МДҚ as                         in БНАЖ
=============  ===================================  ==========================================
800315400125   Нұрланова Айгүл (recipient, parent)  —
080514600345   Нұрланова Аружан (child, 2008)       —
820704300236   Серіков Ерлан                        notarised power of attorney from 800315400125
751122300458   Ахметов Бауыржан                     power of attorney from 800315400125, not
                                                    notarised (so not recognised: item 3)
991231300678   — (valid IIN, absent from ЖТ МДҚ)    —
=============  ===================================  ==========================================
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from toolkit.engine.handlers import HandlerRegistry, ServiceCall
from toolkit.iin import check_iin

SIMULATION_NOTICE = (
    "service tasks are answered by in-memory SIMULATIONS of ЖТ МДҚ, БНАЖ, ЭҮШ and ЭҮАШ АЖО "
    "(fictitious data, see toolkit/engine/simulations.py)"
)

PERSONS: Mapping[str, str] = MappingProxyType({
    "800315400125": "Нұрланова Айгүл",
    "080514600345": "Нұрланова Аружан",
    "820704300236": "Серіков Ерлан",
    "751122300458": "Ахметов Бауыржан",
})

#: (representative IIN, principal IIN) -> notarised?
POWERS_OF_ATTORNEY: Mapping[tuple[str, str], bool] = MappingProxyType({
    ("820704300236", "800315400125"): True,
    ("751122300458", "800315400125"): False,
})


def _reply(system: str, **values: Any) -> dict[str, Any]:
    return {**values, "simulated": True, "last_system": system}


def gbd_fl_find_person(call: ServiceCall) -> dict[str, Any]:
    """ЖТ МДҚ: is the recipient (by IIN) in the state database of individuals?"""
    iin = str(call.data.get("iin") or "")
    check = check_iin(iin)
    if not check.valid:
        return _reply("ЖТ МДҚ", person_found=False, gbd_fl_reply=f"ИИН {iin!r} жарамсыз: {check.reason}")
    name = PERSONS.get(iin)
    return _reply("ЖТ МДҚ", person_found=name is not None,
                  gbd_fl_reply=f"табылды: {name}" if name else "мәліметтер жоқ")


def enis_find_power_of_attorney(call: ServiceCall) -> dict[str, Any]:
    """БНАЖ: a notarised power of attorney from the recipient to the representative.

    When nobody acts by power of attorney there is nothing to check, so the
    answer is True (condition 1 only asks for it "when a representative acts").
    """
    if not call.data.get("by_representative"):
        return _reply("БНАЖ", power_of_attorney_found=True, enis_reply="өкіл жоқ")
    representative = str(call.data.get("representative_iin") or "")
    check = check_iin(representative)
    if not check.valid:
        return _reply("БНАЖ", power_of_attorney_found=False,
                      enis_reply=f"өкілдің ИИН {representative!r} жарамсыз: {check.reason}")
    notarised = POWERS_OF_ATTORNEY.get((representative, str(call.data.get("iin") or "")))
    return _reply("БНАЖ", power_of_attorney_found=bool(notarised),
                  enis_reply="нотариалды сенімхат табылды" if notarised else "нотариалды сенімхат жоқ")


def egov_gateway_request_data(call: ServiceCall) -> dict[str, Any]:
    """ЭҮШ: routes the requests to ЖТ МДҚ and БНАЖ (the answers come from their own tasks)."""
    targets = ["ЖТ МДҚ"] + (["БНАЖ"] if call.data.get("by_representative") else [])
    return _reply("ЭҮШ", egov_requests=targets)


def egov_gateway_send_signed_request(call: ServiceCall) -> dict[str, Any]:
    """ЭҮШ: carries the request signed with the МК employee's ЭЦҚ to ЭҮАШ АЖО."""
    return _reply("ЭҮШ", signed_request_sent=True)


def regional_gateway_register_documents(call: ServiceCall) -> dict[str, Any]:
    """ЭҮАШ АЖО: registers the electronic documents (a registration number)."""
    iin = str(call.data.get("iin") or "000000000000")
    return _reply("ЭҮАШ АЖО", registration_number=f"ЭҮАШ-{iin[-4:]}-0001")


def sc_iis_form_data_unavailable_message(call: ServiceCall) -> dict[str, Any]:
    """МК ЫАЖ АЖО: the message that the data cannot be obtained (process 4)."""
    return _reply("МК ЫАЖ АЖО", outcome="data_unavailable")


DEFAULT_OPERATIONS: Mapping[str, Any] = MappingProxyType({
    "gbd_fl.find_person": gbd_fl_find_person,
    "enis.find_power_of_attorney": enis_find_power_of_attorney,
    "egov_gateway.request_data": egov_gateway_request_data,
    "egov_gateway.send_signed_request": egov_gateway_send_signed_request,
    "regional_gateway.register_documents": regional_gateway_register_documents,
    "sc_iis.form_data_unavailable_message": sc_iis_form_data_unavailable_message,
})


def simulated_handlers() -> HandlerRegistry:
    """A registry with every simulation registered under its operation name."""
    registry = HandlerRegistry()
    for operation, handler in DEFAULT_OPERATIONS.items():
        registry.register(handler, operation=operation)
    return registry
