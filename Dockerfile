# Production image: gunicorn serves Django, whitenoise serves the static files.
# Stage 1 builds the front-end libraries from npm; nothing third-party is committed.
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build_assets.mjs scripts/
RUN mkdir -p static && npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TANDEM_ENV=production
WORKDIR /app
RUN useradd --create-home --uid 1000 tandem
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /build/static/vendor static/vendor
# collectstatic needs settings to load; these throwaway values never reach a running container.
RUN DJANGO_SECRET_KEY=collectstatic-only-collectstatic-only-collectstatic-only \
    DATABASE_URL=postgresql://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput
USER tandem
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
