"""The data that selects each path of the bundled models, and what each path must do.

Shared by the engine tests and the CLI tests, so both walk the same paths.
Each scenario: (name, data, ends that must be reached, steps that must run, steps that must not).
"""

RECIPIENT = "800315400125"          # in ЖТ МДҚ (simulation)
UNKNOWN = "991231300678"            # valid IIN, absent from ЖТ МДҚ
NOTARISED_REP = "820704300236"      # notarised power of attorney from RECIPIENT in БНАЖ
UNNOTARISED_REP = "751122300458"    # power of attorney not notarised: not recognised


HOME_EDUCATION_SCENARIOS = [
    ("data-found-documents-in-order",
     {"iin": RECIPIENT, "by_representative": False, "documents_in_order": True},
     "result_issued", {"process_5", "process_6", "check_documents", "process_8"}, {"process_4", "process_7"}),
    ("recipient-not-in-gbd-fl",
     {"iin": UNKNOWN, "by_representative": False, "documents_in_order": True},
     "data_unavailable_end", {"process_4"}, {"process_5", "process_7", "process_8"}),
    ("representative-with-notarised-power-of-attorney",
     {"iin": RECIPIENT, "by_representative": True, "representative_iin": NOTARISED_REP, "documents_in_order": True},
     "result_issued", {"check_power_of_attorney", "process_5", "process_8"}, {"process_4"}),
    ("power-of-attorney-not-found",
     {"iin": RECIPIENT, "by_representative": True, "representative_iin": UNNOTARISED_REP, "documents_in_order": True},
     "data_unavailable_end", {"process_4"}, {"process_5"}),
    ("documents-not-in-order",
     {"iin": RECIPIENT, "by_representative": False, "documents_in_order": False},
     "result_issued", {"process_7", "process_8"}, {"process_4"}),
]

APPENDIX_SCENARIOS = [
    ("data-found-documents-in-order",
     {"iin": RECIPIENT, "by_representative": False, "documents_in_order": True},
     {"documents_in_order_sent", "service_result_sent", "service_result_forwarded", "result_issued",
      "result_received"}, {"process_6", "process_8"}, {"process_4", "process_7"}),
    ("documents-not-in-order",
     {"iin": RECIPIENT, "by_representative": False, "documents_in_order": False},
     {"refusal_sent", "result_issued", "result_received"}, {"process_7", "process_8"}, {"process_4"}),
    ("recipient-not-in-gbd-fl",
     {"iin": UNKNOWN, "by_representative": False, "documents_in_order": True},
     {"data_unavailable_handed", "exchange_closed", "result_received"}, {"process_4"}, {"process_5", "process_8"}),
    ("representative-with-notarised-power-of-attorney",
     {"iin": RECIPIENT, "by_representative": True, "representative_iin": NOTARISED_REP, "documents_in_order": True},
     {"result_issued", "result_received"}, {"check_power_of_attorney", "process_5"}, {"process_4"}),
    ("power-of-attorney-not-found",
     {"iin": RECIPIENT, "by_representative": True, "representative_iin": UNNOTARISED_REP, "documents_in_order": True},
     {"data_unavailable_handed", "result_received"}, {"process_4"}, {"process_5"}),
]
