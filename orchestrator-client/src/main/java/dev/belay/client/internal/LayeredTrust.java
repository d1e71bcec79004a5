package dev.belay.client.internal;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust of a client with a trust store of its own: that store first, then the system's roots (the
 * JDK's, and Windows' on Windows), which are loaded the first time a chain is not in the store.
 *
 * <p>An orchestrator whose certificate is in the configured store is what a trust store is configured
 * for, and then the ~140 roots of the JDK's {@code cacerts} are never parsed: over TLS that was ~70 ms
 * of every agent's start and their certificates kept for the agent's life (BENCHMARKS.md, https). A
 * chain from a public CA is still trusted, as it was when all the roots were merged into one store.
 *
 * <p>The verdict is that of the first layer that trusts the chain's path: when that layer then refuses
 * the chain for the host name or an algorithm constraint, the refusal stands (the next layer would only
 * add "not trusted" to it). When no layer trusts the chain, the refusal thrown is the one that found a
 * path and refused it for a reason (an expired certificate under a public root), else the first
 * layer's; the other is attached.
 *
 * <p>A server's certificate is checked for the host of the connection JSSE names with it (an
 * {@link SSLSocket} or an {@link SSLEngine}; like the JDK's, the checks without one check no host). When
 * the connection asks JSSE for it (endpoint identification {@code HTTPS}, as {@code HttpsURLConnection}
 * does) the layers check it; otherwise this class checks it itself with {@link HostNameCheck}, once a
 * layer has trusted the path. {@link Http1Client} leaves the identification off for this trust: JSSE's
 * own check reads the JDK's whole {@code cacerts} for every chain, also one from a private CA in the
 * configured store, which cost 80–120 ms of every https start (BENCHMARKS.md, https).
 */
final class LayeredTrust extends X509ExtendedTrustManager {

    /** Makes the system's trust when it is first needed. */
    @FunctionalInterface
    interface Loader {
        X509ExtendedTrustManager load() throws GeneralSecurityException, IOException;
    }

    @FunctionalInterface
    private interface Check {
        void check(X509ExtendedTrustManager layer) throws CertificateException;
    }

    private final X509ExtendedTrustManager first;
    private final Loader loader;
    private X509ExtendedTrustManager second; // guarded by this; loaded once

    LayeredTrust(X509ExtendedTrustManager first, Loader second) {
        this.first = first;
        this.loader = second;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, true, layer -> layer.checkServerTrusted(chain, authType, socket));
        if (socket instanceof SSLSocket) {
            SSLSocket ssl = (SSLSocket) socket;
            checkHostUnlessJsseDid(chain, ssl.getSSLParameters(), ssl.getHandshakeSession());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType, true, layer -> layer.checkServerTrusted(chain, authType, engine));
        if (engine != null) {
            checkHostUnlessJsseDid(chain, engine.getSSLParameters(), engine.getHandshakeSession());
        }
    }

    /** The host name check of a connection that did not ask JSSE for one (see the class comment). */
    private static void checkHostUnlessJsseDid(X509Certificate[] chain, SSLParameters parameters, SSLSession handshake)
            throws CertificateException {
        String asked = parameters.getEndpointIdentificationAlgorithm();
        if (asked != null && !asked.isEmpty()) {
            return; // the layer that trusted the chain has checked the host, with the JDK's rules
        }
        if (handshake == null) {
            throw new CertificateException("no handshake session to take the server's host name from");
        }
        try {
            HostNameCheck.check(handshake.getPeerHost(), chain);
        } catch (RuntimeException e) { // none is known; JSSE would end the handshake with internal_error
            throw new CertificateException("cannot check the server's certificate for the host " + handshake.getPeerHost() + ": " + e, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, true, layer -> layer.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, false, layer -> layer.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType, false, layer -> layer.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, false, layer -> layer.checkClientTrusted(chain, authType));
    }

    /** Every layer's issuers: this loads the system's roots. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        List<X509Certificate> issuers = new ArrayList<>();
        Collections.addAll(issuers, first.getAcceptedIssuers());
        try {
            Collections.addAll(issuers, second().getAcceptedIssuers());
        } catch (GeneralSecurityException | IOException e) {
            // the system's roots cannot be read: the store's issuers are all there are
        }
        return issuers.toArray(new X509Certificate[0]);
    }

    private void check(X509Certificate[] chain, String authType, boolean server, Check check) throws CertificateException {
        CertificateException refused;
        try {
            check.check(first);
            return;
        } catch (CertificateException e) {
            if (trustsPath(first, chain, authType, server)) {
                throw e;
            }
            refused = e;
        }
        X509ExtendedTrustManager system;
        try {
            system = second();
        } catch (GeneralSecurityException | IOException e) {
            refused.addSuppressed(new CertificateException("cannot load the system's trusted roots: " + e.getMessage(), e));
            throw refused;
        }
        try {
            check.check(system);
        } catch (CertificateException e) {
            if (trustsPath(system, chain, authType, server) || (noPathIn(refused) && !noPathIn(e))) {
                // The system's roots found the chain's path and refused it (an expired certificate, the
                // host name): that is the reason worth reading, not the store's "no path".
                e.addSuppressed(refused);
                throw e;
            }
            refused.addSuppressed(e);
            throw refused;
        }
    }

    /** Whether the refusal says that no path to a root of the layer was found (JSSE's PKIX builder). */
    private static boolean noPathIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the layer trusts the chain's path, leaving the host name and the session's constraints aside. */
    private static boolean trustsPath(X509ExtendedTrustManager layer, X509Certificate[] chain, String authType, boolean server) {
        try {
            if (server) {
                layer.checkServerTrusted(chain, authType);
            } else {
                layer.checkClientTrusted(chain, authType);
            }
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private synchronized X509ExtendedTrustManager second() throws GeneralSecurityException, IOException {
        if (second == null) {
            second = loader.load();
        }
        return second;
    }
}
