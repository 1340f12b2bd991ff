/* The single-neuron online-SGD step of assembly/neuron.ts on the MCM, in plain C: the same work as one
 * step of the wasm's neuronRunChunk -- one fresh sample (xoshiro256** + ziggurat normals, the O(d) MCM
 * sampler with the sign coupling), ReLU with the correlation loss, the spherical step
 * w <- (k w - c x) / |k w - c x| with k = 1 + c z, c = eta l'(z), and the per-step weak-recovery check
 * (w.m, w.u, w.v of the new weights, as the wasm's tracked update computes them).
 * Usage: neuron_step D -> prints {"usPerStep": ...}. */
#include "common.h"

static mcm model;
static double *w, *x;
static double eta, threshold = 1.0;
static long recovered;

static void step(void) {
  const int d = model.d;
  const double y = mcm_sample(&model, x);
  const double z = dot(w, x, d);
  const double c = eta * (z > 0 ? -y : 0.0); /* correlation loss: l'(z) = -y sigma'(z), ReLU */
  const double keep = 1.0 + c * z;
  double overlap[3];
  spherical_step(&model, w, x, keep, c, overlap);
  if (overlap[0] >= threshold || overlap[1] >= threshold || overlap[2] >= threshold) recovered++;
}

int main(int argc, char **argv) {
  const int d = argc > 1 ? atoi(argv[1]) : 1024;
  zig_init();
  seed_stream(1, 0);
  model = mcm_create(d, 1, 5, 5);
  seed_stream(1, 1);
  w = alloc_doubles(d);
  x = alloc_doubles(d);
  for (int i = 0; i < d; i++) w[i] = normal();
  normalise(w, d);
  eta = 1.0 / d;
  const double us = median_us_per_call(step, 5);
  printf("{\"usPerStep\": %.6f, \"check\": %ld}\n", us, recovered);
  return 0;
}
