"""Operations view: runs (failed first) with the delivery days each covered, step durations in pipeline order,
failed quality checks first.

Reads the gold views of run governance (`public.gold_pipeline_runs`, `public.gold_quality_failures`), so
the same BI login role serves both pages and never reads `meta.*` itself.
"""
import pandas as pd
import streamlit as st

from pqrlab.control.bi import bi_dsn
from pqrlab.dashboard import formato as fmt
from pqrlab.dashboard import indicadores as ind
from pqrlab.dashboard.queries import operations
from pqrlab.settings import Settings
from pqrlab.steps import ordered_steps

STEP_LABELS = {"generate": "Generación (Raw)", "bronze": "Bronze", "silver": "Silver (IA)", "gold": "Gold",
               "publish": "Publicación"}


def covered_days(run: pd.Series) -> str:
    """'02/03/2026 – 08/04/2026 (38 días)', one date for a one-day run, '–' for a run before days existed."""
    first, last = run.get("first_day"), run.get("last_day")
    if first is None or pd.isna(first):
        return "–"
    days = run.get("days")
    count = len(days) if isinstance(days, (list, tuple)) else (last - first).days + 1
    span = fmt.date(first) if first == last else f"{fmt.date(first)} – {fmt.date(last)}"
    return f"{span} ({fmt.number(count)} {'día' if count == 1 else 'días'})"


def last_covered_day(runs: pd.DataFrame):
    """The latest day a succeeded run covered (None when no run recorded days)."""
    if "last_day" not in runs:
        return None
    days = runs.loc[runs["status"] == "succeeded", "last_day"].dropna()
    return days.max() if len(days) else None


def runs_table(runs: pd.DataFrame) -> pd.DataFrame:
    failed_first = runs.assign(failed=runs["status"] != "failed").sort_values(
        ["failed", "started_at"], ascending=[True, False], kind="stable")
    reprocess = failed_first.get("reprocess", pd.Series(False, index=failed_first.index))
    return pd.DataFrame({
        "Corrida": failed_first["run_id"], "Estado": failed_first["status"].map(lambda s: fmt.label(fmt.STATUS_LABELS, s)),
        "Días cubiertos": failed_first.apply(covered_days, axis=1) if len(failed_first) else [],
        "Reproceso": reprocess.map(lambda r: "sí" if pd.notna(r) and bool(r) else "no"),
        "Inicio (Bogotá)": failed_first["started_at"].map(fmt.bogota_time),
        "Fin (Bogotá)": failed_first["ended_at"].map(fmt.bogota_time),
        "Duración (s)": failed_first["seconds"].map(lambda s: fmt.number(float(s), 1) if pd.notna(s) else "–"),
        "Error": failed_first["error"].fillna(""),
    })


def ranges_table(days: pd.DataFrame) -> pd.DataFrame:
    """The published days as ranges, each with the run whose Gold it shows (a reprocess splits a backfill)."""
    ranges = ind.day_ranges(days)
    return pd.DataFrame({
        "Desde": ranges["first_day"].map(fmt.date), "Hasta": ranges["last_day"].map(fmt.date),
        "Días": ranges["days"].map(fmt.number), "Corrida vigente": ranges["run_id"]})


def steps_table(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per run and step, steps in pipeline order."""
    rows = [{"Corrida": run["run_id"], "Paso": STEP_LABELS.get(step, step),
             "Duración (s)": fmt.number(float(info.get("seconds") or 0), 2),
             "Filas de entrada": fmt.number(info.get("rows_in") or 0),
             "Filas de salida": fmt.number(info.get("rows_out") or 0)}
            for _, run in runs.iterrows() for step, info in ordered_steps(run["steps"] or {})]
    return pd.DataFrame(rows, columns=["Corrida", "Paso", "Duración (s)", "Filas de entrada", "Filas de salida"])


def checks_table(checks: pd.DataFrame) -> pd.DataFrame:
    blocking_first = checks.sort_values(["blocking", "checked_at"], ascending=[False, False], kind="stable")
    return pd.DataFrame({
        "Corrida": blocking_first["run_id"], "Capa": blocking_first["layer"], "Conjunto": blocking_first["dataset"],
        "Control": blocking_first["check_name"], "Observado": blocking_first["observed"],
        "Umbral": blocking_first["threshold"], "Bloqueante": blocking_first["blocking"].map({True: "sí", False: "no"}),
        "Revisado (Bogotá)": blocking_first["checked_at"].map(fmt.bogota_time),
    })


settings = Settings.from_env()
st.title("Operación del pipeline")
ops = operations(bi_dsn(settings))
if ops["runs"].empty:
    st.info("Todavía no hay corridas registradas: ejecute `make run`.")
    st.stop()
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Corridas recientes", fmt.number(len(ops["runs"])))
c2.metric("Corridas fallidas", fmt.number(int((ops["runs"]["status"] == "failed").sum())))
c3.metric("Controles de calidad fallidos", fmt.number(len(ops["failed_checks"])))
c4.metric("Último día cubierto", fmt.date(last_covered_day(ops["runs"])),
          help="El día más reciente cubierto por una corrida exitosa.")
c5.metric("Días publicados", fmt.number(len(ops["days"])), help="Días con Gold publicado en `public.gold_*`.")
st.subheader("Controles de calidad fallidos")
if ops["failed_checks"].empty:
    st.success("Ningún control de calidad ha fallado.")
else:
    st.dataframe(checks_table(ops["failed_checks"]), hide_index=True, width="stretch")
st.subheader("Días publicados y la corrida vigente de cada uno")
missing = ind.missing_days(ops["days"])
if missing:
    st.warning(f"Faltan {fmt.number(len(missing))} días entre el primero y el último publicados: "
               + ", ".join(fmt.date(d) for d in missing[:10]) + ("…" if len(missing) > 10 else "")
               + ". Ejecute `pqrlab run --from … --to …` para llenarlos.")
st.dataframe(ranges_table(ops["days"]), hide_index=True, width="stretch")
st.subheader("Corridas y días que cubrió cada una (las fallidas primero)")
st.dataframe(runs_table(ops["runs"]), hide_index=True, width="stretch")
st.subheader("Pasos de cada corrida, en el orden del pipeline")
st.dataframe(steps_table(ops["runs"]), hide_index=True, width="stretch")
