"""`pqrlab run | status | up` — the command line behind `make run`, `make status` and `make up`."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from pqrlab.names import InvalidName, check_run_id
from pqrlab.settings import Settings, SettingsError
from pqrlab.steps import ordered_steps

REPO = Path(__file__).resolve().parent.parent


def _prefect_api(stack: ExitStack, settings: Settings) -> Callable[[], str]:
    """The configured Prefect API, else a running `make up`'s, else a local server kept for the duration of
    `stack`. The local one starts in the background: call the returned function for its URL once it answers."""
    from pqrlab.services.prefect_server import prefect_env, server_answers, starting_prefect_server
    from pqrlab.services.process import read_services

    os.environ.update(prefect_env(settings.home))
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)  # else Prefect warns at import
    if settings.prefect_api_url:
        return lambda: settings.prefect_api_url
    shared = read_services(settings.services_file).get("prefect_api")  # `make up`'s server: the run shows in its UI
    if shared and server_answers(shared):
        os.environ["PREFECT_API_URL"] = shared
        return lambda: shared
    url, ready = stack.enter_context(starting_prefect_server(settings.home))
    os.environ["PREFECT_API_URL"] = url  # known already: Prefect may be imported while the server starts
    return ready


def _still_serving(url: str) -> bool:
    """Whether the dashboard at `url` still answers (a run's own cluster is gone when the summary prints)."""
    import urllib.parse

    from pqrlab.services.process import port_answers

    where = urllib.parse.urlsplit(url or "")
    return bool(where.port) and port_answers(where.port, where.hostname or "127.0.0.1")


def print_summary(report, elapsed: float) -> None:
    run = report.run
    steps = run.get("steps") or {}
    get = lambda step, key: steps.get(step, {}).get(key, 0)  # noqa: E731
    print("\n" + "=" * 72)
    print(f"PQR Lakehouse run {report.run_id}: {report.status.upper()} in {elapsed:.1f} s")
    if run.get("first_day"):
        print(f"  delivery days      {run['first_day']}..{run['last_day']} ({len(run.get('days') or [])})"
              f"{'  reprocessed' if run.get('reprocess') else ''}")
    print("-" * 72)
    print(f"  raw lines          {get('generate', 'rows_out'):>10,}")
    print(f"  bronze rows        {get('bronze', 'rows_out'):>10,}")
    print(f"  quarantined rows   {get('bronze', 'quarantined'):>10,}")
    print(f"  silver messages    {get('silver', 'messages'):>10,}")
    print(f"  silver tickets     {get('silver', 'tickets'):>10,}")
    print(f"  gold rows          {get('gold', 'rows_out'):>10,}")
    print(f"  gold tables loaded {get('publish', 'gold_tables'):>10,}  (public.gold_*)")
    print("  step times: " + ", ".join(f"{s} {v.get('seconds', 0):.1f}s" for s, v in ordered_steps(steps)))
    print("  notebooks:  " + ", ".join(f"{n[:2]} {s:.1f}s" for n, s in report.notebook_seconds.items()))
    print("-" * 72)
    print(f"  lake        {report.lake_url}")
    print(f"  PostgreSQL  {report.dsn}")
    print(f"  notebooks   {report.run_dir}  (executed copies + metrics.prom)")
    if report.dask_report and report.dask_report.exists():
        print(f"  Dask report {report.dask_report}  (open in a browser: this run's dashboard)")
    if _still_serving(report.dask_dashboard):
        print(f"  Dask        {report.dask_dashboard}  (live: the shared cluster of `make up`)")
    if report.log_file:
        print(f"  log         {report.log_file}  (Dask, Prefect and notebook kernel messages)")
    print("=" * 72)


def cmd_run(args: argparse.Namespace) -> int:
    from pqrlab.services.lifecycle import check_interrupted, interruptible

    with ExitStack() as stack:
        # SIGTERM/SIGINT unwind this stack from the first moment (see main() for the message): the day checks
        # may start PostgreSQL or train the default model
        stack.enter_context(interruptible())
        settings = Settings.from_env().with_overrides(seed=args.seed, events=args.events, start=args.start,
                                                      days=args.days, daily_events=args.daily_events)
        settings.preflight()  # bad settings stop here: before any service starts or anything is written
        choice = {"day": args.day, "from_day": args.from_day, "to_day": args.to_day}
        check_days_arguments(settings, args)  # bad days too, before the control plane is asked
        started = time.perf_counter()
        prefect_api = _prefect_api(stack, settings)  # a local server starts in the background; meanwhile:
        check_days_free(settings, args, choice)  # gaps and busy days: one line (the server is stopped)
        from pqrlab.flows import lakehouse_flow  # import after PREFECT_API_URL is set
        from pqrlab.services.prefect_server import flush_to_server

        api = prefect_api()
        print(f"Prefect API: {api}")

        stack.callback(flush_to_server)  # before the server stops, also when interrupted

        report = lakehouse_flow(run_id=args.run_id, seed=args.seed, events=args.events, start=args.start,
                                days=args.days, next_day=args.next, reprocess=args.reprocess,
                                daily_events=args.daily_events, **choice)
        check_interrupted()  # a signal whose exception was swallowed (Prefect ignores one after the flow's end)
    print_summary(report, time.perf_counter() - started)
    return 0 if report.status == "succeeded" else 1


def cmd_schedule(args: argparse.Namespace) -> int:
    """Create the daily deployment of the flow (next day not yet ingested) and serve it until Ctrl-C."""
    from pqrlab.services.lifecycle import interruptible

    settings = Settings.from_env().with_overrides(schedule_time=args.time)
    settings.preflight()
    with ExitStack() as stack:
        stack.enter_context(interruptible())
        api = _prefect_api(stack, settings)()
        from pqrlab.schedule import DEPLOYMENT_NAME, SCHEDULE_TIMEZONE, daily_cron, deployment_ref, serve_daily
        from pqrlab.services.prefect_server import flush_to_server

        stack.callback(flush_to_server)
        name = args.name or DEPLOYMENT_NAME
        print(f"Prefect API: {api}\n"
              f"Deployment {deployment_ref(name)}: every day at {settings.schedule_time} {SCHEDULE_TIMEZONE} "
              f"(cron '{daily_cron(settings.schedule_time)}'), parameters next_day=True.\n"
              f"Run it now: PREFECT_API_URL={api} prefect deployment run '{deployment_ref(name)}'\n"
              "Serving it here; Ctrl-C stops (and pauses the schedule).", flush=True)
        try:
            serve_daily(settings, name)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM is how serving ends, not an error
            pass
    print(f"Stopped serving {deployment_ref(name)}; its schedule is paused until the next `pqrlab schedule`.")
    return 0


def check_days_arguments(settings: Settings, args: argparse.Namespace) -> None:
    """--day / --from / --to / --next: real dates, in order, one choice (SettingsError in one line)."""
    from pqrlab.pipeline import plan_days

    if args.next and (args.day or args.from_day or args.to_day):
        raise SettingsError("--next picks the day itself: give it without --day, --from or --to")
    if not args.next:
        try:
            plan_days(settings, day=args.day, from_day=args.from_day, to_day=args.to_day)
        except InvalidName as err:
            raise SettingsError(str(err)) from None


def check_days_free(settings: Settings, args: argparse.Namespace, choice: dict) -> None:
    """The gap rule and the day locks, asked of the control plane before any other service starts
    (GapError / DaysBusyError in one line; the flow claims the days for real)."""
    from pqrlab.control import runs
    from pqrlab.control.db import apply_migrations
    from pqrlab.pipeline import plan_run, with_model
    from pqrlab.services.postgres import resolve_dsn

    dsn = resolve_dsn(settings)
    apply_migrations(dsn)
    run = plan_run(settings, dsn, args.run_id, next_day=args.next, reprocess=args.reprocess, resolve_model=False,
                   **choice)
    runs.check_days(dsn, run.days, run.reprocess, run.settings.seed, run.daily)
    runs.mark_abandoned(dsn)
    runs.check_not_busy(dsn, run.run_id, runs.days_to_claim(run.days, runs.ingested_days(dsn), run.reprocess))
    # a lake without a promoted model trains the default one now, its lines on the terminal (the flow's own
    # `with_model` then finds it promoted); after the day checks, so a refused run trains nothing
    with_model(run)


def cmd_status(args: argparse.Namespace) -> int:
    from pqrlab.control.db import apply_migrations
    from pqrlab.control.runs import mark_abandoned, recent_runs
    from pqrlab.services.postgres import resolve_dsn

    settings = Settings.from_env()
    settings.preflight(write=False, enricher=False)
    dsn = resolve_dsn(settings)
    apply_migrations(dsn)
    for run_id in mark_abandoned(dsn):
        print(f"{run_id}: its process is gone; marked abandoned")
    rows = recent_runs(dsn, args.limit)
    if not rows:
        print("No runs yet: `make run` starts one.")
    for row in rows:
        took = (row["ended_at"] - row["started_at"]).total_seconds() if row["ended_at"] else None
        steps = ", ".join(f"{k} {v.get('rows_out', 0):,}" for k, v in ordered_steps(row["steps"] or {}))
        print(f"{row['run_id']:<32} {row['status']:<10} {row['started_at']:%Y-%m-%d %H:%M:%S} "
              f"{(f'{took:.1f}s' if took is not None else '-'):>8}  {steps}")
        if row["status"] in ("failed", "abandoned") and row.get("error"):
            print(f"{'':<32} {(row.get('error') or '').splitlines()[0][:200]}")
    return 0


def score(value: float | None) -> str:
    """A score as people here read it (es-CO: 0,873), a dash when there is none."""
    from pqrlab.formats import es_co_number

    return "—" if value is None or value != value else es_co_number(value, 3)


def cmd_models(args: argparse.Namespace) -> int:
    """`pqrlab models list` (the registry, scores on both sets) and `pqrlab models promote NAME@VERSION`."""
    from pqrlab.control.db import apply_migrations
    from pqrlab.business_days import LOCAL_TZ
    from pqrlab.enrich.registry import UnknownModel, list_models, promote
    from pqrlab.services.postgres import resolve_dsn

    settings = Settings.from_env()
    settings.preflight(write=False, enricher=False)
    dsn = resolve_dsn(settings)
    apply_migrations(dsn)
    if args.action == "promote":
        try:
            model = promote(dsn, args.model)
        except UnknownModel as err:
            raise SettingsError(str(err)) from None
        print(f"promoted {model['name']}@{model['version']} (sha256 {model['sha256'][:12]}…): Silver uses it unless "
              "PQR_ENRICHER pins another")
        return 0
    table = list_models(dsn)
    if table.empty:
        print("No models registered yet: `make run` trains and promotes the default one, or "
              "`python -m pqrlab.enrich.train --model tfidf-ensemble --version 1.0.0`.")
    for row in table.itertuples():
        print(f"{'*' if row.is_promoted else ' '} {row.name}@{row.version:<12} {row.sha256}…  "
              f"entrenado {row.trained_at.tz_convert(LOCAL_TZ):%Y-%m-%d %H:%M}  escritos a mano: tipo mF1 {score(row.handwritten_type_f1)}, "
              f"tema mF1 {score(row.handwritten_topic_f1)}  plantillas: tipo mF1 {score(row.templates_type_f1)}"
              + (f"  promovido por {row.promoted_by}" if row.is_promoted else ""))
    return 0


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt


def cmd_up(args: argparse.Namespace) -> int:
    """Keep PostgreSQL, Prefect, the shared Dask cluster, JupyterLab and Streamlit running until Ctrl-C."""
    from pqrlab.services.process import PortTaken
    from pqrlab.services.workspace import workspace

    settings = Settings.from_env()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # `kill` stops everything as Ctrl-C does
    print("Starting PostgreSQL, Prefect, Dask, JupyterLab and Streamlit...", flush=True)
    started = time.perf_counter()
    try:
        with workspace(settings) as ws:
            urls = ws.urls
            print(f"JupyterLab      {urls['jupyterlab']}   <- open this: notebook 02 beside the Dask panes\n"
                  f"Dask dashboard  {urls['dask_dashboard']}   (also {urls['dask_dashboard_proxied']})\n"
                  f"Prefect         {urls['prefect_ui']}\n"
                  f"Streamlit       {urls['streamlit']}\n"
                  f"PostgreSQL      {urls['postgres']}\n"
                  f"Dask scheduler  {urls['dask_scheduler']}   (notebooks and `make run` attach to it)\n"
                  f"Ready in {time.perf_counter() - started:.0f} s. Logs in {urls['logs']}. Ctrl-C stops everything.",
                  flush=True)
            while (stopped := ws.exited()) is None:
                time.sleep(1)
            print(f"{stopped}; stopping the others (its log is in {urls['logs']}).", file=sys.stderr)
            return 1
    except KeyboardInterrupt:  # Ctrl-C (or SIGTERM) at any moment, start-up included: everything is stopped
        print("\nStopped.", flush=True)
    except PortTaken as err:
        print(f"pqrlab up: {err}", file=sys.stderr)
        return 1
    except (RuntimeError, TimeoutError) as err:  # a service that would not start: its log says why
        print(f"pqrlab up: {err}; see the logs in {settings.home / 'logs'} and {settings.home / 'prefect'}",
              file=sys.stderr)
        return 1
    return 0


def cmd_bi_role(args: argparse.Namespace) -> int:
    """Apply the migrations, then create or update the BI login role from the settings."""
    from pqrlab.control.bi import ensure_bi_login
    from pqrlab.control.db import apply_migrations
    from pqrlab.services.postgres import resolve_dsn

    settings = Settings.from_env()
    if args.require_password and not settings.bi_password:
        print("pqrlab bi-role: set PQR_BI_PASSWORD (the BI login role's password)", file=sys.stderr)
        return 2
    dsn = resolve_dsn(settings)
    apply_migrations(dsn)
    ensure_bi_login(dsn, settings.bi_user, settings.bi_password)
    print(f"BI login role {settings.bi_user} ready (member of pqr_bi)")
    return 0


def cmd_metrics_serve(args: argparse.Namespace) -> int:
    """Expose the business gauges (and last success) from PostgreSQL for Prometheus to scrape."""
    from pqrlab.control.db import apply_migrations
    from pqrlab.metrics import serve
    from pqrlab.services.postgres import resolve_dsn

    dsn = resolve_dsn(Settings.from_env())
    apply_migrations(dsn)
    serve(dsn, args.port, args.host)
    print(f"Serving PQR metrics on http://{args.host}:{args.port}/metrics (Ctrl-C stops)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0


def _review_connection(stack: ExitStack, settings: Settings, agent: str | None, token: str | None):
    """A connection for `pqrlab review`: as the agent's own login (`--as`), PostgREST-style with a token, or
    (listing only) the configured administrator's."""
    import psycopg

    from pqrlab.control.access import checked_login, connect_as
    from pqrlab.control.db import apply_migrations
    from pqrlab.control.review import ReviewError
    from pqrlab.services.postgres import resolve_dsn

    dsn = resolve_dsn(settings)
    apply_migrations(dsn)
    if agent:
        opening = connect_as(dsn, checked_login(agent), login=True, password=os.environ.get("PQR_AGENT_PASSWORD"))
    elif token:
        opening = connect_as(dsn, "pqr_agent", token=token)
    else:
        opening = psycopg.connect(dsn, autocommit=True)
    try:
        return stack.enter_context(opening)
    except psycopg.OperationalError as err:
        raise ReviewError(f"cannot connect as {agent or 'the token agent'!r}: "
                          f"{str(err).strip().splitlines()[-1]}") from None


def cmd_review(args: argparse.Namespace) -> int:
    """`pqrlab review list` (the queue, es-CO) and `pqrlab review correct TICKET ...` (one agent's correction)."""
    from pqrlab.channel.places import divipola
    from pqrlab.control.review import correct_ticket, queue_table, review_queue
    from pqrlab.formats import es_co_date

    settings = Settings.from_env()
    settings.preflight(write=False, enricher=False)
    token = os.environ.get("PQR_AGENT_TOKEN")
    if args.action == "correct" and not (args.agent or token):
        raise SettingsError("name the agent who corrects: --as LOGIN (or PQR_AGENT_TOKEN for a signed token)")
    with ExitStack() as stack:
        conn = _review_connection(stack, settings, args.agent, token)
        if args.action == "list":
            queue = review_queue(conn, args.limit)
            print(f"{len(queue)} tickets por revisar" + (f" (primeros {args.limit})" if len(queue) == args.limit else ""))
            if len(queue):
                print(queue_table(queue, divipola()).to_string(index=False))
            return 0
        done = correct_ticket(conn, args.ticket, args.type, args.subtype, args.topic, args.priority,
                              args.municipality, args.note)
    if done["pqrs_type_after"] == "no_pqrs":
        print(f"{done['ticket_id']}: no es una PQRS; cerrado; corregido por {done['corrected_by']}")
        return 0
    kind = done["pqrs_type_after"] + (f"/{done['subtype_after']}" if done["subtype_after"] else "")
    print(f"{done['ticket_id']}: {kind}, tema {done['topic_after']}, prioridad {done['priority_after']}, "
          f"municipio {done['municipality_code_after'] or '(triage)'}; vence {es_co_date(done['due_at_after'])} "
          f"({done['term_days_after']} días hábiles; antes {es_co_date(done['due_at_before'])}); "
          f"corregido por {done['corrected_by']}")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line (`pqrlab: error: ...`, exit 2); `--help` still shows usage."""

    def error(self, message: str):
        self.exit(2, f"pqrlab: error: {message} (see `{self.prog} --help`)\n")


def _run_id(value: str) -> str:
    try:
        return check_run_id(value)
    except InvalidName as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="pqrlab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the whole pipeline once (Prefect flow of the notebooks)")
    run.add_argument("--run-id", type=_run_id, help="default: derived from the parameters, so a rerun is idempotent")
    run.add_argument("--seed", type=int, help="default: PQR_SEED or 42")
    run.add_argument("--events", type=int, help="e-mails to generate (default: PQR_EVENTS or 5000)")
    run.add_argument("--start", help="first day, YYYY-MM-DD (default: PQR_START or 2026-03-02)")
    run.add_argument("--days", type=int, help="days in the window (default: PQR_DAYS or 61)")
    run.add_argument("--daily-events", type=float, help="mean e-mails per day (default: PQR_DAILY_EVENTS or 82; "
                                                        "--events N instead gives N over the run's days)")
    which = run.add_mutually_exclusive_group()
    which.add_argument("--day", help="ingest one delivery day, YYYY-MM-DD")
    which.add_argument("--from", dest="from_day", help="first day of a range (a backfill), with --to")
    which.add_argument("--next", action="store_true", help="ingest the next day not yet ingested")
    run.add_argument("--to", dest="to_day", help="last day of the range started by --from")
    run.add_argument("--reprocess", action="store_true",
                     help="Silver onward again for ingested days (e.g. a new model); Raw and Bronze untouched")
    run.set_defaults(func=cmd_run)
    schedule = sub.add_parser("schedule", help="serve a daily Prefect deployment that ingests the next day")
    schedule.add_argument("--time", help="time of day, HH:MM in America/Bogota (default: PQR_SCHEDULE_TIME or 06:00)")
    schedule.add_argument("--name", type=_run_id, help="deployment name (default: pqr-daily)")
    schedule.set_defaults(func=cmd_schedule)
    status = sub.add_parser("status", help="recent runs from meta.runs")
    status.add_argument("--limit", type=int, default=10)
    status.set_defaults(func=cmd_status)
    up = sub.add_parser("up", help="keep the embedded services running for a student")
    up.set_defaults(func=cmd_up)
    bi_role = sub.add_parser("bi-role", help="create the BI login role (PQR_BI_USER, PQR_BI_PASSWORD) in pqr_bi")
    bi_role.add_argument("--require-password", action="store_true", help="fail when PQR_BI_PASSWORD is unset")
    bi_role.set_defaults(func=cmd_bi_role)
    model_cmd = sub.add_parser("models", help="the model registry (meta.models)").add_subparsers(
        dest="action", required=True)
    model_cmd.add_parser("list", help="registered models; * marks the promoted one").set_defaults(func=cmd_models)
    promote_cmd = model_cmd.add_parser("promote", help="make NAME@VERSION the model Silver uses by default")
    promote_cmd.add_argument("model", metavar="NAME@VERSION")
    promote_cmd.set_defaults(func=cmd_models)
    metrics = sub.add_parser("metrics", help="Prometheus exporter").add_subparsers(dest="action", required=True)
    serve = metrics.add_parser("serve", help="expose business gauges from public.gold_* on /metrics")
    serve.add_argument("--port", type=int, default=9108)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(func=cmd_metrics_serve)
    review = sub.add_parser("review", help="the agents' review queue and corrections (issue 16)")
    review_actions = review.add_subparsers(dest="action", required=True)
    queue = review_actions.add_parser("list", help="tickets waiting for review (the agent's scope with --as)")
    queue.add_argument("--as", dest="agent", help="the agent's login (else PQR_AGENT_TOKEN, else every ticket)")
    queue.add_argument("--limit", type=int, default=50)
    correct = review_actions.add_parser("correct", help="correct a ticket's labels; its due date follows")
    correct.add_argument("ticket")
    correct.add_argument("--as", dest="agent", help="the agent's login (or PQR_AGENT_TOKEN)")
    correct.add_argument("--type", help="peticion, queja, reclamo or sugerencia; no_pqrs closes a message that is none")
    correct.add_argument("--subtype", help="petitions: general, documentos or consulta")
    correct.add_argument("--topic")
    correct.add_argument("--priority", help="alta, media or baja")
    correct.add_argument("--municipality", help="DIVIPOLA code (five digits), or none for the triage queue")
    correct.add_argument("--note", help="why (at most 2,000 characters)")
    review.set_defaults(func=cmd_review)
    args = parser.parse_args(argv)
    from pqrlab.control.access import AccessError
    from pqrlab.control.review import ReviewError

    user_errors: tuple[type[Exception], ...] = (SettingsError, InvalidName, ReviewError, AccessError)
    if args.command == "run":  # days that cannot be ingested now (gap, busy) are the person's to fix too
        from pqrlab.control.runs import DaysBusyError, GapError

        user_errors += (GapError, DaysBusyError)
    try:
        return args.func(args)
    except user_errors as err:  # a person can fix these: one line, no traceback
        print(f"pqrlab: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:  # RunInterrupted (SIGTERM/SIGINT) after its services were stopped
        name = str(err) or "SIGINT"
        print(f"pqrlab: interrupted by {name}: everything it started was stopped", file=sys.stderr)
        return 143 if name == "SIGTERM" else 130


if __name__ == "__main__":
    sys.exit(main())
