package cgc.diag;

/**
 * A problem with the user's input (model, IR text, flags): the CLI prints {@code cgc: error: WHERE: MESSAGE} and exits
 * with code 2, with no stack trace unless {@code --verbose}. Anything else that escapes is an internal error (exit 1).
 */
public class CgcException extends RuntimeException {
    private final Where where;

    public CgcException(Where where, String message) {
        super(message);
        this.where = where == null ? Where.NOWHERE : where;
    }

    public CgcException(Where where, String message, Throwable cause) {
        super(message, cause);
        this.where = where == null ? Where.NOWHERE : where;
    }

    public Where where() { return where; }

    /** The whole one-line diagnostic, without the {@code cgc: error: } prefix. */
    public String describe() {
        String w = where.toString();
        return w.isEmpty() ? getMessage() : w + ": " + getMessage();
    }
}
