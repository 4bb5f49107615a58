package cgc.runtime;

/**
 * A plan cannot be loaded or run because of what it was given: a corrupted or foreign plan jar, an input with the wrong
 * name, type or shape. The message is one line that says what was expected and what was found.
 */
public final class PlanException extends RuntimeException {
    public PlanException(String message) { super(message); }

    public PlanException(String message, Throwable cause) { super(message, cause); }
}
