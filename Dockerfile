# Live Digits server image.
#   docker compose up --build                      builds the jar inside (needs Maven Central)
#   JAR_SOURCE=prebuilt docker-compose up --build  uses target/live-digits.jar built outside (mvn package)
# No "# syntax=" line on purpose: BuildKit would try to pull the frontend image from a registry.
ARG JAR_SOURCE=build

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY webroot webroot
# No class-data archive here: it belongs to the JVM and the jar path it will run with (recorded below).
RUN mvn -B -q package -DskipTests -Dcds.skip=true

FROM scratch AS prebuilt
COPY target/live-digits.jar /src/target/live-digits.jar

FROM ${JAR_SOURCE} AS jar

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app app
WORKDIR /app
COPY --from=jar /src/target/live-digits.jar /app/live-digits.jar
# The shipped model seeds the weights volume on first start; MNIST is needed for retraining.
COPY weights /app/seed-weights
COPY data/mnist /app/data/mnist
COPY docker/entrypoint.sh /app/entrypoint.sh
RUN chmod 0755 /app/entrypoint.sh \
 && mkdir -p /data/weights /data/samples \
 && chown -R app:app /data
ENV PORT=8080 \
    WEIGHTS_DIR=/data/weights \
    DATA_DIR=/data \
    MNIST_DIR=/app/data/mnist \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# The class-data archive (AppCDS, see pom.xml): recorded by this image's JVM for this jar, from one
# `serve --check` (a start, /health and a frame), so every container starts from it (~1 s sooner).
# Recorded as a one-member cluster so that Hazelcast's classes are in it too (a cluster of three on two
# cores formed in 15.7-18.3 s with them, 18.6-22.3 s without; an unclustered start is the same either way).
# The build's own network namespace: the fixed ports cannot collide with anything.
RUN CLUSTER=true CLUSTER_HOST=127.0.0.1 CLUSTER_PORT=5701 CLUSTER_MEMBERS=127.0.0.1:5701 \
    HOST=127.0.0.1 PORT=0 WEIGHTS_DIR=/app/seed-weights DATA_DIR=/tmp/class-data-run ADMIN_TOKEN=class-data-archive \
    java -XX:ArchiveClassesAtExit=/app/live-digits.jsa -Xlog:cds=off -Xlog:cds+dynamic=off $JAVA_OPTS \
         --add-modules jdk.incubator.vector -jar /app/live-digits.jar serve --check \
 && rm -rf /tmp/class-data-run
VOLUME ["/data/weights", "/data/samples"]
EXPOSE 8080
USER app
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/health" || exit 1
ENTRYPOINT ["/app/entrypoint.sh"]
