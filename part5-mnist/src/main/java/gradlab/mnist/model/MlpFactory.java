package gradlab.mnist.model;

import gradlab.nn.Dropout;
import gradlab.nn.Linear;
import gradlab.nn.LogSoftmax;
import gradlab.nn.Module;
import gradlab.nn.Sequential;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds the classifier: a multi-layer perceptron, each hidden layer Linear then the activation, dropout before the
 * last Linear, as the homework's (and {@code pytorch_mnist_mlp.py}'s) model for hidden sizes 100, 50:
 *
 * <pre>
 *   Linear(784, 100)  ReLU  Linear(100, 50)  ReLU  Dropout(0.2)  Linear(50, 10)   [LogSoftmax(1) for --loss nll]
 * </pre>
 *
 * so its state dict's names (0.weight, 0.bias, 2.weight, ...) match PyTorch's {@code nn.Sequential} of the same
 * layers, and the saved safetensors load into that PyTorch model.
 */
public final class MlpFactory {
    private MlpFactory() {
    }

    /**
     * The model, its weights drawn from {@code init} (PyTorch's default initialisation), its dropout masks from
     * {@code dropoutRandom}, with parameters of {@code dtype} on {@code device}.
     */
    public static Sequential build(int inputs, int[] hidden, int classes, Activation activation, double dropout,
                                   LossKind loss, Random init, Random dropoutRandom, Device device, DType dtype) {
        if (hidden.length == 0) {
            throw new IllegalArgumentException("--hidden: give at least one hidden size, e.g. 100,50");
        }
        List<Module> layers = new ArrayList<>();
        try (var precision = Tensor.usingDType(dtype); var place = Tensor.usingDevice(device)) {
            int in = inputs;
            for (int h : hidden) {
                if (h <= 0) {
                    throw new IllegalArgumentException("--hidden: size " + h + " is not a layer size; expected"
                            + " positive whole numbers separated by commas, e.g. 100,50");
                }
                layers.add(new Linear(in, h, true, init));
                layers.add(activation.layer());
                in = h;
            }
            if (dropout > 0) {
                layers.add(new Dropout(dropout, dropoutRandom));
            }
            layers.add(new Linear(in, classes, true, init));
        }
        if (loss.needsLogSoftmax()) {
            layers.add(new LogSoftmax(1));
        }
        return toPrecision(new Sequential(layers), device, dtype);
    }

    /**
     * The one place the model is put on its device and dtype: {@code model.to(device).to(dtype)}, as in PyTorch. The
     * layers above are already created there (inside {@code Tensor.usingDType}/{@code usingDevice} scopes, PyTorch's
     * {@code device=}/{@code dtype=} arguments), so this moves nothing in practice; it then checks every parameter.
     */
    static Sequential toPrecision(Sequential model, Device device, DType dtype) {
        model.to(device).to(dtype);
        for (var p : model.namedParameters().entrySet()) {
            if (p.getValue().dtype() != dtype || p.getValue().device() != device) {
                throw new IllegalStateException("MlpFactory: parameter " + p.getKey() + " is "
                        + p.getValue().dtype() + " on " + p.getValue().device().name() + ", expected " + dtype
                        + " on " + device.name());
            }
        }
        return model;
    }
}
