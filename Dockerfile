# syntax=docker/dockerfile:1
# vigil's production image: a build stage compiles TypeScript to dist/, the runtime stage holds dist/,
# the shipped vigil.yml and production dependencies only, and runs as the unprivileged `node` user.
# scripts/check-production.sh proves the same layout and commands in CI without Docker: keep the runtime
# stage's COPY sources, its `npm ci` line, CMD and HEALTHCHECK equal to what that script runs.

# Node 20 is what CI runs; 22 and 24 are supported too (docker build --build-arg NODE_VERSION=22 .).
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json vigil.yml ./
COPY src ./src
COPY commands ./commands
COPY playbooks ./playbooks
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# Chart text needs a font (src/charts/find-chart-font.ts); DejaVu Sans is Debian's smallest complete one.
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
# The workspace configuration read from ./vigil.yml; mount your own over /app/vigil.yml (or set VIGIL_CONFIG).
COPY vigil.yml ./vigil.yml
RUN mkdir -p /var/lib/vigil && chown node:node /var/lib/vigil

# HOST 0.0.0.0: reachable from outside the container. Without Slack secrets vigil starts with Slack
# off (the local workspace only serves loopback hosts); /healthz still answers.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    VIGIL_DATA_DIR=/var/lib/vigil
# The embedded database (used when DATABASE_URL is unset) and other local state live here.
VOLUME ["/var/lib/vigil"]
USER node
EXPOSE 3000

# The first start seeds the demo warehouse (about half a minute, longer on a small machine): /healthz says
# 503 "starting" until it is done, hence the long start period.
HEALTHCHECK --interval=30s --timeout=10s --start-period=180s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz',{signal:AbortSignal.timeout(5000)}).then(async(r)=>{console.log(r.status,await r.text());process.exit(r.status===200?0:1)},(e)=>{console.log(String(e));process.exit(1)})"]

# node itself is PID 1, so SIGTERM (docker stop) reaches vigil, which drains for VIGIL_SHUTDOWN_GRACE seconds
# (default 25): give docker a longer stop timeout than its default 10 s (docker run --stop-timeout 35;
# docker-compose.yml sets stop_grace_period).
CMD ["node", "dist/src/cli.js", "start"]
