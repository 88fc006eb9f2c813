package io.github.dl4jpruning.benchmark.data;

import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** MD5 of files, as lower-case hex (commons-codec); used only to recognise genuine MNIST, not for security. */
final class Md5 {
    private Md5() {
    }

    static MessageDigest newDigest() {
        return DigestUtils.getMd5Digest();
    }

    static String hex(MessageDigest digest) {
        return Hex.encodeHexString(digest.digest());
    }

    static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.md5Hex(in);
        }
    }
}
