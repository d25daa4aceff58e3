"""Executive view: the state after the latest ingested day, from `public.gold_*` only, as the BI login role.

No run to pick: a period filter (default the last 30 days up to the latest day), daily trends, and the
backlog today (open tickets by age, the overdue ones oldest first).
"""
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from pqrlab.control.bi import bi_dsn
from pqrlab.dashboard import formato as fmt
from pqrlab.dashboard import indicadores as ind
from pqrlab.dashboard.queries import day_bounds, gold_frames
from pqrlab.settings import Settings

PERIODS = {"Últimos 30 días": 30, "Últimos 7 días": 7, "Últimos 90 días": 90, "Todo el historial": None,
           "Personalizado": 0}
ALL = None


@st.cache_data(ttl=60, show_spinner="Leyendo los indicadores…")
def load(dsn: str, start: dt.date, end: dt.date, latest: dt.date) -> dict[str, pd.DataFrame]:
    return gold_frames(dsn, start, end, latest)


@st.cache_data(ttl=60, show_spinner=False)
def bounds(dsn: str) -> tuple[dt.date, dt.date] | None:
    return day_bounds(dsn)


def choose_period(first: dt.date, latest: dt.date) -> tuple[dt.date, dt.date]:
    """A preset (default: last 30 days) or, with «Personalizado», any range up to the latest day."""
    choice = st.sidebar.selectbox("Periodo", list(PERIODS), index=0)
    days = PERIODS[choice]
    preset = (first, latest) if days is None else ind.default_period(first, latest, days or 30)
    picked = st.sidebar.date_input("Desde – hasta", preset, min_value=first, max_value=latest, format="DD/MM/YYYY",
                                   disabled=days != 0, key=f"rango-{choice}")
    return (picked[0], picked[-1]) if days == 0 and picked else preset


def choose(title: str, codes, names: dict[str, str]):
    options = [ALL, *sorted(set(codes), key=lambda c: names.get(c, c))]
    return st.sidebar.selectbox(title, options, format_func=lambda c: "Todos" if c is ALL else names.get(c, c))


def sidebar_filters(dsn: str, first: dt.date, latest: dt.date) -> tuple[ind.Filters, dict[str, pd.DataFrame]]:
    """The filters and the Gold frames of the period and the one before it (for the deltas)."""
    st.sidebar.header("Filtros")
    start, end = choose_period(first, latest)
    frames = load(dsn, ind.Filters(start, end).previous().start, end, latest)
    volume = frames["volume"]
    department = choose("Departamento", volume["department_code"], ind.department_names())
    towns = volume if department is ALL else volume[volume["department_code"] == department]
    municipality = choose("Municipio", towns["municipality_code"], ind.municipality_names())
    pqrs_type = choose("Tipo de PQRS", volume["pqrs_type"], fmt.TYPE_LABELS)
    topic = choose("Tema", volume["topic"], fmt.TOPIC_LABELS)
    return ind.Filters(start, end, department, municipality, pqrs_type, topic), frames


def kpi_tiles(now: dict, before: dict, soon: int, target: float) -> None:
    c1, c2, c3 = st.columns(3)
    c4, c5, c6 = st.columns(3)
    c1.metric("Tickets recibidos", fmt.number(now["received"]),
              fmt.signed(now["received"] - before["received"]) or None, delta_color="off")
    c2.metric("Cumplimiento de términos", fmt.percent(now["compliance"]),
              fmt.signed((now["compliance"] - before["compliance"]) * 100, 1, " pp") or None,
              help=f"A tiempo / vencen en el periodo. Meta legal: {fmt.percent(target, 0)}.")
    c3.metric("Vencidos sin respuesta", fmt.number(now["overdue"]),
              fmt.signed(now["overdue"] - before["overdue"]) or None, delta_color="inverse",
              help="Abiertos con el término vencido al cierre del periodo.")
    c4.metric("Abiertos al cierre", fmt.number(now["open"]), fmt.signed(now["open"] - before["open"]) or None,
              delta_color="inverse")
    c5.metric("Respuesta p50 / p90 (días hábiles)", f"{fmt.number(now['p50'])} / {fmt.number(now['p90'])}",
              help="Días hábiles hasta la primera respuesta (mediana y percentil 90).")
    c6.metric("Vencen en 5 días hábiles", fmt.number(soon),
              help="Abiertos cuyo término vence hoy o en los próximos 5 días hábiles: aún se pueden salvar.")


