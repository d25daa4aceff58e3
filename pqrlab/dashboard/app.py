"""PQRS dashboards. Run: `streamlit run pqrlab/dashboard/app.py` (or `make up`).

The executive view reads only `public.gold_*`; the operations view reads run governance (`meta.*`).
"""
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
st.set_page_config(page_title="PQRS", layout="wide")
st.navigation([
    st.Page(HERE / "tablero.py", title="Tablero ejecutivo", default=True),
    st.Page(HERE / "views" / "operaciones.py", title="Operación del pipeline"),
]).run()
