# Samling: one process on an embedded SQLite file in the /data volume.
#   docker build -t samling .
#   docker run -d -p 8000:8000 -v samling-data:/data samling
# docs/deployment.md has the reverse proxy, PostgreSQL and environment variables.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and a font with the Norwegian letters and « » – ≥ for WeasyPrint's PDF of the report.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin samling \
    && mkdir /data && chown samling:samling /data

# The static files live in /srv/static next to /srv/app, and the app finds them relative to its
# own source: install in place (editable) and keep the source here.
WORKDIR /srv

# Dependencies first, so a code change does not reinstall them: the editable install needs only
# the project file and the package's __init__ to resolve and install every dependency.
COPY pyproject.toml README.md ./
COPY app/__init__.py app/__init__.py
RUN pip install --no-cache-dir -e .

COPY app app
COPY static static

USER samling
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"]

# Add --forwarded-allow-ips <proxy address or network> when a reverse proxy sits in front
# (docs/deployment.md); without it X-Forwarded-* headers are ignored.
CMD ["samling", "serve", "--host", "0.0.0.0", "--port", "8000", "--db", "/data/samling.db"]
