package dev.belay.runner.python.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapFilesTest {

    @Test
    void extractsTheShippedFilesAndPutsBackOneThatWasTamperedWith(@TempDir Path cache) throws Exception {
        BootstrapFiles bootstrap = new BootstrapFiles(cache);
        Path folder = bootstrap.folder();

        assertThat(folder.getParent()).isEqualTo(cache);
        assertThat(folder.getFileName().toString()).matches("py-[0-9a-f]{16}");
        assertThat(Files.readAllBytes(folder.resolve(BootstrapFiles.BOOTSTRAP))).isEqualTo(BootstrapFiles.resource(BootstrapFiles.BOOTSTRAP));
        assertThat(Files.readAllBytes(folder.resolve(BootstrapFiles.HELPER))).isEqualTo(BootstrapFiles.resource(BootstrapFiles.HELPER));

        Files.writeString(folder.resolve(BootstrapFiles.BOOTSTRAP), "import os; os.system('evil')\n");
        assertThat(bootstrap.folder()).isEqualTo(folder);
        assertThat(Files.readAllBytes(folder.resolve(BootstrapFiles.BOOTSTRAP))).isEqualTo(BootstrapFiles.resource(BootstrapFiles.BOOTSTRAP));
        assertThat(new BootstrapFiles(cache).folder()).as("another agent of the same version").isEqualTo(folder);
    }

    @Test
    void theFolderNameFollowsEveryByteAndEveryName() {
        Map<String, byte[]> files = files("a.py", "print(1)\n", "b.py", "x = 2\n");
        String name = BootstrapFiles.digest(files);

        assertThat(BootstrapFiles.digest(files("a.py", "print(1)\n", "b.py", "x = 2\n"))).isEqualTo(name);
        assertThat(BootstrapFiles.digest(files("a.py", "print(2)\n", "b.py", "x = 2\n"))).isNotEqualTo(name);
        assertThat(BootstrapFiles.digest(files("a.py", "print(1)\n", "b.py", "x = 3\n"))).isNotEqualTo(name);
        assertThat(BootstrapFiles.digest(files("c.py", "print(1)\n", "b.py", "x = 2\n"))).isNotEqualTo(name);
        assertThat(BootstrapFiles.digest(files("a.py", "print(1)\nx", "b.py", " = 2\n"))).as("a byte moved between files")
                .isNotEqualTo(name);
    }

    private static Map<String, byte[]> files(String name1, String text1, String name2, String text2) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name1, text1.getBytes(StandardCharsets.UTF_8));
        files.put(name2, text2.getBytes(StandardCharsets.UTF_8));
        return files;
    }
}
