# The matching engine is compiled with mypyc and Cython in a build stage (it needs a C compiler,
# mypy and Cython); the image runs the compiled engine and carries none of them.
FROM python:3.11-slim AS engine
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml constraints.txt README.md ./
COPY tradecontrol tradecontrol
COPY screening screening
COPY licensing licensing
COPY enduser enduser
RUN pip install --no-cache-dir -c constraints.txt ".[native]" && python -m screening.engine.compiled

FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml constraints.txt README.md ./
COPY tradecontrol tradecontrol
COPY screening screening
COPY licensing licensing
COPY enduser enduser
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
COPY --from=engine /app/build/engine build/engine
RUN useradd --create-home app && mkdir -p /app/var /data/media && chown -R app /app/var /data
USER app
EXPOSE 8000
