"""Colombian formats where people read numbers: es-CO (1.234,5 · 87,5 %), dd/mm/aaaa dates, plot axes."""
from __future__ import annotations

import datetime as dt
import math


def es_co_number(value: float, decimals: int = 0) -> str:
    """`1234567.891` → `1.234.567,89` (decimals=2); NaN → `–`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def es_co_percent(share: float, decimals: int = 1) -> str:
    """A share as a percentage: `0.875` → `87,5 %`."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{es_co_number(100 * share, decimals)} %"


def es_co_date(day: dt.date) -> str:
    """`2026-03-02` → `02/03/2026`."""
    return f"{day:%d/%m/%Y}"


def format_axes(ax, dates: bool = True, percent: bool = False, decimals: int = 0) -> None:
    """Matplotlib axes a Colombian reader expects: dd/mm dates on x, es-CO numbers (or %) on y."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    if dates:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m"))
    label = (lambda v, _: es_co_percent(v, decimals)) if percent else (lambda v, _: es_co_number(v, decimals))
    ax.yaxis.set_major_formatter(FuncFormatter(label))


WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def es_co_weekday(day: dt.date) -> str:
    """The day of the week in Spanish (no locale needed): `2026-03-02` → `lunes`."""
    return WEEKDAYS[day.weekday()]
