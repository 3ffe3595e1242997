# The journey board's production image: the app under uvicorn (ASGI), the same
# image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_ENV=production \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media \
    STATIC_ROOT=/app/staticfiles

# fonts-noto-cjk for Korean and fonts-dejavu-core for Polish and Russian text in PDF exports.
# gettext: compilemessages below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, the exact versions and hashes of the lock file (`make lock` writes it), so a
# code change does not reinstall them and two builds install the same thing.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# The project itself (.dockerignore keeps out the virtualenv, databases and var/).
COPY . .
RUN pip install --no-deps -e . \
    && if [ -d locale ]; then DJANGO_ENV=development VAR_DIR=/tmp/build python manage.py compilemessages; fi \
    && rm -rf /tmp/build \
    && useradd --create-home --uid 1000 --shell /usr/sbin/nologin app \
    && mkdir -p /app/var/media /app/staticfiles \
    && chown -R app:app /app/var /app/staticfiles

USER app
EXPOSE 8000

# docker-compose.yml runs migrate and collectstatic before this.
CMD ["uvicorn", "config.asgi:application", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--forwarded-allow-ips", "*", "--timeout-graceful-shutdown", "5"]
