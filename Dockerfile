# One image for every Python service of the compose stack (Dask scheduler and workers, JupyterLab,
# Streamlit, the pipeline runner, the init jobs): the same pinned code as the embedded default.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PREFECT_SERVER_ANALYTICS_ENABLED=false HOME=/home/pqr
WORKDIR /app
# torch first, pinned, and the CPU build explicitly (the default index serves a multi-GB CUDA build).
RUN pip install "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml constraints.txt README.md ./
COPY pqrlab ./pqrlab
RUN pip install -c constraints.txt -e .
# Everything the notebooks, exercises and dashboards read at run time (notebook 07 reads docs/).
COPY notebooks ./notebooks
COPY exercises ./exercises
COPY solutions ./solutions
COPY docs ./docs
COPY observability ./observability
COPY .streamlit ./.streamlit
# A non-root user owns the working state (executed notebooks, .pqr, the local lake when used).
RUN useradd --create-home --home-dir /home/pqr --uid 10001 pqr && mkdir -p /app/.pqr && chown -R pqr:pqr /app
USER pqr
# The image's default command is the dashboard; compose gives every other service its own command
# and healthcheck. This one answers for the default command (Streamlit's health endpoint).
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "pqrlab/dashboard/app.py", "--server.address=0.0.0.0"]
