# syntax=docker/dockerfile:1

# Build with the SDK; the publish command is the one CI runs (.ci/publish).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The build also builds the dashboard (src/Dashboard) with npm: Node.js and npm from the image's
# apt (the SDK image is Ubuntu 24.04: Node 18, which the dashboard's Vite 6 supports).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props CredibilityApi.sln .editorconfig ./
COPY .ci/publish .ci/publish
# The dashboard's packages in a layer of their own, reused until package-lock.json changes; the
# build then finds node_modules current and only runs npm run build.
COPY src/Dashboard/package.json src/Dashboard/package-lock.json src/Dashboard/
RUN cd src/Dashboard && npm ci --no-audit --no-fund
COPY migrations/ migrations/
COPY openapi/ openapi/
COPY src/ src/
RUN bash .ci/publish /app

# Run on the ASP.NET runtime as the image's non-root user, the database on a volume.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /data && chown app:app /data
USER app
# PublicBaseUrl and AllowedHosts name where clients reach the service: set both to the public name
# (e.g. https://credibility.example.org and credibility.example.org); the defaults serve localhost only.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ConnectionStrings__Credibility="Data Source=/data/credibility.db" \
    Backup__Directory=/data/backups \
    PublicBaseUrl=http://localhost:8080
VOLUME ["/data"]
EXPOSE 8080
# The image has no curl; the service probes itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "CredibilityApi.dll", "probe", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["dotnet", "CredibilityApi.dll"]
