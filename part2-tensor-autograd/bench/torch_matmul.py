#!/usr/bin/python3
"""PyTorch reference for part 2's MatmulBenchmark and OpOverheadBenchmark, on this machine.

Times the same products as gradlab.tensor.bench.MatmulBenchmark (the MNIST MLP's three layers as Linear runs
them: forward x W^T, backward g W and g^T x, the transposes as views) and a few of OpOverheadBenchmark's tiny ops, in float64 and
float32, on one thread by default; pass --threads 2 to compare with GradLab's matmul on 2 threads (its other CPU
kernels are single-threaded).
Needs Debian's PyTorch with OpenBLAS:  apt-get install -y --no-install-recommends python3-torch libopenblas0-openmp
Run with Debian's interpreter:          /usr/bin/python3 part2-tensor-autograd/bench/torch_matmul.py [--threads 1]
"""
import argparse, time, timeit

import torch

p = argparse.ArgumentParser()
p.add_argument('--threads', type=int, default=1)
p.add_argument('--repeat', type=int, default=5)
p.add_argument('--timer', choices=('wall', 'cpu'), default='wall',
               help="'cpu' times with the process's CPU time (less disturbed by other jobs on a shared machine; "
                    "use with --threads 1)")
a = p.parse_args()
torch.set_num_threads(a.threads)


def best_us(stmt, number):
    timer = time.process_time if a.timer == 'cpu' else time.perf_counter
    return min(timeit.repeat(stmt, number=number, repeat=a.repeat, timer=timer)) / number * 1e6


print(f"torch {torch.__version__}, {a.threads} thread(s), {a.timer} time")
print("Matrix products of the MNIST MLP as Linear runs them (GFLOP/s = 2 n k m / time):")
for dtype in (torch.float32, torch.float64):
    for inp, out in ((784, 100), (100, 50), (50, 10)):
        g = torch.Generator().manual_seed(0)
        x = torch.randn(128, inp, generator=g, dtype=dtype)
        w = torch.randn(out, inp, generator=g, dtype=dtype)   # Linear's weight, [out, in]
        gr = torch.randn(128, out, generator=g, dtype=dtype)
        flops = 2 * 128 * inp * out
        for name, f in (('forward', lambda: x.mm(w.t())), ('gradInput', lambda: gr.mm(w)),
                        ('gradWeight', lambda: gr.t().mm(x))):
            us = best_us(f, max(50, int(2e8 / flops)))
            print(f"  {f'{inp}x{out}':<8} {name:<10} {str(dtype).replace('torch.', '').upper():<8} {a.threads} thread(s) "
                  f"{us:10.1f} us  {flops / (us * 1e3):6.2f} GFLOP/s")

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
