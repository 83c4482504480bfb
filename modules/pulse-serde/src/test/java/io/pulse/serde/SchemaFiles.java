package io.pulse.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** The repository's schemas/ folder. */
final class SchemaFiles {

    static final Path DIR = Path.of(System.getProperty("pulse.schemas.dir", "../../schemas"))
            .toAbsolutePath()
            .normalize();

    private SchemaFiles() {}

    static List<Path> all() {
        try (Stream<Path> files = Files.walk(DIR)) {
            return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
