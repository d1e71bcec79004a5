package dev.belay.client.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered {@code application/x-www-form-urlencoded} body. Our own, because Feign's form support
 * sends empty bodies for records and its {@code @Body} templates are not URL-encoded (PITFALLS.md).
 *
 * <p>{@link #toString()} names the fields only: the body carries the robot GUID.
 */
public final class Form {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8";

    private final List<String[]> fields = new ArrayList<>();

    public Form add(String name, String value) {
        fields.add(new String[] {Objects.requireNonNull(name, "name"), value == null ? "" : value});
        return this;
    }

    public Form add(String name, int value) {
        return add(name, Integer.toString(value));
    }

    /** {@code a=b&c=d}, each name and value encoded with {@link URLEncoder} in UTF-8. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (String[] field : fields) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(field[0], StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(field[1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    public byte[] toBytes() {
        return encode().getBytes(StandardCharsets.US_ASCII); // URL-encoded text is pure ASCII
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (String[] field : fields) {
            names.add(field[0]);
        }
        return "Form" + names;
    }
}
