package dev.belay.client;

import java.util.Objects;

/**
 * How job/update is sent. The working vendor example uses {@code PUT} with {@code guid}/{@code status};
 * the vendor API reference shows {@code POST} with {@code Guid}/{@code Status}.
 *
 * @param method      {@code PUT} or {@code POST}
 * @param guidField   form field name for the job GUID
 * @param statusField form field name for the status
 */
public record JobUpdateStyle(Method method, String guidField, String statusField) {

    public enum Method { PUT, POST }

    /** {@code PUT guid=…&status=…}, what the vendor's working example sends. */
    public static final JobUpdateStyle DEFAULT = new JobUpdateStyle(Method.PUT, "guid", "status");
    /** {@code POST Guid=…&Status=…}, as in the vendor's API reference. */
    public static final JobUpdateStyle REFERENCE = new JobUpdateStyle(Method.POST, "Guid", "Status");

    public JobUpdateStyle {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(guidField, "guidField");
        Objects.requireNonNull(statusField, "statusField");
    }
}
