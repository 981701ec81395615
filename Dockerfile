# One image for the API, the worker and the development identity provider.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund --omit=dev && npm install --no-save oidc-provider@9
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY tools/identity-provider ./tools/identity-provider
EXPOSE 3000
CMD ["node", "dist/apps/api/main.js"]
