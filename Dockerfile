# One multi-stage image for every Borderledger service; pick the service with SERVICE.
# docker build --build-arg SERVICE=ledger -t borderledger/ledger .
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
ARG SERVICE=ledger
COPY . .
RUN npm run db:generate && npx nx build "$SERVICE" --configuration=production

FROM node:24-bookworm-slim AS runtime
ARG SERVICE=ledger
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/dist/apps/${SERVICE}/package.json /app/dist/apps/${SERVICE}/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist/apps/${SERVICE}/ ./
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "main.js"]
