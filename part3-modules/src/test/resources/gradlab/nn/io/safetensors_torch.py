"""Reads and writes safetensors files with torch, struct and json only (no `safetensors` package needed).

The format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header length N, N bytes of JSON
{name: {"dtype": "F64"|"F32"|..., "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}} padded with
spaces, then the raw little-endian tensor bytes, back to back.

    python3 safetensors_torch.py check FILE      # read FILE; if it holds x, y, linear.weight, linear.bias,
                                                 # check y == torch.nn.functional.linear(x, W, b)
    python3 safetensors_torch.py reference FILE  # write the reference file GradLab's tests read (see reference())

The GradLab test SafeTensorsInteropTest reads reference.safetensors (written by `reference`) and runs `check` on a
file GradLab wrote, when /usr/bin/python3 has torch. Regenerate the reference file, from this directory, with
    /usr/bin/python3 safetensors_torch.py reference reference.safetensors
"""
import json
import struct
import sys

import torch

DTYPES = {"F64": torch.float64, "F32": torch.float32}
CODES = {v: k for k, v in DTYPES.items()}


def load(path):
    """The tensors of a safetensors file, by name, and its metadata; validates the layout."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    assert 2 <= n <= len(data) - 8, f"header length {n} does not fit in {len(data)} bytes"
    header = json.loads(data[8:8 + n].decode("utf-8"))
    body = data[8 + n:]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    position = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, end = info["data_offsets"]
        assert begin == position, f"{name}: begins at {begin}, expected {position}"
        dtype = DTYPES[info["dtype"]]
        shape = info["shape"]
        count = 1
        for d in shape:
            count *= d
        assert end - begin == count * torch.tensor([], dtype=dtype).element_size(), f"{name}: size"
        raw = bytearray(body[begin:end])
        flat = torch.frombuffer(raw, dtype=dtype) if count else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(shape).clone()
        position = end
    assert position == len(body), f"{len(body) - position} bytes after the last tensor"
    return {k: tensors[k] for k in header}, metadata


def save(path, tensors, metadata):
    """Writes tensors (names sorted, as the reference implementation does) in the safetensors format."""
    header = {"__metadata__": metadata}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        raw = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": CODES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


def reference():
    """A Linear(3, 2) from PyTorch in float64 and float32 with an input and its outputs, plus edge-case shapes."""
    torch.manual_seed(0)
    lin = torch.nn.Linear(3, 2).double()
    x = torch.linspace(-1, 1, 12, dtype=torch.float64).reshape(4, 3)
    with torch.no_grad():
        y = lin(x)
        lin32 = torch.nn.Linear(3, 2)
        lin32.load_state_dict({k: v.float() for k, v in lin.state_dict().items()})
        y32 = lin32(x.float())
    return {
        "linear.weight": lin.weight.detach(),
        "linear.bias": lin.bias.detach(),
        "x": x,
        "y": y,
        "linear32.weight": lin32.weight.detach(),
        "linear32.bias": lin32.bias.detach(),
        "y32": y32,
        "scalar": torch.tensor(3.141592653589793, dtype=torch.float64),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
        "arange": torch.arange(24, dtype=torch.float32).reshape(2, 3, 4),
    }


def check(path):
    tensors, metadata = load(path)
    print("metadata:", metadata)
    for name, t in tensors.items():
        print(f"{name}: {CODES[t.dtype]} {list(t.shape)}")
    if {"x", "y", "linear.weight", "linear.bias"} <= tensors.keys():
        expected = torch.nn.functional.linear(tensors["x"], tensors["linear.weight"], tensors["linear.bias"])
        error = (expected - tensors["y"]).abs().max().item()
        print(f"max |F.linear(x, W, b) - y| = {error:.3g}")
        assert error < 1e-12, "y does not match torch's linear"
    print("OK")


if __name__ == "__main__":
    command, target = sys.argv[1], sys.argv[2]
    if command == "reference":
        save(target, reference(), {"format": "pt", "source": "safetensors_torch.py reference"})
        check(target)
    elif command == "check":
        check(target)
    else:
        sys.exit(f"unknown command {command}; use reference or check")
