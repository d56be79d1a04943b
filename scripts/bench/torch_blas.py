"""Which BLAS PyTorch's matmul runs on here, and how fast: the context the PyTorch row needs to be read in.

Debian's python3-torch links libblas.so.3, which is whatever the alternatives system points at: OpenBLAS when
libopenblas0-pthread is installed, else the unoptimised reference BLAS, about ten times slower. Times the seed job's
largest product, 32×784 · 784×128, on one thread. Prints one JSON document.
"""
import json
import os
import time

import torch


def loaded_blas():
    """The real path of every BLAS library mapped into this process."""
    paths = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if "blas" in os.path.basename(path).lower():
                paths.add(os.path.realpath(path))
    return sorted(paths)


def main():
    torch.set_num_threads(1)
    a, b = torch.rand(32, 784), torch.rand(784, 128)
    for _ in range(200):
        a @ b
    calls, started = 0, time.perf_counter()
    while time.perf_counter() - started < 1.0:
        for _ in range(100):
            a @ b
        calls += 100
    seconds = time.perf_counter() - started
    libraries = loaded_blas()
    kind = "openblas" if any("openblas" in path for path in libraries) else (
        "mkl" if any("mkl" in path for path in libraries) else "reference" if libraries else "unknown")
    print(json.dumps({
        "torch": torch.__version__,
        "blas": kind,
        "libraries": libraries,
        "matmulGflops": 2 * 32 * 784 * 128 * calls / seconds / 1e9,
    }))


if __name__ == "__main__":
    main()
