package io.github.dl4jpruning.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.FaceNetNN4Small2;
import org.deeplearning4j.zoo.model.InceptionResNetV1;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.NASNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.TextGenerationLSTM;
import org.deeplearning4j.zoo.model.TinyYOLO;
import org.deeplearning4j.zoo.model.UNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;
import org.deeplearning4j.zoo.model.Xception;
import org.deeplearning4j.zoo.model.YOLO2;
import org.junit.jupiter.api.Test;

/**
 * The graph of every architecture in deeplearning4j-zoo 1.0.0-M2.1, from configurations only (no weights are
 * allocated, so the test is fast): every group's slices fit their arrays, every node with parameters is either
 * prunable or left alone with a reason, and every group that is not prunable says why.
 */
class ZooGraphTest {

    static Map<String, ZooModel<?>> models() {
        Map<String, ZooModel<?>> m = new LinkedHashMap<>();
        m.put("LeNet", LeNet.builder().numClasses(10).build());
        m.put("SimpleCNN", SimpleCNN.builder().numClasses(10).build());
        m.put("AlexNet", AlexNet.builder().numClasses(10).build());
        m.put("VGG16", VGG16.builder().numClasses(10).build());
        m.put("VGG19", VGG19.builder().numClasses(10).build());
        m.put("ResNet50", ResNet50.builder().numClasses(10).build());
        m.put("SqueezeNet", SqueezeNet.builder().numClasses(10).build());
        m.put("Darknet19", Darknet19.builder().numClasses(10).build());
        m.put("TinyYOLO", TinyYOLO.builder().numClasses(10).build());
        m.put("YOLO2", YOLO2.builder().numClasses(10).build());
        m.put("UNet", UNet.builder().numClasses(10).build());
        m.put("Xception", Xception.builder().numClasses(10).build());
        m.put("InceptionResNetV1", InceptionResNetV1.builder().numClasses(10).build());
        m.put("FaceNetNN4Small2", FaceNetNN4Small2.builder().numClasses(10).build());
        m.put("NASNet", NASNet.builder().numClasses(10).build());
        m.put("TextGenerationLSTM", TextGenerationLSTM.builder().build());
        return m;
    }

    static InputType inputType(ZooModel<?> model) {
        int[] s = model.metaData().getInputShape()[0];
        return s.length == 3 ? InputType.convolutional(s[1], s[2], s[0]) : InputType.recurrent(s[1], s[0]);
    }

    static DependencyGraph graphOf(ZooModel<?> model) throws Exception {
        InputType in = inputType(model);
        for (Method method : model.getClass().getMethods()) {
            if (method.getName().equals("conf") && method.getParameterCount() == 0) {
                Object conf = method.invoke(model);
                if (conf instanceof MultiLayerConfiguration mlc) {
                    return DependencyGraph.of(mlc, in);
                }
                return DependencyGraph.of((ComputationGraphConfiguration) conf, in);
            }
        }
        try {
            ComputationGraphConfiguration.GraphBuilder b = (ComputationGraphConfiguration.GraphBuilder) model.getClass()
                    .getMethod("graphBuilder").invoke(model);
            return DependencyGraph.of(b.build(), in);
        } catch (RuntimeException | NoSuchMethodException noInputs) {
            // Some zoo graph builders get their inputs only in init(): random weights then (never pretrained).
            System.out.println("ZOO-GRAPH " + model.getClass().getSimpleName() + " built with init(): "
                    + noInputs.getMessage());
            org.deeplearning4j.nn.api.Model net = model.init();
            return DependencyGraph.of(net, in);
        }
    }

    @Test
    void zooArchitecturesGetAGraphWhoseSlicesFitAndWhoseRejectionsSayWhy() throws Exception {
        int withPrunableGroups = 0;
        for (Map.Entry<String, ZooModel<?>> e : models().entrySet()) {
            DependencyGraph g;
            try {
                g = graphOf(e.getValue());
            } catch (Exception ex) {
                // Reported, not hidden: the zoo scenario lists such models with their reason.
                System.out.println("ZOO-GRAPH " + e.getKey() + ": no graph: " + ex);
                continue;
            }
            List<PruningGroup> groups = g.groups();
            for (PruningGroup group : groups) {
                assertThat(group.unitCount()).as("%s %s", e.getKey(), group.id()).isPositive();
                for (ParamSlice s : group.slices()) {
                    assertThat(s.unitTo()).as("%s %s", e.getKey(), s).isLessThanOrEqualTo(group.unitCount());
                    int[] last = s.indices(s.unitTo() - 1);
                    assertThat(last[last.length - 1]).as("%s %s", e.getKey(), s).isLessThan((int) s.shape()[s.dim()]);
                }
                if (!group.prunable()) {
                    assertThat(group.reason()).isNotBlank();
                }
            }
            for (GraphNode n : g.nodes()) {
                if (n.hasParams() && n.weightKeys().isEmpty() && n.kind() != NodeKind.BATCH_NORM) {
                    assertThat(n.leftAloneReason()).as("%s %s", e.getKey(), n.name()).isNotBlank();
                }
            }
            long prunable = g.prunableGroups().size();
            withPrunableGroups += prunable > 0 ? 1 : 0;
            Map<String, Long> reasons = new LinkedHashMap<>();
            groups.stream().filter(x -> !x.prunable()).forEach(x -> reasons.merge(
                    x.reason().replaceAll("'[^']*'", "'…'"), 1L, Long::sum));
            System.out.println("ZOO-GRAPH " + e.getKey() + ": nodes=" + g.nodes().size() + " groups=" + groups.size()
                    + " prunable=" + prunable + " leftAlone=" + g.leftAlone().keySet() + " macs=" + g.denseMacs()
                    + " notPrunable=" + reasons);
        }
        assertThat(withPrunableGroups).as("architectures with prunable groups").isGreaterThanOrEqualTo(14);
    }
}
