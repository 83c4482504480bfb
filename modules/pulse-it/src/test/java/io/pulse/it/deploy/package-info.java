/**
 * Tests of what deploys Pulse: the Dockerfile and Jib image, docker-compose.yml, the kustomize manifests in
 * {@code deploy/}, the Prometheus alert rules and the Grafana dashboard. Images cannot be built and no cluster runs
 * here, so each is checked by the real tool that reads it where one is installed (promtool, Prometheus,
 * docker-compose) and otherwise by parsing into the official models, and the jar is started exactly as the image
 * and the StatefulSet start it.
 */
package io.pulse.it.deploy;
