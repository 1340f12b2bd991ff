/* One online-SGD step of the two-layer network of assembly/network.ts (batch 1), in plain C: the same
 * work as the wasm's networkRunChunk step -- one fresh MCM sample (as in neuron_step.c), the forward pass
 * z_k = w_k.x, f = sum_k a_k sigma(z_k) + b (erf activation, square loss), then per row the spherical step
 * w_k <- (k w_k - c x) / |k w_k - c x| with c = etaW r a_k sigma'(z_k), k = 1 + c z_k, tracking w_k.m,
 * w_k.u, w_k.v for the weak-recovery check; then the second layer a_k -= etaA r sigma(z_k) and the bias.
 * Usage: network_step D K -> prints {"usPerStep": ...}. */
#include "common.h"

static mcm model;
static int K;
static double *W, *x, *a, *zk, *act;
static double b, eta_w, eta_a, threshold = 1.0;
static long recovered;

static void step(void) {
  const int d = model.d;
  const double y = mcm_sample(&model, x);
  double f = b;
  for (int k = 0; k < K; k++) {
    zk[k] = dot(W + (size_t)k * d, x, d);
    act[k] = erf(zk[k] / sqrt(2.0)) ;
    f += a[k] * act[k];
  }
  const double r = f - y; /* square loss */
  double best_m = 0, best_u = 0, best_v = 0;
  for (int k = 0; k < K; k++) {
    const double slope = sqrt(2.0 / M_PI) * exp(-0.5 * zk[k] * zk[k]);
    const double c = eta_w * r * a[k] * slope;
    const double keep = 1.0 + c * zk[k];
    double overlap[3];
    spherical_step(&model, W + (size_t)k * d, x, keep, c, overlap);
    best_m = fmax(best_m, overlap[0]);
    best_u = fmax(best_u, overlap[1]);
    best_v = fmax(best_v, overlap[2]);
  }
  for (int k = 0; k < K; k++) a[k] -= eta_a * r * act[k];
  b -= eta_a * r;
  if (best_m >= threshold || best_u >= threshold || best_v >= threshold) recovered++;
}

int main(int argc, char **argv) {
  const int d = argc > 1 ? atoi(argv[1]) : 1024;
  K = argc > 2 ? atoi(argv[2]) : 4;
  zig_init();
  seed_stream(1, 0);
  model = mcm_create(d, 1, 5, 5);
  seed_stream(1, 1);
  W = alloc_doubles(K * d);
  x = alloc_doubles(d);
  a = alloc_doubles(K);
  zk = alloc_doubles(K);
  act = alloc_doubles(K);
  for (int k = 0; k < K; k++) {
    for (int i = 0; i < d; i++) W[(size_t)k * d + i] = normal();
    normalise(W + (size_t)k * d, d);
    a[k] = 1.0 / K;
  }
  eta_w = 1.0 / d;
  eta_a = 1.0 / K;
  const double us = median_us_per_call(step, 5);
  printf("{\"usPerStep\": %.6f, \"check\": %ld}\n", us, recovered);
  return 0;
}
