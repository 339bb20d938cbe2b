#!/usr/bin/python3
"""Golden values for part4-optimizers, computed with PyTorch (torch.optim, torch.nn.utils, lr_scheduler).

GradLab's tests (gradlab.optim.GoldenValuesTest, gradlab.optim.lr.SchedulerGoldenValuesTest,
gradlab.optim.GradClippingGoldenTest) read the JSON files written here and check that the Java optimizers,
schedulers and clipping reproduce PyTorch's numbers (to 1e-10 relative, in float64).

Regenerate (needs PyTorch; Debian: `apt-get install python3-torch`), from the repository root:

    /usr/bin/python3 part4-optimizers/src/test/resources/golden/generate_golden.py

It rewrites optimizers.json, schedulers.json and clipping.json beside this script; commit them (CI has no torch).
Option names in the JSON are GradLab's (Java style: weightDecay, beta1/beta2, lrDecay, ...); `to_torch` maps them to
PyTorch's keyword arguments. Everything is float64 and deterministic (no random numbers).
"""
import json
import math
import os
import warnings

import torch

torch.set_default_dtype(torch.float64)
warnings.filterwarnings("ignore")  # lr_scheduler warns about calling order; irrelevant here
HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 8

# ---------------------------------------------------------------------------------------------- the problem
# A small regression with a quartic penalty, so the gradient is not linear in the parameters:
#   loss(W, b) = mean((X W^T + b - Y)^2) + 0.01 * sum(W^4)
# Parameter 2 ("frozen") takes no part in the loss: its grad stays None, so every optimizer must skip it.
X = [[1.0, 2.0, -1.0], [0.5, -1.5, 2.0], [-2.0, 0.3, 1.0], [1.5, 1.0, 0.5], [-0.7, -2.2, -1.3]]
Y = [[1.0, -2.0], [0.5, 3.0], [-1.5, 0.2], [2.0, 1.0], [-3.0, -0.5]]
W0 = [[0.3, -0.2, 0.5], [-0.4, 0.1, 0.2]]
B0 = [0.05, -0.1]
FROZEN0 = [1.0, -2.0]
LOSS = "mean((X W^T + b - Y)^2) + 0.01 * sum(W^4)"


def make_params():
    return [torch.tensor(W0, requires_grad=True), torch.tensor(B0, requires_grad=True),
            torch.tensor(FROZEN0, requires_grad=True)]


def loss_of(params):
    w, b, _ = params
    x, y = torch.tensor(X), torch.tensor(Y)
    return ((x @ w.t() + b - y) ** 2).mean() + 0.01 * (w ** 4).sum()


def flat(params):
    return [p.detach().reshape(-1).tolist() for p in params]


def to_torch(opt_name, options):
    """GradLab option names -> torch keyword arguments."""
    names = {"lr": "lr", "momentum": "momentum", "dampening": "dampening", "weightDecay": "weight_decay",
             "nesterov": "nesterov", "maximize": "maximize", "eps": "eps", "amsgrad": "amsgrad",
             "alpha": "alpha", "centered": "centered", "lrDecay": "lr_decay",
             "initialAccumulatorValue": "initial_accumulator_value"}
    out = {}
    for k, v in options.items():
        if k in ("beta1", "beta2"):
            continue
        out[names[k]] = v
    if "beta1" in options or "beta2" in options:
        out["betas"] = (options.get("beta1", 0.9), options.get("beta2", 0.999))
    return out


CLASSES = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW,
           "RMSprop": torch.optim.RMSprop, "Adagrad": torch.optim.Adagrad}

