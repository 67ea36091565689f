package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.drjenkins.engine.restore.SafeTarExtractor.Extracted;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Archives that try to write outside the restore directory are refused, and nothing lands outside it. */
public class SafeTarExtractorTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path base;
    private Path into;

    @Before
    public void layout() throws Exception {
        base = temp.newFolder("base").toPath();
        into = base.resolve("tree");
    }

    private List<Extracted> extract(HostileTars tar) throws Exception {
        return SafeTarExtractor.extract(new ByteArrayInputStream(tar.bytes()), into);
    }

    private void assertNothingOutsideTheTree() throws Exception {
        try (Stream<Path> siblings = Files.list(base)) {
            assertThat(siblings).containsExactly(into);
        }
    }

    @Test
    public void anHonestTreeExtractsWithModesAndLinks() throws Exception {
        List<Extracted> extracted = extract(new HostileTars().dir("etc", 0750).file("etc/agent.yaml", 0640, "workers: 4\n")
                .symlink("current", "etc/agent.yaml").symlink("etc/up", "../current").symlink("dangling", "not-yet/there"));

        assertThat(extracted).extracting(Extracted::path).containsExactly("etc", "etc/agent.yaml", "current", "etc/up", "dangling");
        assertThat(extracted.get(1)).isEqualTo(new Extracted("etc/agent.yaml", "file", 11, "0640", null));
        assertThat(Files.readString(into.resolve("current"))).isEqualTo("workers: 4\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("etc")))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("etc/agent.yaml")))).isEqualTo("rw-r-----");
        assertThat(Files.readSymbolicLink(into.resolve("dangling"))).isEqualTo(Path.of("not-yet/there"));
    }

    @Test
    public void aDotDotEntryIsRefused() throws Exception {
        assertThatThrownBy(() -> extract(new HostileTars().file("ok.txt", 0644, "fine").file("../escaped.txt", 0644, "pwned")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessage("../escaped.txt: '..' in archive path refused");
        assertNothingOutsideTheTree();
    }

    @Test
    public void aDotDotHiddenInsideAPathIsRefused() throws Exception {
        assertThatThrownBy(() -> extract(new HostileTars().dir("a", 0755).file("a/../../escaped.txt", 0644, "pwned")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("'..' in archive path refused");
        assertNothingOutsideTheTree();
    }

    @Test
    public void anAbsoluteEntryNameIsRefused() throws Exception {
        Path victim = base.resolve("victim.txt");

        assertThatThrownBy(() -> extract(new HostileTars().file(victim.toString(), 0644, "pwned")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessage(victim + ": absolute path in archive refused");
        assertThat(victim).doesNotExist();
    }

    @Test
    public void absoluteOutwardAndDanglingSymlinksAreRecreatedAsLinksWithoutBeingFollowed() throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside"));

        List<Extracted> extracted = extract(new HostileTars().dir("conf", 0755).symlink("passwd", "/etc/passwd")
                .symlink("conf/shared", "../../outside").symlink("conf/later", "not-yet/there").symlink("loop-a", "loop-b")
                .symlink("loop-b", "loop-a"));

        assertThat(extracted).extracting(Extracted::path, Extracted::type, Extracted::linkTarget).containsExactly(
                tuple("conf", "dir", null), tuple("passwd", "symlink", "/etc/passwd"), tuple("conf/shared", "symlink", "../../outside"),
                tuple("conf/later", "symlink", "not-yet/there"), tuple("loop-a", "symlink", "loop-b"), tuple("loop-b", "symlink", "loop-a"));
        assertThat(Files.readSymbolicLink(into.resolve("passwd"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(Files.readSymbolicLink(into.resolve("conf/shared"))).isEqualTo(Path.of("../../outside"));
        assertThat(Files.isSymbolicLink(into.resolve("conf/later"))).isTrue();
        assertThat(Files.exists(into.resolve("conf/later"))).as("dangling, as stored").isFalse();
        try (Stream<Path> there = Files.list(outside)) {
            assertThat(there).as("nothing written where a link points").isEmpty();
        }
    }

    @Test
    public void anEntryThroughAnAbsoluteLinkIsRefusedAndNothingLandsWhereItPoints() throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside"));

        assertThatThrownBy(() -> extract(new HostileTars().symlink("etc", outside.toString()).file("etc/passwd", 0644, "pwned")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessage("etc/passwd: refusing to write through the symlink etc");
        assertThatThrownBy(() -> SafeTarExtractor.extract(new ByteArrayInputStream(new HostileTars().dir("a", 0755)
                .symlink("a/up", "../..").dir("a/up/planted", 0755).bytes()), base.resolve("second")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessage("a/up/planted: refusing to write through the symlink a/up");
        try (Stream<Path> there = Files.list(outside)) {
            assertThat(there).isEmpty();
        }
        assertThat(base.resolve("planted")).doesNotExist();
    }

    @Test
    public void aDataDirectoryAServerWillRunInRefusesAbsoluteAndOutwardLinks() throws Exception {
        assertThatThrownBy(() -> SafeTarExtractor.extract(new ByteArrayInputStream(new HostileTars().symlink("passwd", "/etc/passwd")
                .bytes()), into, SafeTarExtractor.Links.INSIDE_ONLY))
                .isInstanceOf(UnsafeArchiveException.class).hasMessage("passwd: symlink to absolute path /etc/passwd refused");
        assertThat(into.resolve("passwd")).doesNotExist();
        assertThatThrownBy(() -> SafeTarExtractor.extract(new ByteArrayInputStream(new HostileTars().dir("a", 0755)
                .symlink("a/up", "../../..").bytes()), base.resolve("second"), SafeTarExtractor.Links.INSIDE_ONLY))
                .isInstanceOf(UnsafeArchiveException.class).hasMessage("a/up: symlink to ../../.. points outside the restore directory");
    }

    @Test
    public void aFileWrittenThroughASymlinkIsRefused() throws Exception {
        // "out" passes the lexical check (it points at the tree itself), but "out/../x" would not stay inside:
        // writing through any link is refused rather than reasoned about.
        assertThatThrownBy(() -> extract(new HostileTars().dir("sub", 0755).symlink("link", "sub").file("link/x", 0644, "through")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessage("link/x: refusing to write through the symlink link");
        assertThat(into.resolve("sub/x")).doesNotExist();
    }

    @Test
    public void aLinkThatLeavesOnlyThroughAnotherLinkIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        // Lexically tree/d/../outside is tree/outside; the kernel resolves d to the tree itself first, then climbs out.
        assertThatThrownBy(() -> extract(new HostileTars().symlink("d", ".").symlink("e", "d/../outside")
                .dir("e/planted", 0755).file("e/planted/x", 0644, "pwned")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessage("e/planted: refusing to write through the symlink e");
        assertNothingOutsideTheTree();

        assertThatThrownBy(() -> SafeTarExtractor.extract(new ByteArrayInputStream(new HostileTars().symlink("d", ".")
                .symlink("e", "d/../outside").bytes()), base.resolve("second"), SafeTarExtractor.Links.INSIDE_ONLY))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("e: symlink to d/../outside resolves outside the restore directory");
    }

    @Test
    public void aSymlinkLoopIsRefusedInADataDirectory() throws Exception {
        assertThatThrownBy(() -> SafeTarExtractor.extract(new ByteArrayInputStream(new HostileTars().symlink("a", "b").symlink("b", "a")
                .bytes()), into, SafeTarExtractor.Links.INSIDE_ONLY))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("symlink loop");
    }

    @Test
    public void hardLinksDevicesAndFifosAreRefusedThoughCommonsCompressCallsThemFiles() throws Exception {
        assertThatThrownBy(() -> extract(new HostileTars().special("shadow", TarConstants.LF_LINK, "/etc/shadow")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageStartingWith("shadow: unsupported tar entry type");
        assertThatThrownBy(() -> SafeTarExtractor.extract(new ByteArrayInputStream(new HostileTars()
                .special("null", TarConstants.LF_CHR, null).bytes()), base.resolve("dev")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageStartingWith("null: unsupported tar entry type");
        assertThatThrownBy(() -> SafeTarExtractor.extract(new ByteArrayInputStream(new HostileTars()
                .special("pipe", TarConstants.LF_FIFO, null).bytes()), base.resolve("fifo")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageStartingWith("pipe: unsupported tar entry type");
    }

    @Test
    public void aDuplicateEntryCannotReplaceAnEarlierOne() throws Exception {
        assertThatThrownBy(() -> extract(new HostileTars().file("a.txt", 0644, "first").file("a.txt", 0644, "second")))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("a.txt: refusing to overwrite");
        assertThat(Files.readString(into.resolve("a.txt"))).isEqualTo("first");
    }
}
