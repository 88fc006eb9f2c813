package io.github.dl4jpruning.runtime.dl4j;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the runtime cannot compute is refused at export, naming the layer and what is supported. */
class UnsupportedExportTest {

    private static OutputLayer out() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                .build();
    }

    @Test
    void unsupportedActivationPoolingAndMissingInputType() {
        MultiLayerNetwork elu = Nets.mln(InputType.feedForward(5),
                new DenseLayer.Builder().nOut(4).activation(Activation.ELU).build(), out());
        assertThatThrownBy(() -> Dl4jExporter.export(elu)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer '0': activation elu(alpha=1.0); expected identity, ReLU");
        MultiLayerNetwork pnorm = Nets.mln(InputType.convolutionalFlat(6, 6, 1),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.PNORM).pnorm(2).kernelSize(2, 2).build(),
                out());
        assertThatThrownBy(() -> Dl4jExporter.export(pnorm, InputType.convolutionalFlat(6, 6, 1)))
                .hasMessageContaining("pooling PNORM; expected MAX or AVG");
        MultiLayerNetwork cnn = Nets.mln(InputType.convolutionalFlat(6, 6, 1),
                new ConvolutionLayer.Builder(3, 3).nOut(2).build(), out());
        assertThatThrownBy(() -> Dl4jExporter.export(cnn.clone(), InputType.convolutional(6, 6, 1,
                CNN2DFormat.NHWC))).hasMessageContaining("input format NHWC; expected NCHW");
    }
}
