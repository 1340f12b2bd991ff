/* One online-SGD step of tensor PCA with the O(d) noise sampler (assembly/tensorpca.ts, sampled mode), in
 * plain C: the same work as one step of the wasm's tensorPcaRun -- a = w.v, G = sqrt(p) z +
 * sqrt(beta) p a^(p-1) v with z ~ N(0, I_d) (ziggurat normals), G_s = G - (G.w) w, w <- (w + eta G_s) /
 * |w + eta G_s|, and the overlap w.v for the weak-recovery check.
 * Usage: tensorpca_step D P -> prints {"usPerStep": ...}. */
#include "common.h"

static int d, p;
static double *w, *v, *g;
static double sqrt_beta = 2.0, eta, threshold = 2.0;
static long recovered;

static void step(void) {
  const double a = dot(w, v, d);
  const double sqrt_p = sqrt((double)p);
  normal_fill(g, d);
  for (int i = 0; i < d; i++) g[i] *= sqrt_p;
  double ap = 1.0;
  for (int k = 0; k < p - 1; k++) ap *= a;
  const double signal = sqrt_beta * p * ap;
  for (int i = 0; i < d; i++) g[i] += signal * v[i];
  const double gw = dot(g, w, d);
  for (int i = 0; i < d; i++) g[i] -= gw * w[i];
  for (int i = 0; i < d; i++) w[i] += eta * g[i];
  const double r2 = dot(w, w, d);
  const double inv = 1.0 / sqrt(r2);
  for (int i = 0; i < d; i++) w[i] *= inv;
  if (fabs(dot(w, v, d)) >= threshold) recovered++;
}

int main(int argc, char **argv) {
  d = argc > 1 ? atoi(argv[1]) : 1024;
  p = argc > 2 ? atoi(argv[2]) : 3;
  zig_init();
  seed_stream(1, 0);
  w = alloc_doubles(d);
  v = alloc_doubles(d);
  g = alloc_doubles(d);
  for (int i = 0; i < d; i++) v[i] = normal();
  normalise(v, d);
  seed_stream(1, 1);
  for (int i = 0; i < d; i++) w[i] = normal();
  normalise(w, d);
  eta = pow(d, -0.5 * p);
  const double us = median_us_per_call(step, 5);
  printf("{\"usPerStep\": %.6f, \"check\": %ld}\n", us, recovered);
  return 0;
}
