package io.github.dl4jpruning.persist;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test helpers to take model zips apart and put them together with changed entries. */
final class ZipFiles {

    private ZipFiles() {
    }

    static Map<String, byte[]> entries(File zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip)) {
            for (ZipEntry e : z.stream().toList()) {
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    static void write(File zip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(zip.toPath()); ZipOutputStream out = new ZipOutputStream(os)) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    /** Copies {@code from} to {@code to}, replacing (or adding, or with a null result removing) one entry. */
    static File withEntry(File from, File to, String name, UnaryOperator<byte[]> change) throws IOException {
        Map<String, byte[]> all = entries(from);
        byte[] now = change.apply(all.get(name));
        if (now == null) {
            all.remove(name);
        } else {
            all.put(name, now);
        }
        write(to, all);
        return to;
    }

    static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    /** The offset of the first occurrence of {@code pattern} in {@code data}, or -1. */
    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
