package io.github.dl4jpruning.persist;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.stats.ActivationStats;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The extra entries a pruned model zip holds, written with {@code ModelSerializer.addObjectToFile} (which stores
 * {@code objects/<key>} as a Java-serialized object) and read back here, read-only, with a deserialization filter
 * that admits only this library's types and the JDK collections they use.
 */
final class StateEntries {

    static final String MASKS = "dl4jpruning.masks";
    static final String STATISTICS = "dl4jpruning.statistics";
    static final String PROGRESS = "dl4jpruning.progress.json";
    private static final String PREFIX = "objects/";

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;io.github.dl4jpruning.**;java.util.*;java.lang.*;!*");

    private StateEntries() {
    }

    /** The raw entries, read in one pass over the zip. */
    record Raw(PruneMasks masks, ActivationStats statistics, SavedProgress progress) {
    }

    static Raw read(File file) throws PrunedModelException {
        try (ZipFile zip = new ZipFile(file)) {
            PruneMasks masks = readObject(file, zip, MASKS, PruneMasks.class);
            ActivationStats stats = readObject(file, zip, STATISTICS, ActivationStats.class);
            String json = readObject(file, zip, PROGRESS, String.class);
            SavedProgress progress = null;
            if (json != null) {
                try {
                    progress = JSON.readValue(json, SavedProgress.class);
                } catch (IOException e) {
                    throw new PrunedModelException("entry '" + PREFIX + PROGRESS + "' of " + file
                            + " is not valid pruning progress JSON: " + e.getMessage(), e);
                }
            }
            return new Raw(masks, stats, progress);
        } catch (ZipException e) {
            throw new PrunedModelException("cannot read model file " + file + ": not a complete zip archive "
                    + "(truncated or corrupted?): " + e.getMessage(), e);
        } catch (PrunedModelException e) {
            throw e;
        } catch (IOException e) {
            throw new PrunedModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static <T> T readObject(File file, ZipFile zip, String key, Class<T> type) throws PrunedModelException {
        ZipEntry entry = zip.getEntry(PREFIX + key);
        if (entry == null) {
            return null;
        }
        Object o;
        try (InputStream in = zip.getInputStream(entry); ObjectInputStream ois = new ObjectInputStream(in)) {
            ois.setObjectInputFilter(FILTER);
            o = ois.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new PrunedModelException("entry '" + PREFIX + key + "' of " + file + " is corrupted: cannot "
                    + "deserialize a " + type.getSimpleName() + " (" + e + ")", e);
        }
        if (!type.isInstance(o)) {
            throw new PrunedModelException("entry '" + PREFIX + key + "' of " + file + " holds a "
                    + (o == null ? "null" : o.getClass().getName()) + ", expected a " + type.getName());
        }
        return type.cast(o);
    }
}
