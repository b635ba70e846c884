# syntax=docker/dockerfile:1
#
# One image for the three Tessera services: gateway, token-service, audit-service.
#
#   docker build --build-arg SERVICE=token-service -t tessera-token-service .
#   docker run -e SERVICE=audit-service ...        (SERVICE can also be changed at run time)
#
# The bundles are built by esbuild with --packages=external: they import node_modules at run time, and the
# @tessera/* workspace libraries through node_modules/@tessera/* -> ../../libs/*, which Node 26 runs from their
# TypeScript source. So the runtime stage needs node_modules (production only), libs/, proto/ and dist/.

ARG NODE_IMAGE=node:26.10.0-bookworm-slim

# ---------------------------------------------------------------------------------------------------------------
# manifests: only package.json files and the lock file, so that `npm ci` below is re-run only when they change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -path ./node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | xargs cp --parents -t /manifests

# ---------------------------------------------------------------------------------------------------------------
# build: install everything (dev tools included), build the three bundles, then drop the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_TUI=false \
    CI=true
COPY --from=manifests /manifests/ ./
# The root devDependency `node` fetches a Node 26.10.0 binary from the npm registry during this install: the same
# version as the base image, harmless, and removed again by the prune below.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p gateway token-service audit-service --skip-nx-cache --outputStyle=static \
 && test -f dist/apps/gateway/main.mjs \
 && test -f dist/apps/gateway/console/public/console.js \
 && test -f dist/apps/token-service/main.mjs \
 && test -d dist/apps/token-service/migrations \
 && test -f dist/apps/audit-service/main.mjs \
 && test -d dist/apps/audit-service/migrations \
 && test -f dist/apps/audit-service/dashboard/public/dashboard.js
RUN --mount=type=cache,target=/root/.npm \
    npm prune --omit=dev --no-audit --no-fund \
 && find libs -name '*.test.ts' -delete

# ---------------------------------------------------------------------------------------------------------------
# runtime: production node_modules, the bundles, the libraries they import, proto/. Files stay root-owned and
# read-only to the process, which runs as the image's unprivileged `node` user.
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=gateway
# GLIBC_TUNABLES: large allocations (argon2id's 19 MiB) stay mmapped and go back on free (docs/adr/0009).
ENV NODE_ENV=production \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072 \
    SERVICE=${SERVICE} \
    GATEWAY_HTTP_ADDRESS=0.0.0.0:8080 \
    AUDIT_HTTP_ADDRESS=0.0.0.0:8081 \
    TOKEN_GRPC_ADDRESS=0.0.0.0:50051
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs ./libs
COPY --from=build /app/proto ./proto
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8080 8081 50051
# exec: node is PID 1 and gets SIGTERM itself (the services stop cleanly on it).
CMD ["/bin/sh", "-c", "exec node --enable-source-maps \"dist/apps/${SERVICE}/main.mjs\""]
