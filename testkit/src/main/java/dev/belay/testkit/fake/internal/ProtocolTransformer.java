package dev.belay.testkit.fake.internal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * The only bridge to WireMock: every request, whatever its method and path, reaches the single
 * catch-all stub, and this transformer replaces the stub's reply with the engine's decision. It
 * runs when the request has been read, before any delay or fault, so state and journal are written
 * at request time even if the client hangs up later (PITFALLS.md: afterComplete may never fire).
 */
public final class ProtocolTransformer implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "belay-fake-orchestrator";

    private final Engine engine;

    public ProtocolTransformer(Engine engine) {
        this.engine = engine;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request req = serveEvent.getRequest();
        Engine.Outgoing out = engine.handle(new Engine.Incoming(
                req.getMethod().getName(),
                req.getUrl(),
                req.getHeader("Content-Type"),
                req.getHeader("Authorization"),
                req.getBody()));
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition();
        if (out.wireFault() != null) {
            b.withFault(out.wireFault());
        } else {
            b.withStatus(out.status());
            out.headers().forEach(b::withHeader);
            b.withBody(out.body() == null ? new byte[0] : out.body());
        }
        if (out.delay() != null && !out.delay().isZero()) {
            b.withFixedDelay((int) Math.min(Integer.MAX_VALUE, out.delay().toMillis()));
        }
        return b.build();
    }
}
