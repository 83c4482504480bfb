/**
 * JMH benchmarks of the Avro serde: {@link io.pulse.bench.serde.SerdeBenchmark} serializes and
 * deserializes a typical {@code OrderEvent} in the Confluent wire format (records per second).
 *
 * <p>Run from the repository root (after {@code mvn install} of the modules it needs):
 *
 * <pre>
 * mvn -B -o -q -pl modules/pulse-bench package dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
 * java -cp modules/pulse-bench/target/classes:$(cat modules/pulse-bench/target/classpath.txt) \
 *     org.openjdk.jmh.Main 'io.pulse.bench.serde.*' -f1 -wi 2 -i 3
 * </pre>
 */
package io.pulse.bench.serde;
