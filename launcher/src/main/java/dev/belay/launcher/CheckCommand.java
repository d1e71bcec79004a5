package dev.belay.launcher;

import dev.belay.client.OrchestratorProbe;
import dev.belay.client.ProbeResult;
import dev.belay.launcher.config.ConfigLoader;
import dev.belay.launcher.config.ConfigurationException;
import dev.belay.launcher.config.LauncherConfig;
import dev.belay.launcher.config.Platform;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code belay check}: everything {@code run} needs before its first heartbeat, without changing
 * anything on the orchestrator, each failure explained in one sentence with its fix. Exit codes as
 * {@code run}: 0 fine, 2 configuration, 3 credentials refused, 4 not reachable.
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Validate the configuration and reach the orchestrator once, changing nothing there.")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LauncherConfig config;
        try {
            config = new ConfigLoader(Platform.current()).loadAndCheck(options.flags(), options.config);
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> err.println("belay: " + p));
            return ExitCodes.CONFIGURATION;
        }
        config.describe().forEach(line -> out.println("  " + line));
        if (config.insecure()) {
            out.println("belay: warning: --insecure: certificate checks are off");
        }
        OrchestratorProbe probe;
        try {
            probe = Clients.builder(config).buildProbe();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("belay: " + e.getMessage());
            return ExitCodes.CONFIGURATION;
        }
        ProbeResult result = probe.probe();
        String verdict = explain(config.orchestrator(), result);
        boolean ok = exitCode(result) == ExitCodes.OK;
        (ok ? out : err).println("belay: " + verdict);
        return exitCode(result);
    }

    static int exitCode(ProbeResult result) {
        if (result instanceof ProbeResult.Answered a) {
            if (a.httpStatus() == 401 || a.httpStatus() == 403) {
                return ExitCodes.NOT_REGISTERED;
            }
            return a.httpStatus() >= 500 ? ExitCodes.UNREACHABLE : ExitCodes.OK;
        }
        return ExitCodes.UNREACHABLE;
    }

    /** One sentence: what was found and, for a failure, what to do. */
    static String explain(URI url, ProbeResult result) {
        String where = url.getHost() + ":" + port(url);
        if (result instanceof ProbeResult.Answered a) {
            int s = a.httpStatus();
            String took = " (" + a.elapsed().toMillis() + " ms)";
            boolean https = "https".equalsIgnoreCase(url.getScheme()); // over http there is no TLS to speak of
            if (s == 401 || s == 403) {
                return "the orchestrator at " + url + " refused this robot's credentials (HTTP " + s
                        + "): check the robot GUID and the auth scheme (Basic or Bearer)";
            }
            if (s >= 500) {
                return "the orchestrator at " + url + " answered HTTP " + s + ": it is reachable but failing; ask its administrator";
            }
            if (s == 404) {
                return "reached the orchestrator at " + url + took + "; " + (https ? "TLS is fine" : "the connection is fine")
                        + ", but a read-only API path answered 404,"
                        + " so the credentials were not verified (check the URL's path prefix if the robot API lives under one)";
            }
            return "reached the orchestrator at " + url + took + (https ? ": connection, TLS and credentials are fine (HTTP " : ": connection and credentials are fine (HTTP ") + s + ")";
        }
        ProbeResult.Failed f = (ProbeResult.Failed) result;
        switch (f.problem()) {
            case UNKNOWN_HOST:
                return "the host name '" + url.getHost() + "' does not resolve: check the orchestrator URL (and this machine's DNS)";
            case REFUSED:
                return "nothing accepts connections at " + where + ": check the port, that the orchestrator runs, and firewalls";
            case CONNECT_TIMEOUT:
                return "no connection to " + where + " within the connect timeout: a firewall or a routing problem is likely";
            case CERTIFICATE_NOT_TRUSTED:
                return "the orchestrator's certificate is not trusted (" + f.detail() + "): give its CA with --truststore FILE"
                        + " (PEM or PKCS#12), or use --insecure for a test only";
            case TLS_FAILED:
                return "the TLS handshake with " + where + " failed (" + f.detail() + "): check that the URL's scheme (http or https) is right";
            default:
                return "connected to " + where + " but got no HTTP reply (" + f.detail() + "): check that this is the orchestrator's"
                        + " address and that the URL's scheme (http or https) is right";
        }
    }

    private static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
