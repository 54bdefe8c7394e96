"""The year's PAR plan (kế hoạch CCHC năm): the province's tasks and inspection schedule
(``source``), a plan workbook per unit and the inspection workbook (``workbook``), read back
(``read``), and where the plan stands on a date (``status``, pure)."""
