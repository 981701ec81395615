# Bro's image: the built API, worker and migrations (dist/api) and the web app the API serves (dist/web).
# `docker build --target identity` makes the development identity provider's image (a stand-in for HelseID).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The web app signs in at this issuer; it is fixed when the app is built (HelseID's address in production).
ARG OIDC_ISSUER=http://localhost:4000
ENV OIDC_ISSUER=${OIDC_ISSUER}
RUN npm run build

# The development identity provider: demo users, no passwords. Never part of a production deployment.
FROM node:20-bookworm-slim AS identity
WORKDIR /app
RUN npm init -y >/dev/null && npm install --no-audit --no-fund oidc-provider@9.13.3
COPY tools/identity-provider ./tools/identity-provider
EXPOSE 4000
CMD ["node", "tools/identity-provider/dev-identity-provider.mjs"]

FROM node:20-bookworm-slim AS bro
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# The API by default; the worker is `node dist/api/worker.js`, the migrations `node dist/api/migrate.js`.
CMD ["node", "dist/api/main.js"]