def colombia_map(points: pd.DataFrame, colour: str, target: float) -> alt.LayerChart:
    """Municipalities as faint dots draw the country; circles sized by tickets, coloured by the measure.
    Pure Vega-Lite with a projection: no tiles, renders offline."""
    towns, _ = ind.places()
    base = alt.Chart(towns).mark_circle(size=6, color="#c8ccd2", opacity=0.6).encode(
        longitude="longitude:Q", latitude="latitude:Q")
    shown = points.assign(nombre=points["name"], recibidos=points["received"].map(fmt.number),
                          vencidos=points["overdue"], cumplimiento=points["compliance"].map(fmt.percent))
    if colour == "overdue":
        color = alt.Color("vencidos:Q", title="Vencidos", scale=alt.Scale(scheme="orangered"))
    else:
        color = alt.Color("compliance:Q", title="Cumplimiento",
                          scale=alt.Scale(domain=[0.5, target, 1], range=["#c0392b", "#f1c40f", "#27ae60"]),
                          legend=alt.Legend(format=".0%"))
    circles = alt.Chart(shown).mark_circle(opacity=0.85, stroke="#333", strokeWidth=0.4).encode(
        longitude="longitude:Q", latitude="latitude:Q", color=color,
        size=alt.Size("received:Q", title="Recibidos", scale=alt.Scale(range=[30, 900])),
        tooltip=[alt.Tooltip("nombre:N", title="Lugar"), alt.Tooltip("recibidos:N", title="Recibidos"),
                 alt.Tooltip("vencidos:Q", title="Vencidos sin respuesta"),
                 alt.Tooltip("cumplimiento:N", title="Cumplimiento")])
    return (base + circles).project(type="mercator").properties(height=520)


def daily_charts(days: pd.DataFrame, target: float) -> tuple[alt.Chart, alt.LayerChart, alt.Chart]:
    """Tickets received per day, compliance of the tickets due each day, open and overdue at each day's end."""
    x = alt.X("day:T", title="Día", axis=alt.Axis(format="%d/%m"))
    when = alt.Tooltip("day:T", title="Día", format="%d/%m/%Y")
    volume = alt.Chart(days).mark_bar(color="#1f77b4").encode(
        x=x, y=alt.Y("received:Q", title="Tickets recibidos"),
        tooltip=[when, alt.Tooltip("received:Q", title="Recibidos")])
    line = alt.Chart(days.dropna(subset=["compliance"])).mark_line(point=True, color="#2c3e50").encode(
        x=x, y=alt.Y("compliance:Q", title="Cumplimiento (por fecha de vencimiento)", axis=alt.Axis(format=".0%"),
                     scale=alt.Scale(domain=[0, 1])),
        tooltip=[when, alt.Tooltip("due:Q", title="Vencían"),
                 alt.Tooltip("compliance:Q", title="Cumplimiento", format=".1%")])
    backlog = days.melt(id_vars="day", value_vars=["open", "overdue"], var_name="serie", value_name="tickets")
    backlog["serie"] = backlog["serie"].map({"open": "Abiertos", "overdue": "Vencidos"})
    pending = alt.Chart(backlog).mark_line().encode(
        x=x, y=alt.Y("tickets:Q", title="Tickets al cierre del día"),
        color=alt.Color("serie:N", title=None, scale=alt.Scale(range=["#1f77b4", "#c0392b"])),
        tooltip=[when, alt.Tooltip("serie:N", title=" "), alt.Tooltip("tickets:Q", title="Tickets")])
    return volume, line + target_rule(target), pending


def age_chart(ages: pd.DataFrame) -> alt.Chart:
    """Open tickets today by age bucket (business days since receipt), the overdue part in red."""
    rows = ages.assign(en_termino=ages["open"] - ages["overdue"]).melt(
        id_vars="age_bucket", value_vars=["en_termino", "overdue"], var_name="estado", value_name="tickets")
    rows["estado"] = rows["estado"].map({"en_termino": "En término", "overdue": "Vencidos"})
    rows["antigüedad"] = rows["age_bucket"] + " días hábiles"
    return alt.Chart(rows).mark_bar().encode(
        x=alt.X("antigüedad:N", title="Antigüedad", sort=[f"{b} días hábiles" for b in ages["age_bucket"]]),
        y=alt.Y("tickets:Q", title="Tickets abiertos", stack=True),
        color=alt.Color("estado:N", title=None, scale=alt.Scale(domain=["En término", "Vencidos"],
                                                              range=["#7fb3d5", "#c0392b"])),
        tooltip=[alt.Tooltip("antigüedad:N"), alt.Tooltip("estado:N"), alt.Tooltip("tickets:Q", title="Tickets")],
    ).properties(height=260)


def target_rule(target: float) -> alt.LayerChart:
    rule = alt.Chart(pd.DataFrame({"meta": [target]})).mark_rule(color="#c0392b", strokeDash=[6, 4]).encode(y="meta:Q")
    text = alt.Chart(pd.DataFrame({"meta": [target], "label": [f"Meta {fmt.percent(target, 0)}"]})).mark_text(
        align="left", dx=4, dy=-6, color="#c0392b").encode(y="meta:Q", x=alt.value(0), text="label:N")
    return rule + text


