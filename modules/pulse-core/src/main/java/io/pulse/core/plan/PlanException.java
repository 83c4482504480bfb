package io.pulse.core.plan;

/** A plan, or a plan file, that cannot be used; the message is one line naming the plan and, where it applies, the item. */
public class PlanException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }

    public PlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
