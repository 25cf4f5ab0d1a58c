# wmoketen: one image for every process (web, worker, beat, migrations); docs/beheer.md.
# Build: docker build -t wmoketen .    Run: see compose.yaml.

FROM python:3.11-slim-bookworm AS bouw
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/opt/wmoketen \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /bron
# the dependencies first (from the lock file, without the development tools): a code change does not reinstall them
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
RUN uv sync --frozen --no-dev --no-editable

FROM python:3.11-slim-bookworm
# pg_dump/pg_restore for the nightly back-up (beheer.backup), the same major version as the server
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/wmoketen --create-home wmoketen
COPY --from=bouw /opt/wmoketen /opt/wmoketen
COPY regions /opt/wmoketen-bestanden/regions
COPY conversies /opt/wmoketen-bestanden/conversies
ENV PATH=/opt/wmoketen/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=wmoketen.conf.production \
    WMOKETEN_VAR_DIR=/var/lib/wmoketen \
    WMOKETEN_UITWISSELING_MAP=/srv/uitwisseling \
    WMOKETEN_ADRES=0.0.0.0:8000
USER wmoketen
WORKDIR /var/lib/wmoketen
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=4)"]
CMD ["wmoketen", "serve"]