ALL = [0, 1, 2]
OPTIMIZER_CONFIGS = [
    # name, optimizer, defaults, groups: (param indices, overrides)
    ("sgd_plain", "SGD", {"lr": 0.1}, [(ALL, {})]),
    ("sgd_momentum", "SGD", {"lr": 0.1, "momentum": 0.9}, [(ALL, {})]),
    ("sgd_momentum_dampening", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}, [(ALL, {})]),
    ("sgd_nesterov", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, [(ALL, {})]),
    ("sgd_weight_decay", "SGD", {"lr": 0.1, "weightDecay": 0.1}, [(ALL, {})]),
    ("sgd_nesterov_weight_decay", "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weightDecay": 0.2},
     [(ALL, {})]),
    ("sgd_all_options", "SGD", {"lr": 0.07, "momentum": 0.6, "dampening": 0.3, "weightDecay": 0.05}, [(ALL, {})]),
    ("sgd_maximize", "SGD", {"lr": 0.01, "momentum": 0.5, "maximize": True}, [(ALL, {})]),
    ("sgd_two_groups", "SGD", {"lr": 0.1, "momentum": 0.9},
     [([0], {}), ([1, 2], {"lr": 0.02, "momentum": 0.5, "weightDecay": 0.1})]),
    ("adam_default_lr_0.1", "Adam", {"lr": 0.1}, [(ALL, {})]),
    ("adam_betas", "Adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99}, [(ALL, {})]),
    ("adam_weight_decay", "Adam", {"lr": 0.1, "weightDecay": 0.1}, [(ALL, {})]),
    ("adam_amsgrad", "Adam", {"lr": 0.1, "amsgrad": True}, [(ALL, {})]),
    ("adam_amsgrad_weight_decay_eps", "Adam", {"lr": 0.1, "amsgrad": True, "weightDecay": 0.3, "eps": 1e-3},
     [(ALL, {})]),
    ("adam_maximize", "Adam", {"lr": 0.01, "maximize": True}, [(ALL, {})]),
    ("adam_two_groups", "Adam", {"lr": 0.1},
     [([0], {"beta1": 0.5}), ([1, 2], {"lr": 0.01, "amsgrad": True})]),
    ("adamw_default_lr_0.1", "AdamW", {"lr": 0.1}, [(ALL, {})]),
    ("adamw_weight_decay", "AdamW", {"lr": 0.1, "weightDecay": 0.5}, [(ALL, {})]),
    ("adamw_amsgrad_betas", "AdamW", {"lr": 0.05, "amsgrad": True, "beta1": 0.7, "beta2": 0.9}, [(ALL, {})]),
    ("rmsprop_plain", "RMSprop", {"lr": 0.01}, [(ALL, {})]),
    ("rmsprop_alpha", "RMSprop", {"lr": 0.01, "alpha": 0.9}, [(ALL, {})]),
    ("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True}, [(ALL, {})]),
    ("rmsprop_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.5}, [(ALL, {})]),
    ("rmsprop_centered_momentum_weight_decay", "RMSprop",
     {"lr": 0.005, "centered": True, "momentum": 0.9, "weightDecay": 0.1, "eps": 1e-4}, [(ALL, {})]),
    ("adagrad_plain", "Adagrad", {"lr": 0.1}, [(ALL, {})]),
    ("adagrad_lr_decay", "Adagrad", {"lr": 0.1, "lrDecay": 0.1}, [(ALL, {})]),
    ("adagrad_weight_decay", "Adagrad", {"lr": 0.1, "weightDecay": 0.1}, [(ALL, {})]),
    ("adagrad_initial_accumulator_eps", "Adagrad", {"lr": 0.1, "initialAccumulatorValue": 0.5, "eps": 1e-3},
     [(ALL, {})]),
    # maximize with weight decay: 1.13 negates the gradient first, then adds wd * w (so the decay still shrinks w)
    ("sgd_maximize_weight_decay_nesterov", "SGD",
     {"lr": 0.05, "momentum": 0.5, "nesterov": True, "weightDecay": 0.3, "maximize": True}, [(ALL, {})]),
    ("adam_maximize_weight_decay_amsgrad", "Adam", {"lr": 0.05, "maximize": True, "weightDecay": 0.2,
                                                    "amsgrad": True}, [(ALL, {})]),
    ("adamw_maximize", "AdamW", {"lr": 0.05, "maximize": True, "weightDecay": 0.3}, [(ALL, {})]),
    ("rmsprop_maximize_weight_decay_centered_momentum", "RMSprop",
     {"lr": 0.005, "maximize": True, "weightDecay": 0.2, "centered": True, "momentum": 0.3}, [(ALL, {})]),
    ("adagrad_maximize_weight_decay_lr_decay", "Adagrad",
     {"lr": 0.05, "maximize": True, "weightDecay": 0.2, "lrDecay": 0.05}, [(ALL, {})]),
]


def run_optimizer(name, opt_name, defaults, groups):
    params = make_params()
    torch_groups = [dict(params=[params[i] for i in idx], **to_torch(opt_name, over)) for idx, over in groups]
    kwargs = to_torch(opt_name, defaults)
    kwargs["foreach"] = False  # the single-tensor reference loop (the default on CPU in 1.13 anyway)
    opt = CLASSES[opt_name](torch_groups, **kwargs)
    trajectory = [flat(params)]
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_of(params)
        loss.backward()
        losses.append(loss.item())
        opt.step()
        trajectory.append(flat(params))
    assert params[2].grad is None
    return {"name": name, "optimizer": opt_name, "defaults": defaults,
            "groups": [{"params": idx, "options": over} for idx, over in groups],
            "losses": losses, "trajectory": trajectory}


# ---------------------------------------------------------------------------------------------- schedulers
EPOCHS = 25
METRICS = [1.0, 0.9, 0.95, 0.95, 0.96, 0.97, 0.89, 0.8, 0.8, 0.8, 0.8, 0.8, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75,
           0.76, 0.77, 0.78, 0.79, 0.8, 0.81, 0.82]
S = torch.optim.lr_scheduler
SCHEDULER_CONFIGS = [
    ("step_lr", [("StepLR", {"stepSize": 3, "gamma": 0.5})]),
    ("step_lr_default_gamma", [("StepLR", {"stepSize": 4})]),
    ("multi_step_lr_repeated_milestone", [("MultiStepLR", {"milestones": [2, 5, 5, 8], "gamma": 0.1})]),
    ("exponential_lr", [("ExponentialLR", {"gamma": 0.9})]),
    ("cosine_annealing_lr", [("CosineAnnealingLR", {"tMax": 10})]),
    ("cosine_annealing_lr_eta_min_past_t_max", [("CosineAnnealingLR", {"tMax": 5, "etaMin": 0.001})]),
    ("linear_lr_warmup", [("LinearLR", {"startFactor": 0.25, "endFactor": 1.0, "totalIters": 4})]),
    ("linear_lr_default", [("LinearLR", {})]),
    ("linear_lr_decay", [("LinearLR", {"startFactor": 1.0, "endFactor": 0.1, "totalIters": 6})]),
    ("chained_linear_warmup_and_exponential", [("LinearLR", {"startFactor": 0.5, "totalIters": 3}),
                                               ("ExponentialLR", {"gamma": 0.95})]),
    ("plateau_min_rel", [("ReduceLROnPlateau", {"patience": 2, "factor": 0.5})]),
    ("plateau_min_abs_cooldown", [("ReduceLROnPlateau", {"patience": 1, "factor": 0.5, "thresholdMode": "abs",
                                                         "threshold": 0.05, "cooldown": 2})]),
    ("plateau_max_rel_min_lr", [("ReduceLROnPlateau", {"mode": "max", "patience": 0, "factor": 0.3,
                                                       "minLr": 0.005})]),
    ("plateau_max_abs_per_group_min_lr", [("ReduceLROnPlateau", {"mode": "max", "patience": 1, "factor": 0.1,
                                                                 "thresholdMode": "abs", "threshold": 0.01,
                                                                 "minLrs": [0.001, 0.0001]})]),
]
BASE_LRS = [0.1, 0.02]


def make_scheduler(opt, kind, o):
    if kind == "StepLR":
        return S.StepLR(opt, o["stepSize"], **({"gamma": o["gamma"]} if "gamma" in o else {}))
    if kind == "MultiStepLR":
        return S.MultiStepLR(opt, o["milestones"], gamma=o["gamma"])
    if kind == "ExponentialLR":
        return S.ExponentialLR(opt, o["gamma"])
    if kind == "CosineAnnealingLR":
        return S.CosineAnnealingLR(opt, o["tMax"], eta_min=o.get("etaMin", 0.0))
    if kind == "LinearLR":
        kw = {}
        for k, t in (("startFactor", "start_factor"), ("endFactor", "end_factor"), ("totalIters", "total_iters")):
            if k in o:
                kw[t] = o[k]
        return S.LinearLR(opt, **kw)
    if kind == "ReduceLROnPlateau":
        return S.ReduceLROnPlateau(opt, mode=o.get("mode", "min"), factor=o.get("factor", 0.1),
                                   patience=o.get("patience", 10), threshold=o.get("threshold", 1e-4),
                                   threshold_mode=o.get("thresholdMode", "rel"), cooldown=o.get("cooldown", 0),
                                   min_lr=o.get("minLrs", o.get("minLr", 0)))
    raise ValueError(kind)


def run_scheduler(name, chain):
    params = [torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)]
    opt = torch.optim.SGD([{"params": [params[0]], "lr": BASE_LRS[0]}, {"params": [params[1]], "lr": BASE_LRS[1]}],
                          lr=BASE_LRS[0])
    scheds = [make_scheduler(opt, kind, o) for kind, o in chain]
    lrs = [[g["lr"] for g in opt.param_groups]]  # after construction (epoch 0)
    for epoch in range(EPOCHS):
        opt.step()
        for s in scheds:
            if isinstance(s, S.ReduceLROnPlateau):
                s.step(METRICS[epoch])
            else:
                s.step()
        lrs.append([g["lr"] for g in opt.param_groups])
    return {"name": name, "schedulers": [{"kind": k, "options": o} for k, o in chain], "lrs": lrs}


# ---------------------------------------------------------------------------------------------- clipping
GRADS = [[[0.3, -4.0, 2.5], [1.0, 0.0, -0.5]], [[-3.0, 0.25]]]
CLIP_CONFIGS = [("norm", 1.0, 2.0), ("norm", 100.0, 2.0), ("norm", 2.0, float("inf")), ("norm", 10.0, float("inf")),
                ("norm", 1.5, 1.0), ("norm", 0.5, 3.0), ("value", 1.0, None), ("value", 10.0, None)]


def run_clip(kind, limit, norm_type):
    params = [torch.zeros(2, 3, requires_grad=True), torch.zeros(2, requires_grad=True),
              torch.zeros(3, requires_grad=True)]  # the last has no grad
    params[0].grad = torch.tensor(GRADS[0])
    params[1].grad = torch.tensor(GRADS[1][0])
    total = None
    if kind == "norm":
        total = torch.nn.utils.clip_grad_norm_(params, limit, norm_type).item()
    else:
        torch.nn.utils.clip_grad_value_(params, limit)
    return {"kind": kind, "limit": limit, "normType": "inf" if norm_type == float("inf") else norm_type,
            "totalNorm": total, "grads": [params[0].grad.reshape(-1).tolist(), params[1].grad.tolist()]}


def write(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    header = {"generator": "generate_golden.py", "torch": torch.__version__, "dtype": "float64"}
    write("optimizers.json", dict(header, loss=LOSS, X=X, Y=Y, params0=[sum(W0, []), B0, FROZEN0],
                                  shapes=[[2, 3], [2], [2]], steps=STEPS,
                                  configs=[run_optimizer(*c) for c in OPTIMIZER_CONFIGS]))
    write("schedulers.json", dict(header, baseLrs=BASE_LRS, epochs=EPOCHS, metrics=METRICS,
                                  configs=[run_scheduler(*c) for c in SCHEDULER_CONFIGS]))
    write("clipping.json", dict(header, grads=GRADS, configs=[run_clip(*c) for c in CLIP_CONFIGS]))
    print("wrote optimizers.json, schedulers.json, clipping.json with torch", torch.__version__)
