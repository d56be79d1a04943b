"""The seed job in PyTorch on one CPU thread, as the benchmark's reference row.

Same network (784-128-128-10, Glorot-uniform kernels, zero biases), Adam (lr 1e-3, eps 1e-7), batch 32, shuffled
epochs. Usage: python3 torch_fmnist.py DATA_DIR EPOCHS. Prints one JSON document.
"""
import gzip
import json
import resource
import sys
import time

import numpy as np
import torch


def read_idx(path, header_bytes):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8)[header_bytes:]


def main():
    data_dir, epochs = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(1)
    torch.manual_seed(0)
    images = torch.tensor(read_idx(f"{data_dir}/train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255)
    labels = torch.tensor(read_idx(f"{data_dir}/train-labels-idx1-ubyte.gz", 8).astype(np.int64))
    test_images = torch.tensor(read_idx(f"{data_dir}/t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255)
    test_labels = torch.tensor(read_idx(f"{data_dir}/t10k-labels-idx1-ubyte.gz", 8).astype(np.int64))

    layers = [torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)]
    for layer in layers:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()

    epoch_seconds = []
    for _ in range(epochs):
        started = time.perf_counter()
        order = torch.randperm(len(labels))
        for start in range(0, len(labels), 32):
            batch = order[start:start + 32]
            optimizer.zero_grad()
            loss_fn(model(images[batch]), labels[batch]).backward()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - started)
    with torch.no_grad():
        test_acc = (model(test_images).argmax(1) == test_labels).float().mean().item()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"epochSeconds": epoch_seconds, "testAcc": test_acc, "peakRssMB": peak_rss_mb,
                      "torch": torch.__version__}))


main()
