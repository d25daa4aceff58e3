"""Executive view: KPIs from the serving tables `public.gold_*` only."""
import streamlit as st

from pqrlab.dashboard.queries import kpis, published_runs, volume_wide
from pqrlab.formats import es_co_number, es_co_percent
from pqrlab.services.postgres import resolve_dsn
from pqrlab.settings import Settings

st.title("PQRS · Tablero ejecutivo")

dsn = resolve_dsn(Settings.from_env())
runs = published_runs(dsn)
if not runs:
    st.info("Todavía no hay datos publicados en `public.gold_*`: ejecute `make run`.")
    st.stop()

run_id = st.selectbox("Corrida", runs, index=0)
numbers = kpis(dsn, run_id)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Tickets recibidos", es_co_number(numbers["tickets"]))
c2.metric("Cumplimiento SLA", es_co_percent(numbers["compliance"]))
c3.metric("Respondidos tarde", es_co_number(numbers["late"]))
c4.metric("Vencidos sin respuesta", es_co_number(numbers["overdue_open"]))

st.subheader("Tickets por día y tipo (tipo predicho por IA)")
st.bar_chart(volume_wide(numbers["volume"]))
st.subheader("Backlog: abiertos al final de cada día y vencidos")
st.line_chart(numbers["backlog"].rename(columns={"open": "abiertos", "overdue": "vencidos"}))
st.subheader("Cumplimiento de términos legales (Ley 1755 de 2015) por tipo")
st.dataframe(numbers["sla"].rename(columns={
    "pqrs_type": "tipo", "due": "vencen", "on_time": "a tiempo", "late": "tarde", "overdue_open": "vencidos sin respuesta",
    "compliance": "cumplimiento"}), hide_index=True)
