/* Shared by the C baselines of bench/ (npm run bench compiles them with the system cc, -O3 and
 * -O3 -march=native, and times them in the same run as the wasm).
 *
 * The same sampler family as the wasm (assembly/random.ts, assembly/model.ts): xoshiro256** seeded by
 * splitmix64; batches of normals (a sample's noise, normal_fill) as 32-bit tries of a 1024-layer ziggurat,
 * two per generator output (the wasm's numeric contract 4 takes four per step of its two SIMD lanes), with
 * the same tables, wedge and tail; a scalar normal (a latent) from a 64-bit try of a 128-layer ziggurat in
 * Doornik's double-precision form; and the mixed cumulant model's O(d) sampler with the rank-one
 * whitening. Written as a C programmer would write it: one scalar stream, plain loops; the compiler
 * vectorises what it may (without -ffast-math it may not reassociate the dot products). */
#ifndef BENCH_C_COMMON_H
#define BENCH_C_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t s0, s1, s2, s3;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t next_u64(void) {
  const uint64_t result = rotl(s1 * 5, 7) * 9;
  const uint64_t t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 45);
  return result;
}

static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static void seed_stream(uint64_t seed, uint64_t index) {
  const uint64_t golden = 0x9E3779B97F4A7C15ull;
  uint64_t key = mix64(mix64(seed) + (index + 1) * golden);
  s0 = mix64(key += golden);
  s1 = mix64(key += golden);
  s2 = mix64(key += golden);
  s3 = mix64(key += golden);
}

static inline double uniform(void) { return (double)(next_u64() >> 11) * 0x1.0p-53; }
static inline double uniform_positive(void) { return (double)((next_u64() >> 11) + 1) * 0x1.0p-53; }

/* A ziggurat of `layers` layers (R, V: Doornik 2005 for 128, assembly/random.ts for 1024). */
typedef struct {
  int layers;
  double r, x[1025], ratio[1024];
} ziggurat;
static ziggurat zig128, zig1024;

static void zig_build(ziggurat *z, int layers, double r, double v) {
  z->layers = layers;
  z->r = r;
  double f = exp(-0.5 * r * r);
  z->x[0] = v / f;
  z->x[1] = r;
  z->x[layers] = 0.0;
  for (int i = 2; i < layers; i++) {
    z->x[i] = sqrt(-2.0 * log(v / z->x[i - 1] + f));
    f = exp(-0.5 * z->x[i] * z->x[i]);
  }
  for (int i = 0; i < layers; i++) z->ratio[i] = z->x[i + 1] / z->x[i];
}

static void zig_init(void) {
  zig_build(&zig128, 128, 3.442619855899, 9.91256303526217e-3);
  zig_build(&zig1024, 1024, 4.0388498461095045, 1.226324646353088e-3);
}

/* A try that missed its rectangle: the tail or the wedge, then further 64-bit tries. */
static double normal_slow(const ziggurat *z, double u, int i) {
  for (;;) {
    if (i == 0) {
      double x, y;
      do {
        x = log(uniform_positive()) / z->r;
        y = log(uniform_positive());
      } while (-2.0 * y < x * x);
      return u < 0 ? x - z->r : z->r - x;
    }
    const double x = u * z->x[i];
    const double f0 = exp(-0.5 * (z->x[i] * z->x[i] - x * x));
    const double f1 = exp(-0.5 * (z->x[i + 1] * z->x[i + 1] - x * x));
    if (f1 + uniform() * (f0 - f1) < 1.0) return x;
    const uint64_t bits = next_u64();
    u = (double)(bits >> 11) * 0x1.0p-52 - 1.0;
    i = (int)(bits & (uint64_t)(z->layers - 1));
    if (fabs(u) < z->ratio[i]) return u * z->x[i];
  }
}

/* A scalar normal: one u64 per try, 53 bits for u in [-1, 1), the low 7 bits for the layer. */
static inline double normal(void) {
  const uint64_t bits = next_u64();
  const double u = (double)(bits >> 11) * 0x1.0p-52 - 1.0;
  const int i = (int)(bits & 0x7F);
  if (fabs(u) < zig128.ratio[i]) return u * zig128.x[i];
  return normal_slow(&zig128, u, i);
}

/* One 32-bit try h of the 1024-layer ziggurat: the layer from its low 10 bits, u from its top 22 (at the
 * middle of its cell, as in the wasm). */
static inline double normal_try32(uint32_t h) {
  const double u = (double)(h >> 10) * 0x1.0p-21 - (1.0 - 0x1.0p-22);
  const int i = (int)(h & 0x3FF);
  if (fabs(u) < zig1024.ratio[i]) return u * zig1024.x[i];
  return normal_slow(&zig1024, u, i);
}

