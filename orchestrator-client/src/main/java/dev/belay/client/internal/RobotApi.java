package dev.belay.client.internal;

import feign.RequestLine;
import feign.Response;

/**
 * The wire shape of the robot API, for Feign. Every method returns the raw {@link Response}: Feign
 * then hands back any status without an error decoder, and {@link FeignOrchestratorClient} decides
 * in one place what a status and a body mean (and reads the body where an I/O failure can be
 * told apart from a decoding failure).
 *
 * <p>Every request carries {@code Content-Type: }{@value Form#CONTENT_TYPE}{@code , Accept:
 * application/json} and the {@code Authorization} header. The transport writes them
 * ({@link FixedHeaders}), not a {@code @Headers} template, which Feign would expand on every call.
 */
interface RobotApi {

    @RequestLine("POST /api/robot/heartbeat")
    Response heartbeat(Form form);

    @RequestLine("POST /api/robot/consumeNextJob")
    Response consumeNextJob(Form form);

    @RequestLine("PUT /api/job/update")
    Response updateJobPut(Form form);

    @RequestLine("POST /api/job/update")
    Response updateJobPost(Form form);
}
