#!/usr/bin/python3
"""Load GradLab's model.safetensors into PyTorch and evaluate it on the MNIST test set.

Needs only PyTorch: Debian's python3-torch (1.13) has no safetensors loader and Debian ships no python3-safetensors,
so this script reads the file itself. The format (https://huggingface.co/docs/safetensors) is simple:

    [8 bytes]  N, the header length, an unsigned little-endian 64-bit integer
    [N bytes]  a UTF-8 JSON object (padded with spaces):
               {"__metadata__": {"format": "pt", ...},
                "0.weight": {"dtype": "F32", "shape": [100, 784], "data_offsets": [0, 313600]}, ...}
    [rest]     the tensors' bytes, row-major, little-endian; data_offsets [begin, end) count from the end of
               the header

The names are PyTorch's state_dict keys for the same nn.Sequential: "<index of the layer>.weight|bias", where the
index counts every layer, parameterless ones too. The homework's model

    nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 50), nn.ReLU(), nn.Dropout(0.2), nn.Linear(50, 10))

has 0.weight [100, 784], 0.bias [100], 2.weight [50, 100], 2.bias [50], 5.weight [10, 50], 5.bias [10]
(a Linear's weight is [out_features, in_features], as PyTorch stores it). The layers are rebuilt from the run's
config, which GradLab saves in the metadata ("gradlab.mnist.config": hidden sizes, activation, dropout, loss);
without it, the homework's model.

Run with Debian's interpreter (another python3 on the PATH may lack torch):

    /usr/bin/python3 part5-mnist/tools/pytorch_load.py run/model.safetensors --data-dir ../shared/datasets/mnist

It prints the test accuracy, then one JSON line: {"test_accuracy": .., "test_loss": .., "correct": .., "total": ..}.
With safetensors installed (pip), safetensors.torch.load_file(path) returns the same state dict as read_safetensors.
"""
import argparse
import gzip
import json
import os
import struct
import sys

import torch
import torch.nn as nn

DTYPES = {'F32': torch.float32, 'F64': torch.float64}
ACTIVATIONS = {'relu': nn.ReLU, 'leakyrelu': nn.LeakyReLU, 'sigmoid': nn.Sigmoid, 'tanh': nn.Tanh}


def read_safetensors(path):
    """The file's tensors by name (in header order) and its string metadata."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 8:
        sys.exit(f'{path}: {len(data)} bytes, too short for the 8-byte header length')
    n, = struct.unpack('<Q', data[:8])
    if n > len(data) - 8:
        sys.exit(f'{path}: header length {n} exceeds the file ({len(data)} bytes)')
    header = json.loads(data[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', {})
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info['data_offsets']
        dtype = DTYPES.get(info['dtype'])
        if dtype is None:
            sys.exit(f'{path}: tensor {name} has dtype {info["dtype"]}; this script reads F32 and F64')
        # torch.frombuffer reads the host's byte order; safetensors is little-endian (x86, ARM: the same)
        tensors[name] = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype).reshape(info['shape'])
    return tensors, metadata


def build_model(config):
    """The nn.Sequential GradLab's MlpFactory builds: Linear + activation per hidden size, dropout, Linear."""
    hidden = config.get('hidden', [100, 50])
    activation = ACTIVATIONS[config.get('activation', 'relu')]
    dropout = config.get('dropout', 0.2)
    layers, inputs = [], 784
    for h in hidden:
        layers += [nn.Linear(inputs, h), activation()]
        inputs = h
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    layers.append(nn.Linear(inputs, 10))
    if config.get('loss') == 'nll':
        layers.append(nn.LogSoftmax(dim=1))
    return nn.Sequential(*layers)


def read_idx(data_dir, stem):
    """An IDX file (gzipped or not) as a uint8 tensor of its dimensions."""
    for name in (stem + '.gz', stem):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            with open(path, 'rb') as f:
                data = f.read()
            if data[:2] == b'\x1f\x8b':
                data = gzip.decompress(data)
            ndim = data[3]
            dims = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
            return torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8).reshape(dims)
    sys.exit(f'{data_dir}: no {stem}(.gz); pass --data-dir with the MNIST files')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('model', help='model.safetensors written by GradLab (train --out DIR)')
    p.add_argument('--data-dir', default=os.environ.get('MNIST_DIR'), help='MNIST folder (default: $MNIST_DIR)')
    a = p.parse_args()
    if not a.data_dir:
        sys.exit('pass --data-dir DIR (the folder with t10k-images-idx3-ubyte.gz) or set MNIST_DIR')

    if sys.byteorder != 'little':
        sys.exit('this script reads safetensors\' little-endian data as the host\'s: it needs a little-endian host')
    state, metadata = read_safetensors(a.model)
    config = json.loads(metadata['gradlab.mnist.config']) if 'gradlab.mnist.config' in metadata else {}
    model = build_model(config)
    dtype = next(iter(state.values())).dtype
    model.to(dtype).load_state_dict(state, strict=True)  # strict: every name and shape must match
    model.eval()

    x = read_idx(a.data_dir, 't10k-images-idx3-ubyte').reshape(-1, 784).to(dtype) / 255.0
    y = read_idx(a.data_dir, 't10k-labels-idx1-ubyte').long()
    with torch.no_grad():
        out = model(x)
        loss = nn.functional.nll_loss(out, y) if config.get('loss') == 'nll' else nn.functional.cross_entropy(out, y)
        correct = int((out.argmax(1) == y).sum())
    print(model)
    print(f'PyTorch {torch.__version__}: test accuracy {100.0 * correct / len(y):.2f}% ({correct} of {len(y)}),'
          f' test loss {loss.item():.4f}')
    print(json.dumps({'test_accuracy': correct / len(y), 'test_loss': loss.item(), 'correct': correct,
                      'total': len(y)}))


if __name__ == '__main__':
    main()
