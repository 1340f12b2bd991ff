"""The single-neuron online-SGD step on the mixed cumulant model as a NumPy script would write it: one
fresh sample per step, vectorised within the step (online SGD is sequential across steps). Prints the
median microseconds per step of 5 timed batches as JSON. Used by bench/run.ts as the NumPy baseline;
bench only, never a dependency of the project."""
import json
import sys
import time

import numpy as np

d = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
beta_m, beta_u, beta_v = 1.0, 5.0, 5.0
c = 1 - 1 / np.sqrt(1 + beta_v)
v_signal = np.sqrt(beta_v / (1 + beta_v))
rng = np.random.default_rng(1)
m, u, v = np.linalg.qr(rng.standard_normal((d, 3)))[0].T
w = rng.standard_normal(d)
w /= np.linalg.norm(w)
eta = 1 / d


def step(w):
    y = 1.0 if rng.random() < 0.5 else -1.0
    x = rng.standard_normal(d)
    if y > 0:
        lam = rng.standard_normal()
        nu = 1.0 if lam > 0 else -1.0  # sign coupling
        x = x + beta_m * m + np.sqrt(beta_u) * lam * u + (v_signal * nu - c * (v @ x)) * v
    pre = w @ x
    g = -y * (1.0 if pre > 0 else 0.0) * x  # ReLU, correlation loss
    g_s = g - (g @ w) * w
    w = w - eta * g_s
    return w / np.linalg.norm(w)


steps = 2000
for _ in range(steps):  # warm-up
    w = step(w)
samples = []
for _ in range(5):
    t0 = time.perf_counter()
    for _ in range(steps):
        w = step(w)
    samples.append((time.perf_counter() - t0) / steps * 1e6)
print(json.dumps({"usPerStep": sorted(samples)[2], "numpy": np.__version__}))
