package io.pulse.it.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.pulse.app.config.PulseConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the kubelet does with a rendered StatefulSet's container that the tests need to do the same way. */
final class Kubelet {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private Kubelet() {}

    /** Kubernetes' dependent environment variables: {@code $(NAME)} of a variable defined earlier is replaced. */
    static String expand(String value, Map<String, String> defined) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = defined.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * The container's environment as the kubelet builds it for pod {@code <statefulset>-0} in the document's
     * namespace: {@code envFrom} first (the given Secret data), then {@code env} in order with field references and
     * {@code $(VAR)} expanded.
     */
    static Map<String, String> environment(V1StatefulSet sts, V1Container c, Map<String, String> secret) {
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            c.getEnvFrom().forEach(from -> {
                if (from.getSecretRef() == null) {
                    throw new IllegalArgumentException("only secretRef envFrom is modelled: " + from);
                }
                env.putAll(secret);
            });
        }
        String ns = sts.getMetadata().getNamespace() == null
                ? "default"
                : sts.getMetadata().getNamespace();
        for (V1EnvVar v : c.getEnv()) {
            String value;
            if (v.getValueFrom() != null) {
                String field = v.getValueFrom().getFieldRef().getFieldPath();
                value = switch (field) {
                    case "metadata.name" -> sts.getMetadata().getName() + "-0";
                    case "metadata.namespace" -> ns;
                    default -> throw new IllegalArgumentException("field reference not modelled: " + field);
                };
            } else {
                value = expand(v.getValue(), env);
            }
            env.put(v.getName(), value);
        }
        return env;
    }

    /** The ConfigMap file mounted at {@code mountDirectory}/{@code file}, from the rendered documents. */
    static String configFile(List<ObjectNode> docs, V1StatefulSet sts, V1Container c, String path) {
        for (V1VolumeMount m : c.getVolumeMounts()) {
            if (path.startsWith(m.getMountPath() + "/")) {
                V1Volume volume = sts.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .filter(v -> v.getName().equals(m.getName()))
                        .findFirst()
                        .orElseThrow();
                String name = volume.getConfigMap().getName();
                V1ConfigMap map = DeployFiles.ofKind(docs, "ConfigMap").stream()
                        .map(d -> (V1ConfigMap) KubernetesModels.parse(d))
                        .filter(cm -> cm.getMetadata().getName().equals(name))
                        .findFirst()
                        .orElseThrow();
                String key = path.substring(m.getMountPath().length() + 1);
                return map.getData().get(key);
            }
        }
        throw new IllegalArgumentException(path + " is on no volume of the container");
    }

    /** The configuration a pod of the StatefulSet runs with: the {@code --config} file and the environment. */
    static PulseConfig config(List<ObjectNode> docs, V1Container c, Map<String, String> secret) {
        V1StatefulSet sts = (V1StatefulSet) KubernetesModels.parse(DeployFiles.one(docs, "StatefulSet"));
        List<String> args = c.getArgs();
        String file = args.get(args.indexOf("--config") + 1);
        Map<String, String> env =
                new LinkedHashMap<>(DeployFiles.Dockerfile.read().env());
        env.putAll(environment(sts, c, secret));
        return PulseConfig.parse(configFile(docs, sts, c, file), env);
    }

    /** Mount paths the container may write to (the root file system being read-only). */
    static List<String> writablePaths(V1StatefulSet sts) {
        V1Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> out = new ArrayList<>();
        for (V1VolumeMount m : c.getVolumeMounts()) {
            if (!Boolean.TRUE.equals(m.getReadOnly())) {
                out.add(m.getMountPath());
            }
        }
        return out;
    }
}
