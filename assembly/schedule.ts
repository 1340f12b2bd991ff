// Checkpoint schedules. Learning happens on log scales (docs/science.md section 4), so a run is measured on a
// geometric grid of steps, computed here with AssemblyScript's Math so that every host gets the same grid.
import { at } from "./memory";

/**
 * Writes the grid {0} u {round(steps^(i / (points - 2))) : i = 0..points-2} (the last one forced to
 * `steps`), sorted and without repeats, into out (at most `points` doubles); returns its length.
 * steps >= 1 and points >= 2 (points = 2 gives {0, steps}).
 */
export function geometricGrid(steps: f64, points: i32, out: usize): i32 {
  store<f64>(out, 0.0);
  let n = 1;
  const intervals = points - 2;
  const logSteps = Math.log(steps);
  for (let i = 0; i <= intervals; i++) {
    const t = i == intervals ? steps : Math.round(Math.exp((logSteps * <f64>i) / <f64>intervals));
    if (t > load<f64>(at(out, n - 1))) {
      store<f64>(at(out, n), t);
      n++;
    }
  }
  return n;
}
