// Compiled by test/types.test.ts against the published declarations (dist/types): configs as a user
// writes them type-check, and an unknown kind is a compile-time error (each @ts-expect-error below must
// meet an error, or tsc fails with "Unused '@ts-expect-error' directive").
import { init, type ExperimentConfigInput, type ModelConfigInput } from "../../dist/types/index.js";

export const staircase: ExperimentConfigInput = {
  $schema: "../node_modules/stairs/dist/config.schema.json",
  model: { kind: "mcm", d: 256, betaM: 2, coupling: "sign", latent: { kind: "skewed", r: 0.3 } },
  learner: { kind: "network", hidden: 4, secondLayer: "trained", bias: true },
  steps: 512_000,
  replicas: 24,
};
export const tensor: ExperimentConfigInput = { model: { kind: "tensor-pca", d: 64, order: 3 }, learner: { kind: "tensor-pca", noise: "explicit" }, steps: 1000 };
export const model: ModelConfigInput = { d: 16, coupling: { kind: "partial", p: 0.5 } };

// @ts-expect-error: no model kind "nope"
export const badKind: ExperimentConfigInput = { model: { kind: "nope", d: 16 }, steps: 10 };
// @ts-expect-error: no coupling "sine"
export const badCoupling: ModelConfigInput = { d: 16, coupling: "sine" };
// @ts-expect-error: an unknown field
export const badField: ExperimentConfigInput = { model: { d: 16, betaX: 1 }, steps: 10 };
// @ts-expect-error: a tensor-PCA model takes the tensor-PCA learner
export const badPair: ExperimentConfigInput = { model: { kind: "tensor-pca", d: 16 }, learner: { kind: "neuron" }, steps: 10 };

export async function calls(): Promise<void> {
  const stairs = await init();
  await stairs.run(staircase);
  // @ts-expect-error: the API's parameters are typed too
  await stairs.run({ model: { kind: "nope" }, steps: 10 });
  // @ts-expect-error: steps is required
  stairs.runReplica({ model: { d: 16 } }, 0);
}
