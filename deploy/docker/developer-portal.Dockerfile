# Gatehouse developer-portal — the partner-facing developer portal (port 8082)
# JVM image of the Quarkus fast-jar. Build the jar first (`mvn -B package -DskipTests` at the
# repository root); the build context is the module directory (see docker-compose.yml):
#   docker build -f deploy/docker/developer-portal.Dockerfile -t gatehouse/developer-portal:local developer-portal
# Layout as in Quarkus' generated Dockerfile.jvm: dependencies first, so that a code change
# only rebuilds the last layers.
FROM eclipse-temurin:17-jre

# Non-root runtime user (uid/gid 185, as in Quarkus' images).
RUN groupadd --system --gid 185 gatehouse \
 && useradd --system --no-log-init --uid 185 --gid gatehouse --home-dir /deployments --shell /usr/sbin/nologin gatehouse \
 && mkdir -p /deployments

WORKDIR /deployments
COPY target/quarkus-app/lib/ /deployments/lib/
COPY target/quarkus-app/*.jar /deployments/
COPY target/quarkus-app/app/ /deployments/app/
COPY target/quarkus-app/quarkus/ /deployments/quarkus/

ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8082 \
    GATEHOUSE_OPS_PORT=9082 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"

USER 185
EXPOSE 8082

# Health and metrics are on the management interface (GATEHOUSE_OPS_PORT), bound to the container's loopback, which
# is where this check runs; it is neither exposed nor published. To scrape /q/metrics from another container, set
# GATEHOUSE_OPS_HOST=0.0.0.0 and keep the port inside the private network.
# curl is part of the eclipse-temurin (Ubuntu) base image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=6 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:$GATEHOUSE_OPS_PORT/q/health/ready" || exit 1

# exec: the JVM becomes the main process and receives SIGTERM for a graceful shutdown.
CMD ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
