/**
 * Loss functions as objects (PyTorch's {@code nn.MSELoss}, {@code nn.CrossEntropyLoss}, ...): each holds its
 * settings (reduction, class weights) and computes {@code forward(input, target)} with
 * {@link gradlab.nn.functional.Losses}.
 */
package gradlab.nn.loss;
