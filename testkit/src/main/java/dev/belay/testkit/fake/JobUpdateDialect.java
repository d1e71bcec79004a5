package dev.belay.testkit.fake;

/**
 * Which shapes of the job update request the checker accepts without a violation. PROTOCOL.md
 * makes {@code PUT} with lowercase {@code guid}/{@code status} the default (the vendor's working
 * example); the vendor's API reference shows {@code POST} with {@code Guid}/{@code Status}.
 * Whatever the dialect, the update is applied: the dialect only decides what is a violation.
 */
public enum JobUpdateDialect {
    /** {@code PUT}, fields {@code guid} and {@code status}. The default. */
    PUT_LOWERCASE,
    /** {@code POST}, fields {@code Guid} and {@code Status}, as in the vendor's API reference. */
    POST_PASCALCASE,
    /** {@code PUT} or {@code POST}, with either casing of the two field names. */
    ANY
}
