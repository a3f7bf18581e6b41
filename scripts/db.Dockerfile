# The compose db service: the pinned PostGIS image plus pgRouting from the same PostgreSQL apt repository the
# image is built on, so walking-network costs can be checked against pgr_dijkstraCost as on Debian.
ARG postgis_image=postgis/postgis:15-3.4
FROM ${postgis_image}
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15-pgrouting \
 && rm -rf /var/lib/apt/lists/*
