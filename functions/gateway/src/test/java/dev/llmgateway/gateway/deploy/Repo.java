package dev.llmgateway.gateway.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the module's working directory. */
final class Repo {
    private Repo() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("functions"))) return dir;
            dir = dir.getParent();
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }
}
