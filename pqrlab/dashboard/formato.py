"""Colombian conventions for what people read: es-CO numbers and dates, Bogotá times, Spanish labels."""
from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pandas as pd

from pqrlab.formats import es_co_date, es_co_number, es_co_percent

BOGOTA = ZoneInfo("America/Bogota")
TYPE_LABELS = {"peticion": "Petición", "queja": "Queja", "reclamo": "Reclamo", "sugerencia": "Sugerencia",
               "denuncia": "Denuncia", "felicitacion": "Felicitación", "consulta": "Consulta"}
TOPIC_LABELS = {"servicios_publicos": "Servicios públicos", "salud": "Salud", "educacion": "Educación",
                "movilidad": "Movilidad", "seguridad": "Seguridad", "impuestos": "Impuestos",
                "ambiente": "Ambiente", "vivienda": "Vivienda", "tramites": "Trámites", "otros": "Otros"}
STATUS_LABELS = {"succeeded": "exitosa", "failed": "fallida", "running": "en curso"}
MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")
MONTH_NAMES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
               "octubre", "noviembre", "diciembre")
DAY_NAMES = ("domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado")
UNKNOWN_PLACE = "Sin lugar identificado"


def label(mapping: dict[str, str], code: str | None) -> str:
    """The Spanish label of a code; the code itself (capitalised) when it has none."""
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return "–"
    return mapping.get(code, str(code).replace("_", " ").capitalize())


number = es_co_number  # 1608 → '1.608'; 86.44 with 1 decimal → '86,4' (one definition: pqrlab.formats)
percent = es_co_percent  # 0.8644 → '86,4 %'


def signed(value: float, decimals: int = 0, suffix: str = "") -> str:
    """A change with its sign: '+12', '-3,1 pp' (ASCII minus: Streamlit colours a delta by it)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return f"{sign}{number(abs(value), decimals)}{suffix}"


def date(day: dt.date | None) -> str:
    """2026-03-02 → '02/03/2026'."""
    return "–" if day is None or pd.isna(day) else es_co_date(day)


def short_date(day: dt.date) -> str:
    """2026-03-02 → '2 mar 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def bogota_time(ts) -> str:
    """A timestamp in Bogotá: '02/03/2026 14:05'."""
    if ts is None or pd.isna(ts):
        return "–"
    stamp = pd.Timestamp(ts)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.tz_convert(BOGOTA).strftime("%d/%m/%Y %H:%M")


# Vega's locale for Altair charts: Spanish month and day names, es-CO numbers.
VEGA_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$ ", ""], "percent": " %"},
    "time": {"dateTime": "%A, %e de %B de %Y, %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
             "periods": ["a. m.", "p. m."], "days": list(DAY_NAMES), "shortDays": [d[:3] for d in DAY_NAMES],
             "months": list(MONTH_NAMES), "shortMonths": list(MONTHS)},
}
