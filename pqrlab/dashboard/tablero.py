"""Executive view: where and on what the entity is late, from `public.gold_*` only, as the BI login role."""
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from pqrlab.control.bi import bi_dsn
from pqrlab.dashboard import formato as fmt
from pqrlab.dashboard import indicadores as ind
from pqrlab.dashboard.queries import gold_frames, latest_run
from pqrlab.settings import Settings

PERIODS = {"Últimos 30 días": 30, "Últimos 7 días": 7, "Últimos 90 días": 90, "Todo el periodo": None,
           "Personalizado": 0}
ALL = None


@st.cache_data(ttl=60, show_spinner="Leyendo los indicadores…")
def load(dsn: str):
    run_id = latest_run(dsn)
    return (run_id, gold_frames(dsn, run_id)) if run_id else (None, None)


def choose_period(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    choice = st.sidebar.selectbox("Periodo", list(PERIODS), index=0)
    days = PERIODS[choice]
    if days == 0:
        picked = st.sidebar.date_input("Desde – hasta", ind.default_period(first, last), min_value=first,
                                       max_value=last, format="DD/MM/YYYY")
        return (picked[0], picked[-1]) if picked else (first, last)
    return (first, last) if days is None else ind.default_period(first, last, days)


def choose(title: str, codes, names: dict[str, str]):
    options = [ALL, *sorted(set(codes), key=lambda c: names.get(c, c))]
    return st.sidebar.selectbox(title, options, format_func=lambda c: "Todos" if c is ALL else names.get(c, c))


def sidebar_filters(frames, first, last) -> ind.Filters:
    st.sidebar.header("Filtros")
    start, end = choose_period(first, last)
    volume = frames["volume"]
    department = choose("Departamento", volume["department_code"], ind.department_names())
    towns = volume if department is ALL else volume[volume["department_code"] == department]
    municipality = choose("Municipio", towns["municipality_code"], ind.municipality_names())
    pqrs_type = choose("Tipo de PQRS", volume["pqrs_type"], fmt.TYPE_LABELS)
    topic = choose("Tema", volume["topic"], fmt.TOPIC_LABELS)
    return ind.Filters(start, end, department, municipality, pqrs_type, topic)


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


def weekly_charts(weeks: pd.DataFrame, target: float) -> tuple[alt.Chart, alt.LayerChart]:
    weeks = weeks.assign(semana=weeks["week"].map(lambda d: f"{fmt.short_date(d)}"))
    order = alt.SortField("week")
    volume = alt.Chart(weeks).mark_bar(color="#1f77b4").encode(
        x=alt.X("semana:O", title="Semana (lunes)", sort=order), y=alt.Y("received:Q", title="Tickets recibidos"),
        tooltip=[alt.Tooltip("semana:O", title="Semana"), alt.Tooltip("received:Q", title="Recibidos")])
    line = alt.Chart(weeks.dropna(subset=["compliance"])).mark_line(point=True, color="#2c3e50").encode(
        x=alt.X("semana:O", title="Semana (lunes)", sort=order),
        y=alt.Y("compliance:Q", title="Cumplimiento", axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("semana:O", title="Semana"), alt.Tooltip("compliance:Q", title="Cumplimiento",
                                                                     format=".1%")])
    return volume, line + target_rule(target)


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
st.title("PQRS · Tablero ejecutivo")
run_id, frames = load(bi_dsn(settings))
days = ind.data_days(frames) if frames else None
if not days:
    st.info("Todavía no hay datos publicados en `public.gold_*`: ejecute `make run`.")
    st.stop()

filters = sidebar_filters(frames, *days)
target = settings.sla_target
now, before = ind.summary(frames, filters), ind.summary(frames, filters.previous())
st.caption(f"Periodo del {fmt.date(filters.start)} al {fmt.date(filters.end)}, comparado con el periodo anterior "
           f"({fmt.date(filters.previous().start)} – {fmt.date(filters.previous().end)}). Meta legal de "
           f"cumplimiento (Ley 1755 de 2015): {fmt.percent(target, 0)}. Consultado el "
           f"{fmt.bogota_time(pd.Timestamp.now(tz='UTC'))} (hora de Bogotá).")
kpi_tiles(now, before, ind.due_soon(frames, filters), target)

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

st.subheader("Tendencia semanal")
volume_chart, compliance_chart = weekly_charts(ind.weekly(frames, filters), target)
w1, w2 = st.columns(2)
with w1:
    chart(volume_chart)
with w2:
    chart(compliance_chart)

st.subheader("Tickets vencidos más antiguos")
overdue = ind.overdue_list(frames, filters)
st.caption("Sin datos personales: radicado, tipo, tema y lugar. Días hábiles de mora al último corte.")
st.dataframe(overdue.assign(**{c: overdue[c].map(fmt.date) for c in ("Recibido", "Vencía")}),
             hide_index=True, width="stretch")
st.download_button("Descargar CSV", overdue.to_csv(index=False, sep=";").encode("utf-8-sig"),
                   file_name=f"vencidos_{filters.end:%Y%m%d}.csv", mime="text/csv")
