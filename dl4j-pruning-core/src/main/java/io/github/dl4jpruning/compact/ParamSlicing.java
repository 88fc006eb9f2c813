package io.github.dl4jpruning.compact;

import java.util.ArrayList;
import java.util.List;

/** The array work of a {@link CompactionPlan}: which inputs survive, and the parameters sliced to the survivors. */
final class ParamSlicing {

    private ParamSlicing() {
    }

    /** Inputs that some weight of a surviving neuron of the first layer still reads. */
    static int[] usedInputs(NodeRewrite l) {
        double[] w = l.values.get("W");
        int nIn = Math.toIntExact(l.node.nIn());
        int nOut = Math.toIntExact(l.node.nOut());
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < nIn; i++) {
            for (int o : l.keptOut) {
                if (w[i * nOut + o] != 0) {
                    used.add(i);
                    break;
                }
            }
        }
        if (used.isEmpty()) {
            used.add(0);
        }
        return used.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Copies the surviving rows/columns (filters/channels) of W and the surviving biases, with their new shapes. */
    static void sliceParams(NodeRewrite l) {
        ChainNode n = l.node;
        int nIn = Math.toIntExact(n.nIn());
        int nOut = Math.toIntExact(n.nOut());
        int ka = n.kernelArea();
        double[] w = l.values.get("W");
        double[] nw = new double[l.keptIn.length * l.keptOut.length * ka];
        int idx = 0;
        if (n.role == NodeRole.CONV) {
            long[] s = n.shapes.get("W");
            for (int o : l.keptOut) {
                for (int i : l.keptIn) {
                    for (int q = 0; q < ka; q++) {
                        nw[idx++] = w[(o * nIn + i) * ka + q];
                    }
                }
            }
            l.shapes.put("W", new long[] {l.keptOut.length, l.keptIn.length, s[2], s[3]});
        } else {
            for (int i : l.keptIn) {
                for (int o : l.keptOut) {
                    nw[idx++] = w[i * nOut + o];
                }
            }
            l.shapes.put("W", new long[] {l.keptIn.length, l.keptOut.length});
        }
        l.values.put("W", nw);
        double[] b = l.values.get("b");
        if (b != null) {
            double[] nb = new double[l.keptOut.length];
            for (int k = 0; k < nb.length; k++) {
                nb[k] = b[l.keptOut[k]];
            }
            long[] bs = n.shapes.get("b").clone();
            bs[bs.length - 1] = nb.length;
            l.values.put("b", nb);
            l.shapes.put("b", bs);
        }
        l.newNIn = l.keptIn.length;
        l.newNOut = l.keptOut.length;
    }

    /** {@code 0, 1, ..., n - 1}. */
    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
