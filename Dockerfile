# syntax=docker/dockerfile:1
# Two stages: the first builds kmbot into a virtualenv, the second is the runtime image with
# only that virtualenv (no pip cache, no sources, no build files), run as a non-root user.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/kmbot
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
COPY jobs ./jobs
COPY migrations ./migrations
RUN /opt/kmbot/bin/pip install .

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/kmbot/bin:$PATH \
    KMBOT_HOST=0.0.0.0 KMBOT_PORT=3978 \
    KMBOT_DATABASE_URL=sqlite+aiosqlite:////data/kmbot.db
RUN groupadd --gid 10001 kmbot \
    && useradd --uid 10001 --gid kmbot --no-create-home --home-dir /data --shell /usr/sbin/nologin kmbot \
    && mkdir /data && chown kmbot:kmbot /data
COPY --from=build /opt/kmbot /opt/kmbot
USER 10001:10001
WORKDIR /data
VOLUME /data
EXPOSE 3978
# 503 from /healthz (a platform refuses kmbot's credentials, the database does not answer,
# the outbox falls behind) makes urlopen raise, so the container is reported unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"KMBOT_PORT\"]}/healthz', timeout=4)"]
STOPSIGNAL SIGTERM
# `kmbot serve` migrates the database before it starts (a no-op when it is at the head).
CMD ["kmbot", "serve", "--host", "0.0.0.0"]
