/* Standard normals in batches of d, in plain C: the same work as the wasm's fillNormal (xoshiro256** +
 * 32-bit tries of the 1024-layer ziggurat, common.h's normal_fill), one scalar stream. Usage: normal_fill D -> prints {"nsPerDraw": ...}. */
#include "common.h"

static int d;
static double *out;

static void fill(void) {
  normal_fill(out, d);
}

int main(int argc, char **argv) {
  d = argc > 1 ? atoi(argv[1]) : 1024;
  zig_init();
  seed_stream(1, 0);
  out = alloc_doubles(d);
  const double us = median_us_per_call(fill, 5);
  printf("{\"nsPerDraw\": %.6f, \"check\": %.3f}\n", us * 1e3 / d, out[d / 2]);
  return 0;
}