def breakdown_chart(rows: pd.DataFrame, name_col: str, target: float) -> alt.LayerChart:
    shown = rows.head(15).assign(cumplimiento=rows["compliance"].head(15).map(fmt.percent))
    bars = alt.Chart(shown).mark_bar().encode(
        y=alt.Y(f"{name_col}:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=200)),
        x=alt.X("overdue:Q", title="Vencidos sin respuesta"),
        color=alt.Color("compliance:Q", title="Cumplimiento", legend=alt.Legend(format=".0%"),
                        scale=alt.Scale(domain=[0.5, target, 1], range=["#c0392b", "#f1c40f", "#27ae60"])),
        tooltip=[alt.Tooltip(f"{name_col}:N", title=" "), alt.Tooltip("received:Q", title="Recibidos"),
                 alt.Tooltip("overdue:Q", title="Vencidos"), alt.Tooltip("cumplimiento:N", title="Cumplimiento")])
    return bars.properties(height=max(140, 30 * len(shown)))


def breakdown_table(rows: pd.DataFrame, name_col: str, title: str) -> pd.DataFrame:
    return pd.DataFrame({title: rows[name_col], "Recibidos": rows["received"].map(fmt.number),
                         "Vencen": rows["due"].map(fmt.number), "Cumplimiento": rows["compliance"].map(fmt.percent),
                         "Abiertos": rows["open"].map(fmt.number), "Vencidos": rows["overdue"].map(fmt.number)})


def chart(spec) -> None:
    st.altair_chart(spec.configure(locale=fmt.VEGA_LOCALE), width="stretch")


settings = Settings.from_env()
dsn = bi_dsn(settings)
st.title("PQRS · Tablero ejecutivo")
known = bounds(dsn)
if not known:
    st.info("Todavía no hay datos publicados en `public.gold_*`: ejecute `make run`.")
    st.stop()

first_day, latest = known
filters, frames = sidebar_filters(dsn, first_day, latest)
target = settings.sla_target
now, before = ind.summary(frames, filters), ind.summary(frames, filters.previous())
st.caption(f"Estado al {fmt.date(latest)} (último día ingerido). Periodo del {fmt.date(filters.start)} al "
           f"{fmt.date(filters.end)}, comparado con el periodo anterior ({fmt.date(filters.previous().start)} – "
           f"{fmt.date(filters.previous().end)}). Meta legal de cumplimiento (Ley 1755 de 2015): "
           f"{fmt.percent(target, 0)}. Consultado el {fmt.bogota_time(pd.Timestamp.now(tz='UTC'))} (hora de Bogotá).")
kpi_tiles(now, before, ind.due_soon(frames, filters), target)

st.header(f"Pendientes hoy ({fmt.date(latest)})")
ages = ind.backlog_by_age(frames, filters)
overdue = ind.overdue_list(frames, filters)
b1, b2 = st.columns([2, 3])
with b1:
    st.metric("Abiertos hoy", fmt.number(int(ages["open"].sum())))
    st.metric("Vencidos hoy", fmt.number(int(ages["overdue"].sum())))
    st.caption("Antigüedad en días hábiles desde la radicación, al cierre del último día ingerido.")
with b2:
    chart(age_chart(ages))
st.subheader("Tickets vencidos más antiguos")
st.caption("Sin datos personales: radicado, tipo, tema y lugar. Días hábiles de mora al cierre del último día.")
st.dataframe(overdue.assign(**{c: overdue[c].map(fmt.date) for c in ("Recibido", "Vencía")}),
             hide_index=True, width="stretch")
st.download_button("Descargar CSV", overdue.to_csv(index=False, sep=";").encode("utf-8-sig"),
                   file_name=f"vencidos_{latest:%Y%m%d}.csv", mime="text/csv")

st.header("Tendencias diarias del periodo")
volume_chart, compliance_chart, pending_chart = daily_charts(ind.daily(frames, filters), target)
w1, w2, w3 = st.columns(3)
with w1:
    st.caption("Tickets recibidos por día")
    chart(volume_chart)
with w2:
    st.caption("Cumplimiento de los que vencían cada día")
    chart(compliance_chart)
with w3:
    st.caption("Abiertos y vencidos al cierre de cada día")
    chart(pending_chart)

left, right = st.columns([3, 2])
with left:
    st.subheader("Mapa: dónde estamos atrasados")
    level_name = st.radio("Nivel", ["Departamento", "Municipio"], horizontal=True)
    colour_name = st.radio("Color", ["Vencidos sin respuesta", "Cumplimiento"], horizontal=True)
    level = "department" if level_name == "Departamento" else "municipality"
    points = ind.map_points(frames, filters, level)
    chart(colombia_map(points, "overdue" if colour_name.startswith("Vencidos") else "compliance", target))
with right:
    st.subheader("Por tema")
    topics = ind.breakdown(frames, filters, "topic")
    topics["tema"] = topics["topic"].map(lambda c: fmt.label(fmt.TOPIC_LABELS, c))
    chart(breakdown_chart(topics, "tema", target))
    st.dataframe(breakdown_table(topics, "tema", "Tema"), hide_index=True, width="stretch")

st.subheader("Por área")
area_key = "municipality_code" if filters.department else "department_code"
names = ind.municipality_names() if filters.department else ind.department_names()
areas = ind.breakdown(frames, filters, area_key)
areas["area"] = areas[area_key].map(lambda c: names.get(c, c))
st.dataframe(breakdown_table(areas, "area", "Municipio" if filters.department else "Departamento"),
             hide_index=True, width="stretch")
