package dev.belay.client;

/**
 * The word before the token in {@code Authorization}. The token is always base64 of the bare robot
 * GUID (no {@code user:} part): the vendor calls it both "Basic" and "Bearer".
 */
public enum AuthScheme {
    BASIC("Basic"), BEARER("Bearer");

    private final String headerWord;

    AuthScheme(String headerWord) {
        this.headerWord = headerWord;
    }

    public String headerWord() {
        return headerWord;
    }

    /** Case-insensitive parse of {@code Basic} or {@code Bearer}. */
    public static AuthScheme parse(String text) {
        for (AuthScheme s : values()) {
            if (s.headerWord.equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("auth scheme must be Basic or Bearer, not '" + text + "'");
    }
}
