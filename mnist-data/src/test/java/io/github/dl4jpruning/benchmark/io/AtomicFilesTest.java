package io.github.dl4jpruning.benchmark.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {

    /** A file created the ordinary way in the same directory: what the user's umask makes of rw-rw-rw-. */
    private static Set<PosixFilePermission> umaskPermissions(Path dir) throws IOException {
        Path reference = Files.write(dir.resolve("reference"), new byte[]{1});
        return Files.getPosixFilePermissions(reference);
    }

    @Test
    void writtenFile_getsThePermissionsTheUmaskGives_notOwnerOnly(@TempDir Path dir) throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Set<PosixFilePermission> expected = umaskPermissions(dir);
        assumeTrue(expected.contains(PosixFilePermission.GROUP_READ) || expected.contains(PosixFilePermission.OTHERS_READ),
                "a umask of 077 makes every file owner-only anyway");

        Path json = dir.resolve("benchmark.json");
        AtomicFiles.write(json, new byte[]{'{', '}'});
        Path installed = dir.resolve("t10k-labels-idx1-ubyte");
        AtomicFiles.installNoReplace(AtomicFiles.copyToTempBeside(new ByteArrayInputStream(new byte[8]), installed),
                installed);

        assertThat(Files.getPosixFilePermissions(json)).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(installed)).isEqualTo(expected);
    }

    @Test
    void temporaryName_carriesThisProcess_andLeavesNothingAfterAWrite(@TempDir Path dir) throws IOException {
        Path temp = AtomicFiles.tempBeside(dir.resolve("benchmark.md"));

        assertThat(temp.getFileName().toString())
                .matches("\\.benchmark\\.md\\." + ProcessHandle.current().pid() + "-\\d+\\.tmp");
        Files.delete(temp);
        AtomicFiles.write(dir.resolve("benchmark.md"), new byte[]{'#'});
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(dir.resolve("benchmark.md"));
        }
    }
}
