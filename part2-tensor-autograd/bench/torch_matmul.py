#!/usr/bin/python3
"""PyTorch reference for part 2's MatmulBenchmark and OpOverheadBenchmark, on this machine.

Times the same products as gradlab.tensor.bench.MatmulBenchmark (the MNIST MLP's first layer: forward x W,
backward g W^T and x^T g, the transposes as views) and a few of OpOverheadBenchmark's tiny ops, in float64 and
float32, on one thread by default; pass --threads 2 to compare with GradLab's matmul, which splits its rows
between the cores (its other CPU kernels are single-threaded).
Needs Debian's PyTorch with OpenBLAS:  apt-get install -y --no-install-recommends python3-torch libopenblas0-openmp
Run with Debian's interpreter:          /usr/bin/python3 part2-tensor-autograd/bench/torch_matmul.py [--threads 1]
"""
import argparse, timeit

import torch

p = argparse.ArgumentParser()
p.add_argument('--threads', type=int, default=1)
p.add_argument('--repeat', type=int, default=5)
a = p.parse_args()
torch.set_num_threads(a.threads)


def best_us(stmt, number):
    return min(timeit.repeat(stmt, number=number, repeat=a.repeat)) / number * 1e6


print(f"torch {torch.__version__}, {a.threads} thread(s)")
print("Matrix products at the MNIST MLP's first layer (GFLOP/s = 2 n k m / time):")
for dtype in (torch.float64, torch.float32):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(128, 784, generator=g, dtype=dtype)
    w = torch.randn(784, 100, generator=g, dtype=dtype)
    gr = torch.randn(128, 100, generator=g, dtype=dtype)
    for name, f in (('forward', lambda: x.mm(w)), ('gradInput', lambda: gr.mm(w.t())),
                    ('gradWeight', lambda: x.t().mm(gr))):
        us = best_us(f, 50)
        print(f"  {name:<10} {str(dtype).replace('torch.', '').upper():<8} {us:10.1f} us  "
              f"{2 * 128 * 784 * 100 / (us * 1e3):6.2f} GFLOP/s")

print("Per-op overhead on 4 x 4 tensors (ns/op):")
for dtype in (torch.float64, torch.float32):
    a4 = torch.randn(4, 4, dtype=dtype)
    b4 = torch.randn(4, 4, dtype=dtype)
    r4 = torch.randn(4, dtype=dtype)
    la = torch.randn(4, 4, dtype=dtype, requires_grad=True)
    lb = torch.randn(4, 4, dtype=dtype, requires_grad=True)

    def mul_sum_backward():
        la.grad = None
        lb.grad = None
        (la * lb).sum().backward()

    for name, f in (('add', lambda: a4 + b4), ('addBroadcast', lambda: a4 + r4), ('exp', lambda: a4.exp()),
                    ('sum', lambda: a4.sum()), ('transpose', lambda: a4.t()), ('mulRecorded', lambda: la * lb),
                    ('mulSumBackward', mul_sum_backward)):
        print(f"  {name:<15} {str(dtype).replace('torch.', '').upper():<8} {best_us(f, 2000) * 1e3:9.0f} ns")
