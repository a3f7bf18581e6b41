# Geo.Api with the map; used by docker-compose.yml. Migrates and loads the demo district when empty, then serves.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig TuoyuGeo.sln ./
COPY src/ src/
COPY db-migrations/ db-migrations/
COPY data/ data/
COPY web/ web/
COPY --from=web /src/web/node_modules web/node_modules
RUN dotnet publish src/Geo.Api -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
EXPOSE 5080
ENTRYPOINT ["/bin/sh", "-c", "dotnet Geo.Api.dll seed-demo && exec dotnet Geo.Api.dll"]
