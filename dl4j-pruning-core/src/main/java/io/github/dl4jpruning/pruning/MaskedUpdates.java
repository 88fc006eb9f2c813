package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.mask.PruneMasks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.constraint.MinMaxNormConstraint;
import org.deeplearning4j.nn.conf.constraint.NonNegativeConstraint;
import org.deeplearning4j.nn.conf.stepfunctions.DefaultStepFunction;
import org.deeplearning4j.nn.conf.stepfunctions.GradientStepFunction;
import org.deeplearning4j.nn.conf.stepfunctions.NegativeDefaultStepFunction;
import org.deeplearning4j.nn.conf.stepfunctions.NegativeGradientStepFunction;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * Whether DL4J's update of a pruned weight is exactly zero once its gradient is masked, so that a weight written to
 * {@code +0.0} when its mask changed stays {@code +0.0} without being written again after every iteration.
 *
 * <p>In DL4J 1.0.0-M2.1 an SGD iteration runs: backprop, the listeners' {@code onGradientCalculation} (the callback
 * writes {@code +0.0} into the pruned gradient entries), division by the minibatch size, gradient normalization,
 * regularization applied before the updater (L1 adds {@code l1 * sign(w)}, L2 adds {@code l2 * w}: both 0 at
 * {@code w = +0.0}), the updater, regularization applied after it (weight decay adds {@code lr * c * w} = 0), the step
 * {@code w -= update}, the listeners' {@code iterationDone}, then the layer constraints. Every built-in gradient
 * normalization maps a zero entry to zero (the L2 renormalizations divide by a norm that DL4J replaces by 1e-5 when it
 * is 0; clipping scales or clamps). With a zero gradient, each built-in updater's step is 0 once its state of that
 * entry is 0 (the callback zeroes it when the mask changes): Sgd {@code lr g}; Nesterovs {@code v = mu v - lr g};
 * Adam, Nadam, AMSGrad and AdaMax {@code alpha m / (...)} with {@code m = beta1 m + (1 - beta1) g} (AdaMax's norm
 * becomes {@code 1e-32}, the denominator only); RmsProp, AdaGrad and AdaDelta {@code g} times a finite factor; NoOp
 * applies the gradient itself. Then {@code +0.0 - (+/-0.0) = +0.0}, and the max-norm, min-max-norm and non-negative
 * constraints rescale or clamp each unit by a finite factor, so 0 stays 0. {@code UnitNormConstraint} is not covered:
 * M2.1 divides by the unit's norm without an epsilon, so a unit whose weights are all pruned becomes 0/0 = NaN when DL4J
 * applies it, after every listener's {@code iterationDone}; no listener write can repair that, so do not prune whole
 * neurons or filters of a layer with a unit-norm constraint. The resurrection fault campaign checks this after every iteration for every updater listed here.
 *
 * <p>Anything else (a custom {@code IUpdater}, {@code Regularization}, constraint or step function, an optimization
 * algorithm other than SGD, or a masked gradient that is not a view of the gradient the updater reads) is not
 * covered: the callback then writes the parameters after every iteration, as it always did.
 */
final class MaskedUpdates {

    /** DL4J's built-in updaters, by exact class (a subclass may change the update). */
    static final Set<Class<?>> UPDATERS = Set.of(Sgd.class, Nesterovs.class, Adam.class, AdaMax.class, Nadam.class,
            AMSGrad.class, RmsProp.class, AdaGrad.class, AdaDelta.class, NoOp.class);
    /** DL4J's built-in regularizations, by exact class. */
    static final Set<Class<?>> REGULARIZATIONS = Set.of(L1Regularization.class, L2Regularization.class,
            WeightDecay.class);
    /**
     * DL4J's built-in constraints that multiply a unit's weights by a finite factor (or clamp them); not
     * {@code UnitNormConstraint}, whose factor is 1/0 for an all-pruned unit.
     */
    static final Set<Class<?>> CONSTRAINTS = Set.of(MaxNormConstraint.class, MinMaxNormConstraint.class,
            NonNegativeConstraint.class);
    /** DL4J's step functions: each adds or subtracts the (scaled) update. */
    static final Set<Class<?>> STEP_FUNCTIONS = Set.of(NegativeGradientStepFunction.class,
            GradientStepFunction.class, DefaultStepFunction.class, NegativeDefaultStepFunction.class);

