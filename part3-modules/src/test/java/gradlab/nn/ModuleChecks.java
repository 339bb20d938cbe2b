package gradlab.nn;

import gradlab.gradcheck.Differentiable;
import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.Input;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorGradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gradchecks a module w.r.t. its input and every parameter that requires grad: the checker's values for each
 * parameter are copied into it (under noGrad) before each call, and the analytic gradients are the parameters'
 * {@code grad()} after backward.
 */
final class ModuleChecks {
    private ModuleChecks() {
    }

    static void gradcheck(long seed, Layout layout, Module module, Input x) {
        Map<String, Parameter> named = module.namedParameters();
        List<Parameter> params = new ArrayList<>();
        List<Input> inputs = new ArrayList<>(List.of(x));
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            if (e.getValue().requiresGrad()) {
                params.add(e.getValue());
                inputs.add(Input.of(e.getKey(), e.getValue().shape(), e.getValue().toDoubleArray()));
            }
        }
        Differentiable f = new Differentiable() {
            @Override
            public double[] forward(double[][] in) {
                load(params, in);
                try (var g = Tensor.noGrad()) {
                    return module.forward(TensorGradCheck.layOut(x.shape(), in[0], layout)).toDoubleArray();
                }
            }

            @Override
            public double[][] backward(double[][] in, double[] gradOutput) {
                load(params, in);
                module.zeroGrad();
                Tensor input = TensorGradCheck.layOut(x.shape(), in[0], layout).requiresGrad(true);
                Tensor y = module.forward(input);
                y.backward(Tensor.of(y.shape(), gradOutput));
                double[][] grads = new double[in.length][];
                grads[0] = input.grad() == null ? new double[in[0].length] : input.grad().toDoubleArray();
                for (int i = 0; i < params.size(); i++) {
                    Tensor g = params.get(i).grad();
                    grads[i + 1] = g == null ? new double[in[i + 1].length] : g.toDoubleArray();
                }
                return grads;
            }
        };
        try {
            GradCheck.assertCorrect(f, inputs.toArray(new Input[0]));
        } catch (AssertionError e) {
            throw new AssertionError(module + " seed " + seed + ", layout " + layout + ": " + e.getMessage(), e);
        }
    }

    private static void load(List<Parameter> params, double[][] in) {
        try (var g = Tensor.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).copyFrom(Tensor.of(params.get(i).shape(), in[i + 1]));
            }
        }
    }
}
