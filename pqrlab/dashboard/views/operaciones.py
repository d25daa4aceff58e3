"""Operations view: recent runs, step durations, failures and data-quality checks (from meta.*)."""
import streamlit as st

from pqrlab.dashboard.queries import operations
from pqrlab.services.postgres import resolve_dsn
from pqrlab.settings import Settings

st.title("Operación del pipeline")

ops = operations(resolve_dsn(Settings.from_env()))
if ops["runs"].empty:
    st.info("Todavía no hay corridas en `meta.runs`: ejecute `make run`.")
    st.stop()
c1, c2 = st.columns(2)
c1.metric("Corridas recientes", len(ops["runs"]))
c2.metric("Corridas fallidas", ops["failures"])
st.subheader("Corridas")
st.dataframe(ops["runs"], hide_index=True)
st.subheader("Duración por paso (s)")
st.bar_chart(ops["step_seconds"])
st.subheader("Controles de calidad fallidos")
if ops["failed_checks"].empty:
    st.success("Ningún control de calidad ha fallado.")
else:
    st.dataframe(ops["failed_checks"], hide_index=True)