/* n normals into out, two tries per generator output (low half, then high half). */
static inline void normal_fill(double *out, int n) {
  int i = 0;
  for (; i + 1 < n; i += 2) {
    const uint64_t bits = next_u64();
    out[i] = normal_try32((uint32_t)bits);
    out[i + 1] = normal_try32((uint32_t)(bits >> 32));
  }
  if (i < n) out[i] = normal();
}

/* The MCM of assembly/model.ts with the Rademacher latent and the sign coupling (threshold 0). */
typedef struct {
  int d;
  double prior, beta_m, sqrt_beta_u, v_signal, whitening;
  double *m, *u, *v;
} mcm;

static double dot(const double *a, const double *b, int d) {
  double s = 0;
  for (int i = 0; i < d; i++) s += a[i] * b[i];
  return s;
}

static void normalise(double *x, int d) {
  const double inv = 1.0 / sqrt(dot(x, x, d));
  for (int i = 0; i < d; i++) x[i] *= inv;
}

static mcm mcm_create(int d, double beta_m, double beta_u, double beta_v) {
  mcm model = {d, 0.5, beta_m, sqrt(beta_u), sqrt(beta_v / (1 + beta_v)), 1 - 1 / sqrt(1 + beta_v), 0, 0, 0};
  double **spikes[3] = {&model.m, &model.u, &model.v};
  for (int k = 0; k < 3; k++) {
    double *e = *spikes[k] = aligned_alloc(64, sizeof(double) * ((d + 7) & ~7));
    for (int i = 0; i < d; i++) e[i] = normal();
    for (int j = 0; j < k; j++) {
      const double *f = *spikes[j];
      const double p = dot(e, f, d);
      for (int i = 0; i < d; i++) e[i] -= p * f[i];
    }
    normalise(e, d);
  }
  return model;
}

/* One sample into x: y, then d normals, then lambda, nu = sign(lambda), the whitening and the spikes. */
static double mcm_sample(const mcm *model, double *x) {
  const int d = model->d;
  const double y = uniform() < model->prior ? 1.0 : -1.0;
  normal_fill(x, d);
  if (y > 0) {
    const double lambda = normal();
    const double nu = lambda > 0 ? 1.0 : -1.0;
    const double vz = dot(model->v, x, d);
    const double a = model->beta_m, b = model->sqrt_beta_u * lambda, e = model->v_signal * nu - model->whitening * vz;
    for (int i = 0; i < d; i++) x[i] += a * model->m[i] + b * model->u[i] + e * model->v[i];
  }
  return y;
}

/* The spherical step of the neuron and network baselines (the wasm's tracked update): w <- (keep w - c x) /
 * |keep w - c x|, and the new w's overlaps |w.m|, |w.u|, |w.v| into overlaps[0..2]. */
static inline void spherical_step(const mcm *model, double *w, const double *x, double keep, double c,
                                  double overlaps[3]) {
  const int d = model->d;
  const double *m = model->m, *u = model->u, *v = model->v;
  double ss = 0, wm = 0, wu = 0, wv = 0;
  for (int i = 0; i < d; i++) {
    const double wi = keep * w[i] - c * x[i];
    w[i] = wi;
    ss += wi * wi;
    wm += wi * m[i];
    wu += wi * u[i];
    wv += wi * v[i];
  }
  const double inv = 1.0 / sqrt(ss);
  for (int i = 0; i < d; i++) w[i] *= inv;
  overlaps[0] = fabs(wm * inv);
  overlaps[1] = fabs(wu * inv);
  overlaps[2] = fabs(wv * inv);
}

static double *alloc_doubles(int n) { return aligned_alloc(64, sizeof(double) * ((n + 7) & ~7)); }

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec * 1e-3;
}

static int compare_doubles(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The median over `repeats` batches of us per call of step(), batches long enough (>= 50 ms) to swamp the
 * timer; the same statistic as bench/harness.ts's measure(). */
static double median_us_per_call(void (*step)(void), int repeats) {
  long calls = 1;
  for (;;) {
    const double t0 = now_us();
    for (long i = 0; i < calls; i++) step();
    if (now_us() - t0 > 50e3) break;
    calls *= 2;
  }
  double samples[64];
  for (int r = 0; r < repeats; r++) {
    const double t0 = now_us();
    for (long i = 0; i < calls; i++) step();
    samples[r] = (now_us() - t0) / (double)calls;
  }
  qsort(samples, repeats, sizeof(double), compare_doubles);
  return samples[repeats / 2];
}

#endif
