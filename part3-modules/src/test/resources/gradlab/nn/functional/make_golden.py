#!/usr/bin/env python3
"""Golden values for GradLab's functional tests (gradlab.nn.functional.GoldenValuesTest), computed by PyTorch.

Every case runs one torch.nn.functional call in float64 on fixed seeded inputs, then backpropagates a fixed random
upstream gradient u (loss = sum(u * y)); the JSON holds the inputs, u, the output, the gradients w.r.t. every
differentiable input and, for batch norm, the updated running statistics.

Regenerate (needs PyTorch; CI does not run this, the JSON is committed):
    python3 part3-modules/src/test/resources/gradlab/nn/functional/make_golden.py
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20240611)
torch.set_default_dtype(torch.float64)


def t(x):
    return {"shape": list(x.shape), "values": x.detach().reshape(-1).tolist()}


def case(name, fn, inputs, differentiable, constants=None, extra=None):
    leaves = {k: v.clone().requires_grad_(k in differentiable) for k, v in inputs.items()}
    out = fn(**leaves, **(constants or {}))
    u = torch.randn(out.shape)
    (out * u).sum().backward()
    rec = {
        "name": name,
        "inputs": {k: t(v) for k, v in inputs.items()},
        "constants": {k: t(v) for k, v in (constants or {}).items()},
        "upstream": t(u),
        "output": t(out),
        "grads": {k: t(leaves[k].grad) for k in differentiable},
    }
    if extra:
        rec.update(extra())
    return rec


cases = []
x = torch.randn(3, 4) * 2
for approx in ("none", "tanh"):
    cases.append(case("gelu_" + approx, lambda x: F.gelu(x, approximate=approx), {"x": x}, ["x"]))
cases.append(case("softmax_dim1", lambda x: F.softmax(x, dim=1), {"x": x}, ["x"]))
cases.append(case("log_softmax_dim0", lambda x: F.log_softmax(x, dim=0), {"x": x}, ["x"]))
cases.append(case("leaky_relu_0.2", lambda x: F.leaky_relu(x, 0.2), {"x": x}, ["x"]))

# batch norm, training, [N, C, L], affine, with running statistics (momentum 0.1, eps 1e-5)
bx = torch.randn(4, 3, 5) * 1.5 + 0.5
rm0 = torch.randn(3) * 0.1
rv0 = torch.rand(3) + 0.5
state = {}


def bn(x, weight, bias):
    rm, rv = rm0.clone(), rv0.clone()
    y = F.batch_norm(x, rm, rv, weight, bias, training=True, momentum=0.1, eps=1e-5)
    state["running_mean"], state["running_var"] = rm, rv
    return y


cases.append(case("batch_norm_train_ncl", bn,
                  {"x": bx, "weight": torch.rand(3) + 0.5, "bias": torch.randn(3)}, ["x", "weight", "bias"],
                  extra=lambda: {"running_mean_before": t(rm0), "running_var_before": t(rv0),
                                 "running_mean_after": t(state["running_mean"]),
                                 "running_var_after": t(state["running_var"])}))
cases.append(case("batch_norm_eval_nc",
                  lambda x, weight, bias: F.batch_norm(x, rm0, rv0, weight, bias, training=False, eps=1e-5),
                  {"x": torch.randn(5, 3), "weight": torch.rand(3) + 0.5, "bias": torch.randn(3)},
                  ["x", "weight", "bias"],
                  extra=lambda: {"running_mean_before": t(rm0), "running_var_before": t(rv0)}))
cases.append(case("layer_norm_last2",
                  lambda x, weight, bias: F.layer_norm(x, [3, 4], weight, bias, eps=1e-5),
                  {"x": torch.randn(2, 3, 4) * 3, "weight": torch.rand(3, 4) + 0.5, "bias": torch.randn(3, 4)},
                  ["x", "weight", "bias"]))

a, b = torch.randn(3, 4), torch.randn(3, 4)
for red in ("mean", "sum", "none"):
    cases.append(case("mse_" + red, lambda input, target: F.mse_loss(input, target, reduction=red),
                      {"input": a, "target": b}, ["input", "target"]))
    cases.append(case("l1_" + red, lambda input, target: F.l1_loss(input, target, reduction=red),
                      {"input": a, "target": b}, ["input", "target"]))
logits = torch.randn(5, 4) * 2
target = torch.tensor([3, 0, 1, 3, 2])
target_ignored = torch.tensor([3, -100, 1, 3, 2])
cls_weight = torch.tensor([0.5, 1.0, 2.0, 0.25])
for red in ("mean", "sum", "none"):
    cases.append(case("cross_entropy_" + red,
                      lambda input, target: F.cross_entropy(input, target.long(), reduction=red),
                      {"input": logits}, ["input"], constants={"target": target.double()}))
    cases.append(case("nll_" + red,
                      lambda input, target: F.nll_loss(input, target.long(), reduction=red),
                      {"input": F.log_softmax(logits, 1)}, ["input"], constants={"target": target.double()}))
    bce_x, bce_y = torch.randn(3, 4) * 3, torch.rand(3, 4)
    cases.append(case("bce_with_logits_" + red,
                      lambda input, target: F.binary_cross_entropy_with_logits(input, target, reduction=red),
                      {"input": bce_x}, ["input"], constants={"target": bce_y}))
cases.append(case("cross_entropy_weight_ignore_mean",
                  lambda input, target, weight: F.cross_entropy(input, target.long(), weight=weight,
                                                                ignore_index=-100, reduction="mean"),
                  {"input": logits}, ["input"], constants={"target": target_ignored.double(), "weight": cls_weight}))
cases.append(case("cross_entropy_kdim_mean",
                  lambda input, target: F.cross_entropy(input, target.long()),
                  {"input": torch.randn(2, 3, 4)}, ["input"],
                  constants={"target": torch.randint(0, 3, (2, 4)).double()}))
cases.append(case("bce_with_logits_pos_weight_mean",
                  lambda input, target, pos_weight: F.binary_cross_entropy_with_logits(input, target,
                                                                                       pos_weight=pos_weight),
                  {"input": torch.randn(3, 4) * 3}, ["input"],
                  constants={"target": torch.rand(3, 4), "pos_weight": torch.rand(4) * 3}))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json")
with open(out, "w") as f:
    json.dump({"generator": "make_golden.py", "torch": torch.__version__, "cases": cases}, f, indent=1)
print("wrote", len(cases), "cases to", out)
