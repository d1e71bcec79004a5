package dev.belay.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Request headers that are the same on every call (the robot API's {@code Content-Type} and
 * {@code Accept}, and the {@code Authorization} header), written by the transport rather than by Feign:
 * Feign parses and expands every header of a method's template on every call (~10–15% of an interpreted
 * heartbeat's CPU; BENCHMARKS.md). A header of the same name that a request carries is replaced.
 *
 * <p>{@link #toString()} names the headers, never their values: one of them is the credential.
 */
final class FixedHeaders {

    static final FixedHeaders NONE = new FixedHeaders(List.of(), List.of());

    private final List<String> names;
    private final List<String> values;

    private FixedHeaders(List<String> names, List<String> values) {
        this.names = names;
        this.values = values;
    }

    /** These headers and one more (null value: not added). */
    FixedHeaders with(String name, String value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            return this;
        }
        List<String> n = new ArrayList<>(names);
        List<String> v = new ArrayList<>(values);
        n.add(name);
        v.add(value);
        return new FixedHeaders(List.copyOf(n), List.copyOf(v));
    }

    int size() {
        return names.size();
    }

    String name(int i) {
        return names.get(i);
    }

    String value(int i) {
        return values.get(i);
    }

    /** Whether a request's header of this name is replaced by one of these (case-insensitively). */
    boolean replaces(String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "FixedHeaders" + names;
    }
}
