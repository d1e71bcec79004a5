package dev.belay.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for the unit tests of the TLS trust, made by the JDK's keytool in the test's JVM (its
 * package is opened by the module's surefire {@code argLine}): no process per certificate. Every store
 * is PKCS#12 with the password {@link #PASS}.
 */
final class TestCertificates {

    static final String PASS = "pass-word";

    private TestCertificates() {
    }

    /** A self-signed EC certificate with this subject and subject alternative names (none when null), in {@code <name>.p12}. */
    static KeyStore selfSigned(Path dir, String name, String subject, String alternativeNames) throws Exception {
        Path p12 = dir.resolve(name + ".p12");
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", subject, "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS));
        if (alternativeNames != null) {
            args.addAll(List.of("-ext", alternativeNames));
        }
        keytool(args.toArray(new String[0]));
        return load(p12);
    }

    /**
     * The JDK's keytool run in this JVM, with {@code -debug}: without it JDK 17's keytool ends the JVM on
     * any error, which would kill the surefire fork and hide the failure; with it the error is thrown.
     * Its {@code run} returns an exit code on later JDKs. It must never prompt: a surefire fork's
     * standard input is not a terminal.
     */
    static void keytool(String... command) throws Exception {
        String[] args = new String[command.length + 1];
        args[0] = "-debug";
        System.arraycopy(command, 0, args, 1, command.length);
        Class<?> main = Class.forName("sun.security.tools.keytool.Main");
        Constructor<?> create = main.getDeclaredConstructor();
        create.setAccessible(true);
        Method run = main.getDeclaredMethod("run", String[].class, PrintStream.class);
        run.setAccessible(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object exit;
        try {
            exit = run.invoke(create.newInstance(), args, new PrintStream(out, true, StandardCharsets.UTF_8));
        } catch (InvocationTargetException e) {
            throw new AssertionError("keytool " + String.join(" ", args) + ": " + e.getCause(), e.getCause());
        }
        assertThat(exit == null ? 0 : (Integer) exit).as("keytool %s: %s", String.join(" ", args), out.toString(StandardCharsets.UTF_8))
                .isZero();
    }

    static KeyStore load(Path p12) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASS.toCharArray());
        }
        return store;
    }
}
