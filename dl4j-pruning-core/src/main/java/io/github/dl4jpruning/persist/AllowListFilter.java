package io.github.dl4jpruning.persist;

import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * A deserialization filter that admits only named classes (and classes in named packages), primitive arrays and
 * arrays of admitted classes, within limits on array length, depth, references and stream bytes. It remembers the
 * first class it rejected, so that the error can name it: the JDK's own message only says "REJECTED".
 */
final class AllowListFilter implements ObjectInputFilter {

    private final Set<String> classes;
    private final Set<String> packages;
    private final long maxArrayLength;
    private final long maxBytes;
    private volatile String rejected;

    /**
     * @param classes        fully qualified class names admitted
     * @param packages       package names whose classes (not sub-packages) are admitted
     * @param maxArrayLength the longest array admitted
     * @param maxBytes       the most stream bytes admitted
     */
    AllowListFilter(Set<String> classes, Set<String> packages, long maxArrayLength, long maxBytes) {
        this.classes = Set.copyOf(classes);
        this.packages = Set.copyOf(packages);
        this.maxArrayLength = maxArrayLength;
        this.maxBytes = maxBytes;
    }

    /** What was rejected first ("class x.Y", "array of 2147483632 entries", ...), or {@code null}. */
    String rejected() {
        return rejected;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > 20) {
            return reject("object graph deeper than 20");
        }
        if (info.references() > 1_000_000) {
            return reject("more than 1,000,000 object references");
        }
        if (info.streamBytes() > maxBytes) {
            return reject("more than " + maxBytes + " stream bytes");
        }
        if (info.arrayLength() > maxArrayLength) {
            return reject("an array of " + info.arrayLength() + " entries (at most " + maxArrayLength
                    + " fit this network)");
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return Status.UNDECIDED;
        }
        Class<?> element = c;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive() || classes.contains(element.getName())
                || packages.contains(element.getPackageName())) {
            return Status.ALLOWED;
        }
        return reject("class " + element.getName());
    }

    private Status reject(String what) {
        if (rejected == null) {
            rejected = what;
        }
        return Status.REJECTED;
    }
}
