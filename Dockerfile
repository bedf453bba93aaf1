# Samling: one process on an embedded SQLite file in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 samling && mkdir /data && chown samling /data
WORKDIR /srv

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY app/__init__.py app/__init__.py
RUN pip install -e .

# static/ lives next to app/, so the package is installed in place (editable) from /srv.
COPY app app
COPY static static

USER samling
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
CMD ["samling", "serve", "--host", "0.0.0.0", "--port", "8000", "--db", "/data/samling.db", "--forwarded-allow-ips", "*"]
