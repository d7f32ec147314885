# Production image: gunicorn + whitenoise, non-root. Build: docker compose build (see README, "Production").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/media \
    ARCHIVE_ROOT=/data/archive \
    ARCHIVE_IMPORT_DIR=/data/archive-inbox

# pg_dump/pg_restore for `manage.py backup` / `restore` (same major version as the database: 15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 tiepdan \
    && useradd --system --uid 10001 --gid tiepdan --home-dir /app --shell /usr/sbin/nologin tiepdan

WORKDIR /app

# Dependencies first (cached while only the code changes).
COPY pyproject.toml ./
RUN mkdir -p config addons \
    && touch config/__init__.py addons/__init__.py \
    && pip install ".[s3]" \
    && pip uninstall -y tiepdan \
    && rm -rf build config addons *.egg-info

COPY manage.py ./
COPY config ./config
COPY addons ./addons
# The code runs from /app (manage.py and gunicorn put the working directory first on sys.path).

# Static files are built into the image (whitenoise serves them); the key is a build-time dummy.
RUN DJANGO_SECRET_KEY=build-only-dummy-key-never-used-at-runtime-0123456789 \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /data/media /data/archive /data/archive-inbox /app/var \
    && chown -R tiepdan:tiepdan /data /app/var /app/staticfiles

USER tiepdan
EXPOSE 8000

CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --timeout ${GUNICORN_TIMEOUT:-60} --error-logfile -"]
