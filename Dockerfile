# syntax=docker/dockerfile:1
# One image for every role of the court e-dossier server: `start api`, `start worker`,
# `start all` (embedded) and `admin …`. Multi-stage: the build stage installs every dependency
# and builds the web UI; the runtime stage keeps production dependencies only and runs as the
# unprivileged `node` user. The OCR language data (eng + chi_sim, LSTM-only best_int, from the
# @tesseract.js-data npm packages) is baked into DATA_DIR/tessdata: nothing is downloaded at
# run time. Debian (glibc) on linux/amd64, because the registry this project installs from
# serves the linux-x64 glibc builds of sharp and @napi-rs/canvas (see scripts/lock-fill-optional.mjs).
# Validated by tests/deploy/compose.test.ts; no Docker engine was available to build it.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are not needed (prebuilt platform packages), and npm 11 skips them anyway.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:web \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund
# Offline OCR models, in the folder ocr/lang-data.ts assembles at start (same names and sizes,
# so ensureLangData finds them in place and copies nothing).
RUN mkdir -p /app/data/tessdata \
 && cp node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz \
       node_modules/@tesseract.js-data/chi_sim/4.0.0_best_int/chi_sim.traineddata.gz \
       /app/data/tessdata/ \
 && test -s /app/data/tessdata/eng.traineddata.gz \
 && test -s /app/data/tessdata/chi_sim.traineddata.gz

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/app/data
WORKDIR /app
# Code and dependencies stay root-owned (read-only for the service); only DATA_DIR is writable.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/*.ts ./
COPY --from=build /app/api ./api
COPY --from=build /app/classifier ./classifier
COPY --from=build /app/ingest ./ingest
COPY --from=build /app/ocr ./ocr
COPY --from=build /app/storage ./storage
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/dist/web ./dist/web
COPY --from=build --chown=node:node /app/data /app/data
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "scripts/healthcheck.mjs", "http", "http://127.0.0.1:8080/api/v1/ready"]
# main.ts handles SIGTERM itself: the API stops accepting, workers finish or hand back their job.
ENTRYPOINT ["node", "--import", "tsx", "main.ts"]
CMD ["start", "all"]
