// Weak recovery (docs/science.md section 4): the first step at which |alpha_e| >= threshold, per direction
// e = m, u, v. The record is 3 doubles, -1 while not found; learners update it after every step while
// any direction is still open (the dots it needs come out of the fused row update for free).
import { at } from "./memory";

/** Records `step` for each open direction whose |alpha| reached the threshold; returns how many stay open. */
export function recordRecovery(recovery: usize, alphaM: f64, alphaU: f64, alphaV: f64, threshold: f64, step: f64): i32 {
  let open = 0;
  for (let e = 0; e < 3; e++) {
    const o = <usize>e << 3;
    if (load<f64>(recovery + o) >= 0) continue;
    const alpha = e == 0 ? alphaM : e == 1 ? alphaU : alphaV;
    if (Math.abs(alpha) >= threshold) store<f64>(recovery + o, step);
    else open++;
  }
  return open;
}

export function recoveryCreate(): usize {
  const r = heap.alloc(24);
  for (let e = 0; e < 3; e++) store<f64>(at(r, e), -1.0);
  return r;
}
