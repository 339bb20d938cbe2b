package gradlab.gradcheck;

/**
 * A {@link Differentiable} whose backward is itself differentiable: what a second-order check (gradgradcheck) needs.
 *
 * <p>Think of backward as a new function b(x<sub>0</sub>, ..., x<sub>n-1</sub>, g) whose outputs are the n input
 * gradients. {@link #doubleBackward} is the vector-Jacobian product of that function: for cotangents
 * gg<sub>i</sub> (one per input gradient, each of its input's length) it returns the gradient of
 * <pre>
 *   L = sum_i &lt;gg_i, backward(x, g)_i&gt;
 * </pre>
 * with respect to every x<sub>i</sub> and then to g: n + 1 arrays. gradgradcheck checks it with central differences
 * on b, exactly as gradcheck checks backward on f. A tensor engine implements it by running backward with
 * {@code createGraph = true} and backpropagating through the recorded gradient.
 */
public interface TwiceDifferentiable extends Differentiable {

    /**
     * The gradient of sum_i &lt;gradGradInputs[i], backward(inputs, gradOutput)[i]&gt; with respect to each input and
     * then to {@code gradOutput}: {@code inputs.length + 1} arrays.
     */
    double[][] doubleBackward(double[][] inputs, double[] gradOutput, double[][] gradGradInputs);
}