    private MaskedUpdates() {
    }

    /**
     * Why the update of a pruned weight of {@code model} may not be exactly zero, or {@code null} if it is (every
     * parameter with pruned entries is trained by SGD with a built-in updater, regularization and constraints).
     */
    static String uncovered(Model model, PruneMasks masks) {
        NeuralNetConfiguration conf = model.conf();
        if (conf == null) {
            return "the network has no configuration";
        }
        if (conf.getOptimizationAlgo() != OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT) {
            return "optimization algorithm " + conf.getOptimizationAlgo();
        }
        if (conf.getStepFunction() != null && !STEP_FUNCTIONS.contains(conf.getStepFunction().getClass())) {
            return "step function " + conf.getStepFunction().getClass().getName();
        }
        for (String key : masks.keys()) {
            if (masks.prunedCount(key) == 0) {
                continue;
            }
            int cut = key.lastIndexOf('_');
            Trainable owner = cut > 0 ? owner(model, key.substring(0, cut)) : null;
            if (owner == null || owner.getConfig() == null) {
                return "no layer configuration for '" + key + "'";
            }
            String param = key.substring(cut + 1);
            String why = uncovered(owner, param);
            if (why != null) {
                return why + " on '" + key + "'";
            }
        }
        return null;
    }

    private static String uncovered(Trainable owner, String param) {
        TrainingConfig c = owner.getConfig();
        IUpdater u = c.getUpdaterByParam(param);
        if (u == null || !UPDATERS.contains(u.getClass())) {
            return "updater " + (u == null ? "null" : u.getClass().getName());
        }
        List<Regularization> regs = c.getRegularizationByParam(param);
        if (regs != null) {
            for (Regularization r : regs) {
                if (r == null || !REGULARIZATIONS.contains(r.getClass())) {
                    return "regularization " + (r == null ? "null" : r.getClass().getName());
                }
            }
        }
        if (owner instanceof Layer layer && layer.conf() != null && layer.conf().getLayer() != null) {
            List<LayerConstraint> constraints = layer.conf().getLayer().getConstraints();
            if (constraints != null) {
                for (LayerConstraint lc : constraints) {
                    if (lc == null || !CONSTRAINTS.contains(lc.getClass())) {
                        return "constraint " + (lc == null ? "null" : lc.getClass().getName());
                    }
                }
            }
        }
        return null;
    }

    /** The layer (or trainable vertex) named {@code name}: a layer index in a MultiLayerNetwork, a vertex name. */
    private static Trainable owner(Model model, String name) {
        if (model instanceof MultiLayerNetwork mln) {
            try {
                int i = Integer.parseInt(name);
                return i >= 0 && i < mln.getnLayers() ? mln.getLayer(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (model instanceof ComputationGraph graph) {
            GraphVertex v = graph.getVertex(name);
            if (v == null) {
                return null;
            }
            return v.hasLayer() ? v.getLayer() : v;
        }
        return null;
    }

    /**
     * Why masking {@code gradient}'s entries may not reach the update, or {@code null} if every masked parameter's
     * gradient is a view of {@code flattened}, the array DL4J's updater reads.
     */
    static String gradientNotShared(Gradient gradient, INDArray flattened, PruneMasks masks) {
        if (flattened == null) {
            return "the network has no flattened gradient";
        }
        Map<String, INDArray> byKey = gradient.gradientForVariable();
        for (String key : masks.keys()) {
            if (masks.prunedCount(key) == 0) {
                continue;
            }
            INDArray g = byKey.get(key);
            if (g == null || !viewOf(g, flattened)) {
                return "the gradient of '" + key + "' is " + (g == null ? "missing" : "a copy")
                        + ", not a view of the gradient the updater reads";
            }
        }
        return null;
    }

    /** Whether {@code part} lies inside {@code whole}'s memory (same allocation, within its range, same type). */
    static boolean viewOf(INDArray part, INDArray whole) {
        return part.dataType() == whole.dataType() && part.data().address() == whole.data().address()
                && part.offset() >= whole.offset() && part.offset() + part.length() <= whole.offset() + whole.length();
    }
}
