# Pulse's image: the executable jar on a Java 17 runtime, as a non-root user, state on a volume.
#   docker build -t pulse .
#   docker run --rm -p 8080:8080 -e KAFKA_BOOTSTRAP_SERVERS=... -e PULSE_REGISTRY_URL=... pulse
# Any other command of the jar: docker run --rm pulse topics create   (the CMD below is only the default).
# The same image without Docker: mvn -B -Pjib -pl modules/pulse-dev -am package (see modules/pulse-dev/pom.xml).
# DeployManifestsTest and ContainerCommandIT read this file: keep ENTRYPOINT, CMD, ENV, USER and VOLUME literal.

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
# The poms first, so a change of source alone does not download the dependencies again.
COPY pom.xml ./
COPY schemas schemas
COPY modules modules
# The launcher's (./pulse) build command: tests are neither compiled nor run here, `mvn verify` is the test command.
RUN mvn -B -q -Dmaven.test.skip=true -pl modules/pulse-dev -am install

FROM eclipse-temurin:17.0.16_8-jre-noble
# A fixed uid/gid so Kubernetes' runAsUser/fsGroup and volume permissions can name them.
RUN groupadd --system --gid 10001 pulse \
 && useradd --system --uid 10001 --gid 10001 --home-dir /home/pulse --create-home --shell /usr/sbin/nologin pulse \
 && mkdir -p /var/lib/pulse/state /etc/pulse \
 && chown -R 10001:10001 /var/lib/pulse
COPY --from=build /src/modules/pulse-dev/target/pulse.jar /app/pulse.jar
COPY deploy/docker/pulse.yaml /etc/pulse/pulse.yaml

# Kafka Streams' RocksDB state: a volume, so a restarted container restores from disk instead of the changelogs.
ENV PULSE_STREAMS_STATE_DIR=/var/lib/pulse/state
ENV PULSE_HTTP_HOST=0.0.0.0
ENV PULSE_HTTP_PORT=8080
VOLUME ["/var/lib/pulse"]
EXPOSE 8080
USER 10001:10001
WORKDIR /home/pulse

# Ready only while Kafka Streams is RUNNING; bash's /dev/tcp because the runtime image has no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PULSE_HTTP_PORT:-8080} && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# The heap follows the container's memory limit; RocksDB (native, off-heap) and the page cache need the rest.
# java.io.tmpdir is where RocksDB unpacks its native library: with a read-only root it must be a writable mount.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/app/pulse.jar"]
CMD ["run", "--config", "/etc/pulse/pulse.yaml"]
