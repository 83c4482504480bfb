package io.pulse.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** Finds the schema files of the repository and of the released versions kept as test resources. */
final class SchemaFiles {

    /** Set by the surefire configuration; the fallback works when tests run from the module folder. */
    static final Path SCHEMAS_DIR = Path.of(System.getProperty("pulse.schemas.dir", "../../schemas"))
            .toAbsolutePath()
            .normalize();

    private SchemaFiles() {}

    /** Every .avsc below {@code root}, as paths relative to it ("events/OrderEvent.avsc"), sorted. */
    static List<Path> avscFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".avsc"))
                    .map(root::relativize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list schemas under " + root, e);
        }
    }

    static List<Path> currentSchemaFiles() {
        return avscFiles(SCHEMAS_DIR);
    }

    /** Parses one file on its own: every schema file must be self-contained. */
    static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Path releasedRoot() {
        URL url = SchemaFiles.class.getResource("/released");
        if (url == null) {
            throw new IllegalStateException("no released/ folder among the test resources");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder of the highest released version (versions compare numerically, part by part). */
    static Path latestRelease() {
        try (Stream<Path> dirs = Files.list(releasedRoot())) {
            return dirs.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> p.getFileName().toString(), SchemaFiles::compareVersions))
                    .orElseThrow(() -> new IllegalStateException("no released version under " + releasedRoot()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d+") && q.matches("\\d+")
                    ? Long.compare(Long.parseLong(p), Long.parseLong(q))
                    : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
