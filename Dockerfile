# One image for every Python service of the compose stack (Dask scheduler and workers, JupyterLab,
# Streamlit, the pipeline runner): the same pinned code as the embedded default.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# torch first and pinned; set PIP_EXTRA_INDEX_URL at build time to a CPU wheel index to avoid the CUDA build.
ARG PIP_EXTRA_INDEX_URL=""
RUN pip install --no-cache-dir "torch==2.13.0"
COPY pyproject.toml constraints.txt README.md ./
COPY pqrlab ./pqrlab
RUN pip install --no-cache-dir -c constraints.txt -e .
COPY notebooks ./notebooks
COPY exercises ./exercises
COPY solutions ./solutions
