package dev.belay.client.internal;

import feign.RequestTemplate;
import feign.codec.EncodeException;
import feign.codec.Encoder;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/** Feign's body encoder for {@link Form}: the only body type the robot API needs. */
final class FormEncoder implements Encoder {

    @Override
    public void encode(Object object, Type bodyType, RequestTemplate template) {
        if (!(object instanceof Form)) {
            throw new EncodeException("only Form bodies are supported, not " + bodyType);
        }
        template.body(((Form) object).toBytes(), StandardCharsets.UTF_8);
    }
}
