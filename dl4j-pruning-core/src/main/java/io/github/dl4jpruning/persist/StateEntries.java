package io.github.dl4jpruning.persist;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.stats.ActivationStats;
import java.io.IOException;

/**
 * The extra entries a pruned model zip holds, written with {@code ModelSerializer.addObjectToFile} (which stores
 * {@code objects/<key>} as a Java-serialized object) and read back here from a {@link ModelZipGuard.Checked} zip,
 * under a deserialization filter that admits only this library's types and the JDK types they use, with arrays no
 * longer than the network's parameter count.
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

    private StateEntries() {
    }

    /** The raw entries. */
    record Raw(PruneMasks masks, ActivationStats statistics, SavedProgress progress) {
    }

    static Raw read(ModelZipGuard.Checked zip) throws PrunedModelException {
        PruneMasks masks = readObject(zip, MASKS, PruneMasks.class);
        ActivationStats stats = readObject(zip, STATISTICS, ActivationStats.class);
        String json = readObject(zip, PROGRESS, String.class);
        SavedProgress progress = null;
        if (json != null) {
            try {
                progress = JSON.readValue(json, SavedProgress.class);
            } catch (IOException | RuntimeException e) {
                throw new PrunedModelException("entry '" + PREFIX + PROGRESS + "' is not valid pruning progress "
                        + "JSON: " + e.getMessage(), e);
            }
            if (progress == null || progress.epochCount() < 0 || progress.iterationCount() < 0
                    || progress.history() == null || progress.history().contains(null)) {
                throw new PrunedModelException("entry '" + PREFIX + PROGRESS + "' holds " + json.length()
                        + " characters of JSON without valid counters and history; expected counters >= 0 and a "
                        + "list of pruning events");
            }
        }
        return new Raw(masks, stats, progress);
    }

    private static <T> T readObject(ModelZipGuard.Checked zip, String key, Class<T> type)
            throws PrunedModelException {
        byte[] bytes = zip.entries().get(PREFIX + key);
        if (bytes == null) {
            return null;
        }
        Object o = SafeObjects.readState(PREFIX + key, bytes, zip.numParams());
        if (!type.isInstance(o)) {
            throw new PrunedModelException("entry '" + PREFIX + key + "' holds a "
                    + (o == null ? "null" : o.getClass().getName()) + ", expected a " + type.getName());
        }
        return type.cast(o);
    }
}
