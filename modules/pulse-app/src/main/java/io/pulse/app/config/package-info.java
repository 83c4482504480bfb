/**
 * Pulse's configuration: one YAML file with every key overridable by an environment variable, read into
 * immutable, validated records. {@link io.pulse.app.config.PulseConfig#load} is the entry point;
 * {@link io.pulse.app.config.ConfigKeys} documents the environment mapping.
 */
package io.pulse.app.config;
