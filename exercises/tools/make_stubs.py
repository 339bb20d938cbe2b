# Regenerates src/workbook/java (the stubs) from src/solutions/java: each listed method body becomes
# throw new UnsupportedOperationException("TODO exN.M: ..."). Run from exercises/: python3 tools/make_stubs.py
import re, os
base='src/solutions/java/gradlab/exercises/'
out='src/workbook/java/gradlab/exercises/'
todo = {
 'ex1/MultiplyGate.java': [('protected double[] gradients(', 'TODO ex1.1: MultiplyGate.gradients(x, y, dz) must return {dL/dx, dL/dy}')],
 'ex1/AddGate.java': [('protected double[] gradients(', 'TODO ex1.2: AddGate.gradients(x, y, dz) must return {dL/dx, dL/dy}')],
 'ex1/MaxGate.java': [('protected double[] gradients(', 'TODO ex1.3: MaxGate.gradients(x, y, dz) must return {dL/dx, dL/dy}')],
 'ex1/SigmoidGate.java': [('protected double gradient(', 'TODO ex1.4: SigmoidGate.gradient(x, z, dz) must return dL/dx')],
 'ex1/Backprop.java': [('public static List<Value> topologicalOrder(', 'TODO ex1.5: Backprop.topologicalOrder(root)'),
                       ('public static Map<Value, Double> gradients(', 'TODO ex1.6: Backprop.gradients(root)')],
 'ex2/BroadcastMul.java': [('protected Tensor[] backward(', 'TODO ex2.1: BroadcastMul.backward must return {dL/da, dL/db}, un-broadcast to the inputs\' shapes')],
 'ex2/MatMul.java': [('protected Tensor[] backward(', 'TODO ex2.2: MatMul.backward must return {dL/dA, dL/dB}')],
 'ex2/Softplus.java': [('protected Tensor forward(', 'TODO ex2.3: Softplus.forward'),
                       ('protected Tensor[] backward(', 'TODO ex2.3: Softplus.backward')],
 'ex3/Linear.java': [('public Tensor forward(', 'TODO ex3.1: Linear.forward')],
 'ex3/Dropout.java': [('public Tensor forward(', 'TODO ex3.2: Dropout.forward')],
 'ex3/CrossEntropyLoss.java': [('public Tensor forward(', 'TODO ex3.3: CrossEntropyLoss.forward')],
 'ex4/MomentumSGD.java': [('protected void update(', 'TODO ex4.1: MomentumSGD.update')],
 'ex4/AdamOptimizer.java': [('protected void update(', 'TODO ex4.2: AdamOptimizer.update')],
 'ex5/TrainingLoop.java': [('public static double trainEpoch(', 'TODO ex5.1: TrainingLoop.trainEpoch'),
                           ('public static double evaluate(', 'TODO ex5.1: TrainingLoop.evaluate')],
 'ex5/ReluBackwardKernel.java': [('public void run(', 'TODO ex5.2: ReluBackwardKernel.run')],
}
for f, items in todo.items():
    s = open(base + f).read()
    for sig, msg in items:
        i = s.index(sig)
        j = s.index('{', i)
        depth = 0; k = j
        while True:
            if s[k] == '{': depth += 1
            elif s[k] == '}':
                depth -= 1
                if depth == 0: break
            k += 1
        line_start = s.rfind('\n', 0, i) + 1
        indent = s[line_start:i]
        indent = indent[:len(indent) - len(indent.lstrip())]
        body = '{\n' + indent + '    throw new UnsupportedOperationException("' + msg + '");\n' + indent + '}'
        s = s[:j] + body + s[k+1:]
    os.makedirs(os.path.dirname(out + f), exist_ok=True)
    open(out + f, 'w').write(s)
