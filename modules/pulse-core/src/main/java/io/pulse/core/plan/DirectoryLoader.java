package io.pulse.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the employee directory from YAML or JSON: a list of {@code { employee: e-017, team: north }} (or a single
 * entry). Unknown fields, missing values and an employee listed twice are one-line errors naming the entry.
 */
public final class DirectoryLoader {
    private static final Set<String> FIELDS = Set.of("employee", "team", "validFrom");

    private DirectoryLoader() {}

    public static List<DirectoryEntry> load(Path path) {
        return load(Documents.read("directory", path));
    }

    /** @throws PlanException one line naming the entry and the field */
    public static List<DirectoryEntry> load(String text) {
        List<JsonNode> nodes = Documents.listOrSingle("directory", Documents.parse("directory", text));
        List<DirectoryEntry> out = new ArrayList<>(nodes.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            String where = "directory entry #" + (i + 1);
            JsonNode node = nodes.get(i);
            if (!node.isObject()) {
                throw new PlanException(
                        where + ": expected an object with employee, team, validFrom, got " + Documents.describe(node));
            }
            Documents.rejectUnknownFields(where, node, FIELDS, "employee, team, validFrom");
            String employee = Documents.requiredText(where, node, "employee");
            String team = Documents.requiredText(where, node, "team");
            if (employee.contains("@")) {
                throw new PlanException(where + ": employee ids may not contain '@', got '" + employee + "'");
            }
            java.time.Instant validFrom = PlanLoader.validFrom(where, node);
            Integer earlier = seen.putIfAbsent(employee + '@' + validFrom, i + 1);
            if (earlier != null) {
                throw new PlanException(where + ": employee " + employee + " is already assigned by entry #" + earlier
                        + (validFrom == null ? "" : " from " + validFrom));
            }
            out.add(new DirectoryEntry(employee, team, validFrom));
        }
        return List.copyOf(out);
    }
}
