package io.github.dl4jpruning.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * An executable model: a chain, or a directed acyclic graph, of {@link Layer}s in plain Java, loaded from a model
 * file ({@link ModelFile}) and run
 * without ND4J or DL4J. Immutable and thread-safe: each call allocates its own activations, and the scratch space of
 * convolutions is per calling thread ({@link Scratch}: each thread keeps the largest im2col buffer it needed). Runs
 * an execution plan in which each batch normalisation that directly follows a convolution or fully connected layer
 * is folded into its weights, and each activation layer into the layer before it ({@link #steps()}); {@link #layers()}
 * and the model file keep the layers as declared.
 *
 * <pre>{@code
 * RuntimeModel model = RuntimeModel.load(Path.of("mnist.dl4jrt"));
 * float[] probabilities = model.output(pixels, 1);          // 784 inputs -> 10 outputs
 * float[][] batch = model.output(new float[][] {a, b, c});  // one row per example
 * }</pre>
 *
 * In a graph, layer {@code i} reads the outputs of earlier layers named by index ({@code -1} is the model's input),
 * the last layer's output is the model's; each activation is dropped (its array reused for a later one of the same
 * size) after its last reader.
 */
public final class RuntimeModel {
    private static final System.Logger LOG = System.getLogger(RuntimeModel.class.getName());

    private final Shape inputShape;
    private final List<Layer> layers;
    /** Per layer, the indices of the layers it reads (-1: the model input). */
    private final int[][] inputs;
    /** Per layer, the index of its last reader (-1: none; the last layer's output is returned). */
    private final int[] lastReader;
    /** What {@link #output} runs: the layers with BNs and activations fused into the layer before ({@link Fusion}). */
    private final List<Layer> steps;
    /** Per step, the indices of the steps it reads (-1: the model input). */
    private final int[][] stepInputs;
    /** Per step, the index of its last reader (-1: none). */
    private final int[] stepLastReader;

    /**
     * A model from its layers.
     *
     * @param inputShape the shape of one input example
     * @param layers     at least one layer, each taking as many values as the previous one outputs (a different
     *                   shape of the same size is a free reshape, e.g. the flatten between a convolution and a
     *                   dense layer: the memory layout is the same)
     * @throws IllegalArgumentException when there are no layers or two do not chain, naming the shapes
     */
    public RuntimeModel(Shape inputShape, List<Layer> layers) {
        this(inputShape, layers, chain(layers == null ? 0 : layers.size()));
    }

    /**
     * A model from a graph of layers in topological order.
     *
     * @param inputShape the shape of one input example
     * @param layers     at least one layer; the last one's output is the model's
     * @param inputs     per layer, the indices of the earlier layers it reads ({@code -1} for the model input), as
     *                   many as the layer takes (one, or an {@link Add}'s arity), each output of as many values as
     *                   the layer's input shape (a different shape of the same size is a free reshape)
     * @throws IllegalArgumentException when there are no layers, {@code inputs} does not have one entry per layer,
     *                                  or an entry names a missing or later layer, has the wrong count or size,
     *                                  naming the layer and what was expected
     */
    public RuntimeModel(Shape inputShape, List<Layer> layers, List<int[]> inputs) {
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
        this.layers = List.copyOf(layers);
        if (this.layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer, got none");
        }
        if (inputs.size() != this.layers.size()) {
            throw new IllegalArgumentException(inputs.size() + " input lists for " + this.layers.size()
                    + " layers; expected one per layer");
        }
        int n = this.layers.size();
        this.inputs = new int[n][];
        this.lastReader = new int[n];
        java.util.Arrays.fill(lastReader, -1);
        for (int i = 0; i < n; i++) {
            Layer l = this.layers.get(i);
            int[] from = inputs.get(i).clone();
            if (from.length != l.inputs()) {
                throw new IllegalArgumentException("layer " + i + " (" + l.type() + ") reads " + from.length
                        + " inputs; expected " + l.inputs());
            }
            for (int k : from) {
                if (k < -1 || k >= i) {
                    throw new IllegalArgumentException("layer " + i + " (" + l.type() + ") reads layer " + k
                            + "; expected -1 (the model input) to " + (i - 1) + " (an earlier layer)");
                }
                Shape current = k < 0 ? inputShape : this.layers.get(k).outputShape();
                if (l.inputShape().size() != current.size()) {
                    throw new IllegalArgumentException("layer " + i + " (" + l.type() + ") takes " + l.inputShape()
                            + "; expected " + current.size() + " values (" + current + ", the output of "
                            + (k < 0 ? "the model input" : "layer " + k) + ")");
                }
                if (k >= 0) {
                    lastReader[k] = i;
                }
            }
            this.inputs[i] = from;
        }
        Fusion.Plan plan = Fusion.plan(this.layers, this.inputs);
        this.steps = List.copyOf(plan.steps());
        this.stepInputs = plan.inputs().toArray(new int[0][]);
        this.stepLastReader = lastReaders(this.stepInputs);
    }

    /** Per node of a graph given by its input lists, the index of its last reader (-1: none). */
    private static int[] lastReaders(int[][] inputs) {
        int[] last = new int[inputs.length];
        java.util.Arrays.fill(last, -1);
        for (int i = 0; i < inputs.length; i++) {
            for (int k : inputs[i]) {
                if (k >= 0) {
                    last[k] = i;
                }
            }
        }
        return last;
    }

    /** Input lists of a chain: each layer reads the previous one. */
    static List<int[]> chain(int n) {
        List<int[]> c = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            c.add(new int[] {i - 1});
        }
        return c;
    }

    /** {@link #load(Path, KernelPolicy)} with {@link KernelPolicy#AUTO}. */
    public static RuntimeModel load(Path file) throws IOException {
        return load(file, KernelPolicy.AUTO);
    }

    /**
     * Reads a model file.
     *
     * @throws ModelFormatException when the file is not a valid model file (truncated, wrong magic, newer version,
     *                              checksum mismatch, inconsistent sizes, NaN weights...), naming the value and what
     *                              was expected
     * @throws IOException          when the file cannot be read
     */
    public static RuntimeModel load(Path file, KernelPolicy policy) throws IOException {
        long size = Files.size(file);
        if (size > ModelFile.MAX_PAYLOAD + ModelFile.HEADER_BYTES) {
            throw new ModelFormatException("model file " + file + " is " + size + " bytes; expected at most "
                    + (ModelFile.MAX_PAYLOAD + ModelFile.HEADER_BYTES));
        }
        try (InputStream in = Files.newInputStream(file)) {
            RuntimeModel m = ModelFile.decode(in, size, policy);
            LOG.log(System.Logger.Level.DEBUG, () -> "loaded " + file + ": " + m.summary());
            return m;
        }
    }

    /**
     * Reads a model file from a stream, which is read to its end and not closed.
     *
     * @throws ModelFormatException as {@link #load(Path, KernelPolicy)}, and for bytes after the payload
     * @throws IOException          when the stream fails
     */
    public static RuntimeModel read(InputStream in, KernelPolicy policy) throws IOException {
        return ModelFile.decode(in, -1, policy);
    }

    /** The model file's bytes. */
    public byte[] toBytes() {
        return ModelFile.encode(inputShape, layers, inputs());
    }

    /** Writes the model file to a stream (not closed). */
    public void write(OutputStream out) throws IOException {
        out.write(toBytes());
    }

    /** Writes the model file atomically where the file system allows: a temporary file, then a move. */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, toBytes());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The same model with its kernels chosen again by {@code policy} (e.g. {@link KernelPolicy#DENSE}). */
    public RuntimeModel withPolicy(KernelPolicy policy) {
        try {
            return read(new ByteArrayInputStream(toBytes()), policy);
        } catch (IOException e) {
            throw new IllegalStateException("re-reading a model this runtime wrote failed", e);
        }
    }

    /**
     * Runs the model.
     *
     * @param input {@code batch * inputShape().size()} values, example after example (NCHW within an example)
     * @param batch examples, at least 1
     * @return {@code batch * outputShape().size()} values
     * @throws IllegalArgumentException when the batch is below 1 or the input length is not
     *                                  {@code batch * inputShape().size()}
     */
    public float[] output(float[] input, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        long expected = (long) batch * inputShape.size();
        if (input.length != expected) {
            throw new IllegalArgumentException("input has " + input.length + " values; expected " + expected
                    + " (batch " + batch + " x " + inputShape + ")");
        }
        int n = steps.size();
        float[][] outputs = new float[n][];
        java.util.ArrayDeque<float[]> free = new java.util.ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            Layer l = steps.get(i);
            int[] from = stepInputs[i];
            float[][] in = new float[from.length][];
            for (int k = 0; k < from.length; k++) {
                in[k] = from[k] < 0 ? input : outputs[from[k]];
            }
            int size = Math.multiplyExact(batch, l.outputShape().size());
            float[] y = i == n - 1 ? new float[size] : take(free, size);
            l.forward(in, y, batch);
            outputs[i] = y;
            for (int k : from) {
                if (k >= 0 && stepLastReader[k] == i && outputs[k] != null) {   // an add may read a layer twice
                    free.push(outputs[k]);
                    outputs[k] = null;
                }
            }
            if (stepLastReader[i] < 0 && i < n - 1) {
                free.push(y);
                outputs[i] = null;
            }
        }
        return outputs[n - 1];
    }

    /** A freed activation array of exactly {@code size} values, or a new one. */
    private static float[] take(java.util.ArrayDeque<float[]> free, int size) {
        for (java.util.Iterator<float[]> it = free.iterator(); it.hasNext(); ) {
            float[] a = it.next();
            if (a.length == size) {
                it.remove();
                return a;
            }
        }
        return new float[size];
    }

    /**
     * Runs the model on one row per example.
     *
     * @throws IllegalArgumentException when there are no rows or a row's length is not {@code inputShape().size()}
     */
    public float[][] output(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows; expected at least one example");
        }
        int n = inputShape.size();
        float[] flat = new float[Math.multiplyExact(rows.length, n)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != n) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values; expected " + n);
            }
            System.arraycopy(rows[i], 0, flat, i * n, n);
        }
        float[] out = output(flat, rows.length);
        int m = outputShape().size();
        float[][] result = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            result[i] = java.util.Arrays.copyOfRange(out, i * m, (i + 1) * m);
        }
        return result;
    }

    /** The shape of one input example. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The shape of one output example. */
    public Shape outputShape() {
        return layers.get(layers.size() - 1).outputShape();
    }

    /** The layers, first to last. */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The layers {@link #output} runs: {@link #layers()} with batch normalisations and activation layers fused into
     * the layer before them where that layer has no other reader.
     */
    public List<Layer> steps() {
        return steps;
    }

    /** Per layer, a copy of the indices of the layers it reads ({@code -1}: the model input). */
    public List<int[]> inputs() {
        List<int[]> c = new java.util.ArrayList<>(inputs.length);
        for (int[] from : inputs) {
            c.add(from.clone());
        }
        return c;
    }

    /** Multiply-accumulates of one example, counting stored (non-zero, for sparse kernels) weights. */
    public long macs() {
        return layers.stream().mapToLong(Layer::macs).sum();
    }

    /** One line per layer: type, shapes, MACs, kernel. */
    public String summary() {
        StringBuilder s = new StringBuilder("input " + inputShape);
        for (int i = 0; i < layers.size(); i++) {
            s.append("; ").append(layers.get(i));
            if (inputs[i].length != 1 || inputs[i][0] != i - 1) {
                s.append(" <- ").append(java.util.Arrays.toString(inputs[i]));
            }
        }
        if (steps.size() < layers.size()) {
            s.append("; runs as ").append(steps.size()).append(" steps (batch normalisations and activations fused)");
        }
        return s.toString();
    }
}
