package org.drjenkins.engine.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.drjenkins.engine.util.TempFiles;

/**
 * A target directory is never written in place: the new tree is made in a staging directory beside it (same parent,
 * so same filesystem, so the swap is two renames and copies nothing), and only a complete tree takes the target's name.
 * The old tree is renamed aside first and deleted last; if the second rename fails, it is put back.
 */
final class StagedSwap {

    private StagedSwap() {
    }

    /** A fresh staging directory beside {@code target}, e.g. {@code /srv/conf.dr-restore-12345}. */
    static Path stageBeside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        return Files.createTempDirectory(absolute.getParent(), absolute.getFileName() + ".dr-restore-");
    }

    static boolean nonEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    /** Puts {@code staged} in the place of {@code target} (which may be missing, empty or full). */
    static void swap(Path staged, Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(staged, absolute, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = absolute.resolveSibling(absolute.getFileName() + ".dr-old-" + Long.toHexString(System.nanoTime()));
        Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(staged, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(old, absolute, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        TempFiles.deleteRecursively(old);
    }
}
