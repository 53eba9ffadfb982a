# The archive as a container: `docker build -t archive . && docker run -p 8000:8000 archive`
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ARCHIVE_BIND=0.0.0.0:8000

WORKDIR /srv/archive

# The lock first (every package pinned with its hashes), so code changes do not reinstall it.
COPY requirements.txt .
RUN pip install --no-cache-dir --disable-pip-version-check --require-hashes -r requirements.txt

COPY app/ app/
COPY templates/ templates/
COPY static/ static/
COPY corpus/ corpus/
COPY gunicorn.conf.py .

# The state built from the corpus is kept in var/state (ARCHIVE_STATE_DIR), the one folder the
# archive writes; mount a volume there to keep it across containers.
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin archive \
 && mkdir -p var/state && chown -R 10001 var && chmod 700 var/state
USER 10001

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]

# The same command as `make run`.
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
