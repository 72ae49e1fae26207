# The app image: worker and API in one process, against the Temporal cluster
# named by TEMPORAL_ADDRESS (docker-compose.yml). No secrets baked in: they
# come from the environment, and .dockerignore keeps .env files, keys and
# .data out of the build context.
# Node 24, the newest LTS line every dependency supports (engines of
# @temporalio/* >=20.3 with an N-API bridge, vite ^20.19 || >=22.12, vitest
# >=24, nodemailer >=20; PGlite is WebAssembly); supported until April 2028.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node_modules/.bin/tsx", "scripts/start.ts"]
