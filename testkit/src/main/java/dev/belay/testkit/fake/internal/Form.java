package dev.belay.testkit.fake.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parses an {@code application/x-www-form-urlencoded} body with our own code, not WireMock's. */
final class Form {

    private Form() {
    }

    /** Fields in order, names as sent; a body that is not a form yields what can be read of it. */
    static Map<String, String> parse(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return out;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(decode(name), decode(value));
        }
        return out;
    }

    static Map<String, String> lowercaseNames(Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        form.forEach((k, v) -> out.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // malformed %-escape: keep the raw text so the checker can show it
        }
    }
}
