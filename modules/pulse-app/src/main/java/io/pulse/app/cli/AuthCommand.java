package io.pulse.app.cli;

import io.pulse.app.access.TokenHash;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulse auth}: helpers for the access configuration (SPEC §10). */
@Command(
        name = "auth",
        mixinStandardHelpOptions = true,
        subcommands = AuthCommand.HashToken.class,
        description = "Access configuration helpers (auth.* keys, SPEC §10).")
public final class AuthCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code pulse auth hash-token}: a new static API token and the hash that goes into the configuration. */
    @Command(
            name = "hash-token",
            mixinStandardHelpOptions = true,
            description = {
                "Create a random static API token (or hash one read from standard input with --stdin) "
                        + "and print the auth.tokens entry that holds its SHA-256, never the token.",
                "Shell equivalent: TOKEN=$(openssl rand -base64 32); printf %s \"$TOKEN\" | sha256sum"
            })
    public static final class HashToken implements Callable<Integer> {
        @Option(names = "--role", required = true, description = "employee, lead or admin")
        String role;

        @Option(names = "--subject", description = "the employee id (employee) or team id (lead)")
        String subject;

        @Option(names = "--name", description = "what logs call the token (default: <role>-<subject>)")
        String name;

        @Option(names = "--stdin", description = "hash the token read from standard input instead of creating one")
        boolean stdin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (io.pulse.app.access.Role.parse(role) == null) {
                throw new IllegalArgumentException("--role '" + role + "' is not one of employee, lead, admin");
            }
            if (subject == null && !role.equalsIgnoreCase("admin")) {
                throw new IllegalArgumentException("--subject is required for role " + role);
            }
            String token;
            if (stdin) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line = in.readLine();
                token = line == null ? "" : line.strip();
                if (token.length() < 20) {
                    throw new IllegalArgumentException("the token on standard input must have at least 20 characters "
                            + "(a plain hash is safe only for random, high-entropy tokens)");
                }
            } else {
                token = TokenHash.newToken();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!stdin) {
                out.println("# the token (shown once; give it to its holder, it is not stored anywhere):");
                out.println("#   " + token);
            }
            String label = name != null
                    ? name
                    : role.toLowerCase(java.util.Locale.ROOT) + (subject == null ? "" : "-" + subject);
            out.println("auth:");
            out.println("  tokens:");
            out.println("    - { name: " + label + ", role: " + role.toLowerCase(java.util.Locale.ROOT)
                    + (subject == null ? "" : ", subject: " + subject) + ", hash: " + TokenHash.sha256Hex(token)
                    + " }");
            out.flush();
            return 0;
        }
    }
}
