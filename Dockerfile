FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    KMBOT_HOST=0.0.0.0 KMBOT_PORT=3978 \
    KMBOT_DATABASE_URL=sqlite+aiosqlite:////data/kmbot.db

RUN useradd --create-home --uid 10001 kmbot && mkdir /data && chown kmbot /data
WORKDIR /app
COPY pyproject.toml README.md LICENSE alembic.ini ./
COPY bot ./bot
COPY adapters ./adapters
COPY jobs ./jobs
COPY migrations ./migrations
RUN pip install --no-cache-dir .

USER kmbot
VOLUME /data
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"KMBOT_PORT\"]}/healthz', timeout=4)"
CMD ["sh", "-c", "kmbot db upgrade && exec kmbot serve --host 0.0.0.0"]
