# syntax=docker/dockerfile:1
# Multi-stage build: compile with the Maven wrapper on a JDK, run Spring Boot's extracted layers
# on a JRE as a non-root user. Layers are ordered from least to most often changed, so a code
# change rebuilds only the last one.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# Trust what the system trusts, plus optional CAs for builds behind a TLS-intercepting proxy
# (docker/ca-certificates/README.md), in a trust store of its own for Maven.
COPY docker/ca-certificates/ /usr/local/share/ca-certificates/extra/
COPY docker/TrustStore.java /opt/
RUN (update-ca-certificates > /dev/null 2>&1 || true) \
 && java /opt/TrustStore.java /etc/ssl/certs/ca-certificates.crt /opt/truststore.p12
ENV MAVEN_OPTS="-Djavax.net.ssl.trustStore=/opt/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit"
# The wrapper and the pom first: dependencies are cached in their own layer.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline -DexcludeGroupIds=dev.switchboard
COPY src src
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/switchboard.jar extract --layers --destination /extracted

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin switchboard \
 && mkdir /data && chown switchboard /data
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER switchboard
# Container-aware memory: the heap is a share of the container's limit; die (and be restarted)
# on OutOfMemoryError rather than limp on. G1 with a 10 ms pause goal: delivery latency p99 fell
# from ~60 ms to ~10 ms in the benchmark (docs/PERFORMANCE.md).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -XX:MaxGCPauseMillis=10"
# Accounts' embedded default (an H2 file) lives in /data, a volume, so registered nicks survive a
# new container. Compose points spring.datasource.* at PostgreSQL instead (README "Accounts").
ENV SWITCHBOARD_ACCOUNTS_DATA_DIR=/data
VOLUME /data
EXPOSE 9999 9443 8081
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8081/actuator/health/readiness > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "switchboard.jar"]
