package dev.belay.testkit.fake;

/**
 * The scheme word the fake expects before {@code base64(robot GUID)} in the Authorization header.
 * The vendor docs use both words for the same token (PROTOCOL.md, Transport).
 */
public enum AuthScheme {
    BASIC("Basic"),
    BEARER("Bearer"),
    /** Either word is accepted; the token must still be base64 of a registered robot's GUID. */
    EITHER("");

    private final String word;

    AuthScheme(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
