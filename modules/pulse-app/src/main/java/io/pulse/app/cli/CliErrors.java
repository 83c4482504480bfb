package io.pulse.app.cli;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * How the command line fails: one line on standard error starting with {@code pulse: }, exit code
 * {@value #FAILURE} for a failure and {@value #USAGE} for a command line that does not parse. The stack trace
 * goes to the log at DEBUG, for whoever needs it.
 */
public final class CliErrors {
    private static final Logger LOGGER = LoggerFactory.getLogger(CliErrors.class);
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private CliErrors() {}

    /** Installs both handlers on {@code root}; picocli consults the root's for every subcommand. */
    public static CommandLine install(CommandLine root) {
        root.setExecutionExceptionHandler((e, cmd, parsed) -> {
            LOGGER.debug("{} failed", cmd.getCommandSpec().qualifiedName(), e);
            cmd.getErr().println("pulse: " + describe(e));
            cmd.getErr().flush();
            return FAILURE;
        });
        root.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr()
                    .println("pulse: " + oneLine(e.getMessage()) + " (see '"
                            + cmd.getCommandSpec().qualifiedName() + " --help')");
            cmd.getErr().flush();
            return USAGE;
        });
        return root;
    }

    /** The message of {@code e} and of its causes where they add something, on one line. */
    static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? null : oneLine(t.getMessage());
            if (m != null && !m.isEmpty() && parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
