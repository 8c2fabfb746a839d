FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY tradecontrol tradecontrol
COPY screening screening
COPY licensing licensing
COPY enduser enduser
RUN pip install --no-cache-dir .
COPY . .
RUN useradd --create-home app && mkdir -p /app/var /data/media && chown -R app /app/var /data
USER app
EXPOSE 8000
