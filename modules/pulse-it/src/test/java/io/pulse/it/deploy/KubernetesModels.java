package io.pulse.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Kubernetes documents parsed into the official client's models ({@code io.kubernetes:client-java-api}), strictly:
 * the models' own validation rejects a field their OpenAPI schema does not define, at any depth, and a value of the
 * wrong type, as {@code kubectl apply} with server-side field validation would.
 */
final class KubernetesModels {
    private static final Map<String, Class<?>> TYPES = Map.of(
            "v1/ServiceAccount", V1ServiceAccount.class,
            "v1/ConfigMap", V1ConfigMap.class,
            "v1/Secret", V1Secret.class,
            "v1/Service", V1Service.class,
            "apps/v1/StatefulSet", V1StatefulSet.class,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class);

    private KubernetesModels() {}

    static boolean isCore(JsonNode doc) {
        return TYPES.containsKey(
                doc.path("apiVersion").asText() + "/" + doc.path("kind").asText());
    }

    /** The document as its model; fails on an unknown kind, an unknown or misspelt field, or a wrongly typed value. */
    static Object parse(JsonNode doc) {
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<?> model = TYPES.get(type);
        if (model == null) {
            throw new IllegalArgumentException(
                    "no model for " + type + " (" + doc.path("metadata").path("name") + ")");
        }
        return parse(
                Yaml.json(doc),
                model,
                type + " " + doc.path("metadata").path("name").asText());
    }

    static <T> T parse(String json, Class<T> model, String what) {
        try {
            JsonElement element = JsonParser.parseString(json);
            Method validate = model.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, element);
            Method fromJson = model.getMethod("fromJson", String.class);
            return model.cast(fromJson.invoke(null, json));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
