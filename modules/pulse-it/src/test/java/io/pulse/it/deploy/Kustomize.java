package io.pulse.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of kustomize that {@code deploy/} uses, so the tests render the overlays themselves wherever they run
 * (kubectl is not in Debian's packages). Supported: {@code resources} (files and directories with a
 * kustomization), {@code namespace}, {@code labels} (pairs, without selectors or templates), {@code images}
 * (newName, newTag) and {@code patches} by path (strategic merge, with the merge keys of the lists Pulse's manifests
 * patch). Any other field of a kustomization fails the rendering, so a kustomization never means more here than it
 * does to kubectl. Where kubectl is installed, {@link DeployManifestsTest} also checks that both render the same.
 */
final class Kustomize {
    private static final Set<String> SUPPORTED =
            Set.of("apiVersion", "kind", "resources", "namespace", "labels", "images", "patches");
    /** Merge keys of the associative lists in the Kubernetes types that Pulse's patches touch. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers",
            "name",
            "initContainers",
            "name",
            "env",
            "name",
            "volumes",
            "name",
            "volumeMounts",
            "mountPath",
            "ports",
            "containerPort",
            "imagePullSecrets",
            "name");

    private Kustomize() {}

    /** The documents a kustomization directory renders to, in kustomize's order of accumulation. */
    static List<ObjectNode> build(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        ObjectNode k = (ObjectNode) Yaml.one(file);
        Iterator<String> names = k.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!SUPPORTED.contains(name)) {
                throw new IllegalArgumentException(file + ": '" + name + "' is not supported by this renderer");
            }
        }
        if (!"Kustomization".equals(k.path("kind").asText())) {
            throw new IllegalArgumentException(file + ": kind must be Kustomization");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.withArray("resources")) {
            Path p = directory.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p));
            } else {
                for (JsonNode doc : Yaml.all(p)) {
                    out.add((ObjectNode) doc);
                }
            }
        }
        for (JsonNode patch : k.withArray("patches")) {
            if (!patch.has("path") || patch.size() != 1) {
                throw new IllegalArgumentException(file + ": only patches with a path are supported: " + patch);
            }
            for (JsonNode p : Yaml.all(directory.resolve(patch.get("path").asText()))) {
                ObjectNode target = find(out, p, file);
                merge(target, (ObjectNode) p);
            }
        }
        if (k.has("namespace")) {
            String ns = k.get("namespace").asText();
            out.forEach(doc -> doc.with("metadata").put("namespace", ns));
        }
        for (JsonNode label : k.withArray("labels")) {
            if (label.path("includeSelectors").asBoolean(false)
                    || label.path("includeTemplates").asBoolean(false)) {
                throw new IllegalArgumentException(
                        file + ": labels with includeSelectors/includeTemplates are not supported");
            }
            label.get("pairs")
                    .fields()
                    .forEachRemaining(pair -> out.forEach(doc -> doc.with("metadata")
                            .with("labels")
                            .set(pair.getKey(), pair.getValue().deepCopy())));
        }
        for (JsonNode image : k.withArray("images")) {
            out.forEach(doc -> setImage(doc, image));
        }
        return out;
    }

    private static ObjectNode find(List<ObjectNode> docs, JsonNode patch, Path file) {
        for (ObjectNode d : docs) {
            if (d.path("kind").equals(patch.path("kind"))
                    && d.path("apiVersion").equals(patch.path("apiVersion"))
                    && d.path("metadata")
                            .path("name")
                            .equals(patch.path("metadata").path("name"))) {
                return d;
            }
        }
        throw new IllegalArgumentException(file + ": the patch of " + patch.path("kind") + " "
                + patch.path("metadata").path("name") + " matches no resource");
    }

    /** Strategic merge: maps recursively, associative lists by their merge key, other lists replaced. */
    static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode value = e.getValue();
            JsonNode existing = target.get(name);
            if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else if (value.isArray() && existing != null && existing.isArray() && MERGE_KEYS.containsKey(name)) {
                target.set(name, mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(name)));
            } else {
                target.set(name, value.deepCopy());
            }
        });
    }

    /** Like kustomize: items only in the patch come first, then the original items, merged with their patch. */
    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, String key) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode p : patch) {
            if (indexOf(original, key, p.get(key)) < 0) {
                out.add(p.deepCopy());
            }
        }
        for (JsonNode o : original) {
            ObjectNode copy = (ObjectNode) o.deepCopy();
            int i = indexOf(patch, key, o.get(key));
            if (i >= 0) {
                merge(copy, (ObjectNode) patch.get(i));
            }
            out.add(copy);
        }
        return out;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path(key).equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private static void setImage(JsonNode node, JsonNode image) {
        if (node.isObject()) {
            JsonNode current = node.get("image");
            if (current != null && current.isTextual() && node.has("name")) {
                String ref = current.asText();
                int colon = ref.lastIndexOf(':');
                String name = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
                String tag = colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : null;
                if (name.equals(image.get("name").asText())) {
                    String newName = image.has("newName") ? image.get("newName").asText() : name;
                    String newTag = image.has("newTag") ? image.get("newTag").asText() : tag;
                    ((ObjectNode) node)
                            .set("image", TextNode.valueOf(newTag == null ? newName : newName + ":" + newTag));
                }
            }
            node.elements().forEachRemaining(child -> setImage(child, image));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> setImage(child, image));
        }
    }

    /** Renders with {@code kubectl kustomize} when a kubectl is installed, for comparison; empty without one. */
    static java.util.Optional<List<ObjectNode>> kubectl(Path directory) {
        Path kubectl = Tools.find("kubectl").orElse(null);
        if (kubectl == null) {
            return java.util.Optional.empty();
        }
        Tools.Result r = Tools.run(List.of(kubectl.toString(), "kustomize", directory.toString()), directory);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("kubectl kustomize " + directory + " failed: " + r.output());
        }
        List<ObjectNode> docs = new ArrayList<>();
        try {
            for (JsonNode d : Yaml.allOf(r.output())) {
                docs.add((ObjectNode) d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Optional.of(docs);
    }
}
