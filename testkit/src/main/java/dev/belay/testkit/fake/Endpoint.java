package dev.belay.testkit.fake;

/** The robot endpoints the fake speaks, plus {@link #OTHER} for any path it does not know. */
public enum Endpoint {
    HEARTBEAT("POST", "/api/robot/heartbeat"),
    CONSUME_NEXT_JOB("POST", "/api/robot/consumeNextJob"),
    JOB_UPDATE("PUT", "/api/job/update"),
    /** A request to a path that is none of the above: answered 404 and recorded as a violation. */
    OTHER("", "");

    private final String method;
    private final String path;

    Endpoint(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** The method PROTOCOL.md prescribes (job update may be configured to accept POST too). */
    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The endpoint for a request path; query strings and a trailing slash are ignored. */
    public static Endpoint ofPath(String rawPath) {
        String p = rawPath;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        for (Endpoint e : values()) {
            if (e != OTHER && e.path.equalsIgnoreCase(p)) {
                return e;
            }
        }
        return OTHER;
    }
}
